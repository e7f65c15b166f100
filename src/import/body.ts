// One post's body: WordPress's stored content made into the HTML a reader saw
// (shortcodes, wpautop), the block editor's HTML and meta made into HTML that
// has a markdown form, images stored, links rewritten, then markdown. Every
// element, shortcode, block and meta field met on the way goes into the
// ledger, converted or lost; each loss is a message naming the post.
import type { SourceEntry, SourceFeed } from './entries.ts';
import { clean, elementKinds, imageSources, parseHtml, type Removed, rewrite, tidy, treeToMarkdown } from './html.ts';
import type { ImportReport } from './import.ts';
import type { Ledger } from './ledger.ts';
import type { MediaStore } from './media.ts';
import { note } from './messages.ts';
import { type Attachment, expandShortcodes } from './shortcodes.ts';
import { CONVERTED_ELEMENTS } from './to-markdown.ts';
import { autop, blockUses, findShortcodes, hasBlocks } from './wordpress.ts';
import { type Footnote, wordpressHtml } from './wp-html.ts';

export interface BodyContext {
  feed: SourceFeed;
  media: MediaStore;
  links: (href: string, from: SourceEntry) => string | undefined;
  report: ImportReport;
  attachments: Map<string, Attachment>;
}

/** Core blocks whose saved HTML is the whole of what they show: converted with that HTML. */
const STATIC_BLOCKS = new Set(
  (
    'paragraph heading list list-item image gallery quote pullquote verse preformatted code table details columns column ' +
    'group row stack buttons button separator spacer media-text embed video audio file html shortcode freeform cover ' +
    'text-columns subhead footnotes missing'
  ).split(' '),
);
/** Blocks WordPress draws when the page is shown: the export holds no text for them. */
const DYNAMIC_BLOCKS = new Set(
  (
    'latest-posts latest-comments archives calendar categories tag-cloud rss search page-list navigation query ' +
    'post-template post-title post-content post-date post-excerpt post-featured-image post-author loginout ' +
    'social-links social-link site-title site-logo site-tagline block template-part comments avatar'
  ).split(' '),
);
const UNSAFE_ELEMENTS = new Set(['script', 'noscript', 'style', 'template']);
/** Handled, and counted, by wp-html.ts and clean(). */
const HANDLED_ELEMENTS = new Set(['video', 'audio', 'track', 'source', 'iframe', 'object', 'embed']);

export async function convertBody(entry: SourceEntry, slug: string, ctx: BodyContext, where: number | undefined) {
  const { report } = ctx;
  const ledger = report.ledger;
  const file = report.file;
  const lost = (kind: string, what: string) => {
    if (ledger.lose(slug, kind, what)) note(file, 'import-lost', `${slug}: ${what}`, where);
  };
  let html = entry.html;
  let footnotes: Footnote[] | undefined;
  if (entry.wordpress) {
    const blocks = hasBlocks(html);
    const expanded = expandShortcodes(html, {
      post: slug,
      id: entry.wpId,
      attachments: ctx.attachments,
      ledger,
      autoEmbed: !blocks,
    });
    footnotes = readMeta(entry, expanded, slug, ctx, lost);
    if (blocks) countBlocks(html, slug, ledger, lost, footnotes !== undefined);
    else countMarkers(html, lost);
    html = expanded;
    if (!blocks) html = autop(html);
    for (const code of findShortcodes(html)) {
      ledger.lose(slug, `[${code.name}]`, `shortcode ${code.text} kept as text`);
      report.shortcodes.push({ post: entry.title, shortcode: code.text });
      note(file, 'import-shortcode', `${slug}: shortcode ${code.text} kept as text`, where);
    }
  }
  if (entry.comments)
    lost(
      'comments',
      `${entry.comments} approved comment${entry.comments > 1 ? 's were' : ' was'} not imported: postbound posts have no comments`,
    );
  if (entry.password)
    lost(
      'password',
      'the post was password-protected in WordPress: it is imported as a draft; remove `draft: true` to publish it to everyone',
    );
  if (entry.titleHtml && /<[a-z][^>]*>/i.test(entry.titleHtml))
    lost('title markup', `the markup of the title ${JSON.stringify(entry.titleHtml)} was removed: a title is plain text`);
  const tree = parseHtml(html);
  countElements(tree, slug, ledger, lost);
  const removed = clean(tree);
  reportRemoved(entry, slug, removed, report, where);
  if (entry.wordpress) wordpressHtml(tree, { post: slug, ledger, footnotes, parse: parseHtml });
  tidy(tree);
  const base = entry.link ?? ctx.feed.base;
  const local = new Map<string, string>();
  const tried = new Set<string>();
  for (const src of imageSources(tree)) {
    if (tried.has(src)) continue;
    tried.add(src);
    const stored = await storeImage(src, base, entry, ctx, where);
    if (stored) local.set(src, stored);
  }
  rewrite(tree, { image: (src) => local.get(src), link: (href) => ctx.links(href, entry) });
  return treeToMarkdown(tree);
}

/** `footnotes` is converted; WordPress's own `_…` keys are bookkeeping; any other field is reported with its value. */
function readMeta(
  entry: SourceEntry,
  html: string,
  slug: string,
  ctx: BodyContext,
  lost: (kind: string, what: string) => void,
): Footnote[] | undefined {
  let footnotes: Footnote[] | undefined;
  for (const { key, value } of entry.meta) {
    if (key === 'footnotes') {
      try {
        const list = JSON.parse(value) as unknown;
        if (!Array.isArray(list)) throw new Error('not a list');
        footnotes = list
          .filter((f): f is Footnote => typeof f?.id === 'string' && typeof f?.content === 'string')
          .map((f) => ({ id: f.id, content: f.content }));
        ctx.report.ledger.convert(slug, 'meta footnotes');
      } catch {
        lost('meta footnotes', 'the "footnotes" meta is not the JSON list WordPress writes; the footnote texts are lost');
      }
    } else if (key === '_thumbnail_id') {
      const image = ctx.attachments.get(value.trim());
      // the featured image is often also the first picture of the post
      const file = image?.url.split(/[?#]/)[0].replace(/\.[a-z0-9]+$/i, '');
      if (file && html.includes(file)) {
        ctx.report.ledger.convert(slug, 'meta _thumbnail_id');
        continue;
      }
      lost(
        'meta _thumbnail_id',
        `the featured image (${image?.url ?? `attachment ${value.trim()}, not in the export`}) was not imported: a postbound post has no featured image; put it in the text if it matters`,
      );
    } else if (key.startsWith('_')) {
      ctx.report.ledger.ignore(slug, `meta ${key}`);
    } else {
      const shown = value.replace(/\s+/g, ' ').trim();
      lost(
        `meta ${key}`,
        `the custom field "${key}" (${JSON.stringify(shown.length > 60 ? `${shown.slice(0, 60)}…` : shown)}) was not imported: copy it into the text if it matters`,
      );
    }
  }
  return footnotes;
}

function countBlocks(
  html: string,
  slug: string,
  ledger: Ledger,
  lost: (kind: string, what: string) => void,
  hasFootnotes: boolean,
): void {
  for (const { name, attrs } of blockUses(html)) {
    const kind = `wp:${name}`;
    if (name === 'footnotes' && !hasFootnotes) lost(kind, 'the footnotes block has no "footnotes" meta to read the texts from');
    else if (name === 'more' || name === 'nextpage')
      lost(
        kind,
        `the ${name === 'more' ? '"read more" break' : 'page break'} was not kept: a postbound post is one page (set \`summary:\` for a teaser)`,
      );
    else if (name === 'block')
      lost(kind, `a reusable block (ref ${String(attrs.ref ?? '?')}) was not imported: paste its content into the post`);
    else if (DYNAMIC_BLOCKS.has(name))
      lost(kind, `the ${kind} block was left out: WordPress draws it when the page is shown, so the export holds no text for it`);
    else if (STATIC_BLOCKS.has(name)) ledger.convert(slug, kind);
    else
      lost(kind, `the ${kind} block is not a core block: its saved HTML was converted, what the plugin adds on the page was not`);
  }
}

/** The classic editor's markers, HTML comments that would vanish with the other comments. */
function countMarkers(html: string, lost: (kind: string, what: string) => void): void {
  if (/<!--more(?:\s[^>]*)?-->/.test(html))
    lost('wp:more', 'the "read more" break was not kept: a postbound post is one page (set `summary:` for a teaser)');
  if (/<!--nextpage-->/.test(html)) lost('wp:nextpage', 'the page breaks were not kept: a postbound post is one page');
}

function countElements(
  tree: ReturnType<typeof parseHtml>,
  slug: string,
  ledger: Ledger,
  lost: (kind: string, what: string) => void,
) {
  for (const [tag, n] of elementKinds(tree)) {
    const kind = `<${tag}>`;
    if (CONVERTED_ELEMENTS.has(tag) || tag === 'acronym') ledger.convert(slug, kind, n);
    else if (HANDLED_ELEMENTS.has(tag)) {
      if (tag === 'source' || tag === 'iframe' || tag === 'object' || tag === 'embed') ledger.convert(slug, kind, n);
    } else if (UNSAFE_ELEMENTS.has(tag)) {
      // scripts are reported by import-unsafe-html; a style sheet is presentation
      ledger.lose(slug, kind, `${n} <${tag}> element${n > 1 ? 's' : ''} removed`);
    } else lost(kind, `${n} <${tag}> element${n > 1 ? 's' : ''}: the markup was not kept, the text was`);
  }
}

function reportRemoved(entry: SourceEntry, slug: string, removed: Removed, report: ImportReport, where: number | undefined) {
  const file = report.file;
  const unsafe = removed.scripts + removed.handlers + removed.unsafeLinks;
  for (const key of Object.keys(removed) as (keyof Removed)[]) report.removed[key] += removed[key];
  if (unsafe) {
    const parts = [
      removed.scripts && `${removed.scripts} script${removed.scripts > 1 ? 's' : ''}`,
      removed.handlers && `${removed.handlers} event handler${removed.handlers > 1 ? 's' : ''}`,
      removed.unsafeLinks && `${removed.unsafeLinks} javascript:/data: link${removed.unsafeLinks > 1 ? 's' : ''}`,
    ].filter(Boolean);
    note(file, 'import-unsafe-html', `"${entry.title}": removed ${parts.join(', ')}`, where);
  }
  if (removed.embeds) note(file, 'import-embed', `${slug}: ${removed.embeds} embedded frame(s) replaced by links`, where, 'info');
}

async function storeImage(
  src: string,
  base: string | undefined,
  entry: SourceEntry,
  ctx: BodyContext,
  where: number | undefined,
): Promise<string | undefined> {
  const { report } = ctx;
  const file = report.file;
  const result = await ctx.media.resolve(src, base);
  if (result.unsafeName) {
    report.unsafeNames.push({ post: entry.title, src: result.unsafeName, name: result.name ?? '' });
    note(
      file,
      'import-unsafe-name',
      `"${entry.title}": image name ${JSON.stringify(result.unsafeName)} tried to leave its folder${result.name ? `; stored as content/images/${result.name}` : ''}`,
      where,
    );
  }
  if (!result.name) {
    report.missingImages.push({ post: entry.title, src, reason: result.missing ?? 'not found' });
    note(file, 'import-missing-image', `"${entry.title}": image ${src} not imported: ${result.missing}`, where);
    return undefined;
  }
  const stored = `content/images/${result.name}`;
  if (!report.images.files.includes(stored)) {
    report.images.files.push(stored);
    if (result.fetched) report.images.fetched++;
    else report.images.copied++;
    if (result.converted) report.images.converted++;
  }
  if (result.converted) {
    note(
      file,
      'import-converted-image',
      `"${entry.title}": ${src} (${result.converted}) converted to content/images/${result.name}`,
      where,
      'info',
    );
  }
  if (result.kept)
    note(
      file,
      'import-kept-image',
      `"${entry.title}": content/images/${result.name} differs from the imported image; kept`,
      where,
      'info',
    );
  return `../images/${result.name}`;
}
