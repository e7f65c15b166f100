// WordPress's own HTML (blocks, and the shortcodes expanded into the same
// shape) turned into HTML that has a markdown form: embeds and media become a
// link with what the reader is missing said in words (a book cannot play
// them), a poster image when there is one; verse keeps its lines and its
// emphasis; block-editor footnotes get their text from the post's
// `footnotes` meta; buttons without a link become their words.
import type { Element, ElementContent, Root, RootContent, Text } from 'hast';
import type { Ledger } from './ledger.ts';

export interface Footnote {
  id: string;
  /** HTML. */
  content: string;
}

export interface WpHtmlContext {
  post: string;
  ledger: Ledger;
  /** The `footnotes` meta of the post (WordPress 6.3+), when it has one. */
  footnotes?: Footnote[];
  /** Parses an HTML fragment (the footnote texts). */
  parse: (html: string) => Root;
}

const h = (tagName: string, children: ElementContent[], properties: Element['properties'] = {}): Element => ({
  type: 'element',
  tagName,
  properties,
  children,
});
const text = (value: string): Text => ({ type: 'text', value });

const classes = (el: Element): string[] => {
  const c = el.properties.className;
  return Array.isArray(c) ? c.map(String) : typeof c === 'string' ? String(c).split(/\s+/) : [];
};

function textOf(node: Element | Root): string {
  let out = '';
  for (const c of node.children) out += c.type === 'text' ? c.value : c.type === 'element' ? textOf(c) : '';
  return out.replace(/\s+/g, ' ').trim();
}

function find(node: Element | Root, test: (el: Element) => boolean): Element | undefined {
  for (const c of node.children) {
    if (c.type !== 'element') continue;
    if (test(c)) return c;
    const deeper = find(c, test);
    if (deeper) return deeper;
  }
  return undefined;
}

const PROVIDER_NAMES: Record<string, string> = {
  youtube: 'YouTube',
  'youtu.be': 'YouTube',
  vimeo: 'Vimeo',
  soundcloud: 'SoundCloud',
  spotify: 'Spotify',
  twitter: 'Twitter',
  x: 'X',
  tiktok: 'TikTok',
  wordpress: 'WordPress.tv',
  dailymotion: 'Dailymotion',
  flickr: 'Flickr',
  instagram: 'Instagram',
};

function provider(el: Element, url: string): string {
  const slug = classes(el)
    .find((c) => c.startsWith('is-provider-'))
    ?.slice('is-provider-'.length);
  let host = '';
  try {
    host = new URL(url).hostname.replace(/^(www|m|open)\./, '');
  } catch {
    host = '';
  }
  const key =
    slug ??
    host
      .split('.')
      .slice(0, host === 'youtu.be' ? 2 : 1)
      .join('.');
  return PROVIDER_NAMES[key] ?? host;
}

const fileName = (url: string) => decodeURIComponent(url.split(/[?#]/)[0].split('/').pop() || url);

/** Rewrites the tree in place. */
export function wordpressHtml(tree: Root, ctx: WpHtmlContext): void {
  const labels = new Map<string, string>();
  const fix = (parent: Root | Element): void => {
    const out: RootContent[] = [];
    for (const child of parent.children) {
      if (child.type !== 'element') {
        out.push(child);
        continue;
      }
      const replaced = replace(child, ctx, labels);
      if (replaced) {
        out.push(...replaced);
        continue;
      }
      fix(child);
      out.push(child);
    }
    parent.children = out as ElementContent[];
  };
  fix(tree);
  footnoteList(tree, ctx, labels);
}

function replace(el: Element, ctx: WpHtmlContext, labels: Map<string, string>): RootContent[] | undefined {
  const cls = classes(el);
  const media = el.tagName === 'video' || el.tagName === 'audio' ? el : undefined;
  if (el.tagName === 'figure' || media) {
    const wrapper = media ? undefined : find(el, (e) => classes(e).includes('wp-block-embed__wrapper'));
    if (wrapper || cls.includes('wp-block-embed')) return embed(el, wrapper ?? el, ctx);
    const player = media ?? find(el, (e) => e.tagName === 'video' || e.tagName === 'audio');
    if (player) return mediaLink(player, media ? '' : captionOf(el), ctx);
    return undefined;
  }
  if (el.tagName === 'pre' && cls.includes('wp-block-verse')) {
    ctx.ledger.convert(ctx.post, 'verse');
    return [h('p', verseLines(el.children))];
  }
  if (el.tagName === 'a' && cls.includes('wp-block-file__button')) {
    // The file block repeats its link as a "Download" button: the first link is kept.
    ctx.ledger.convert(ctx.post, 'file download button');
    return [];
  }
  if (el.tagName === 'a' && (el.properties.href === undefined || el.properties.href === '')) {
    if (cls.includes('wp-block-button__link')) ctx.ledger.convert(ctx.post, 'button without link');
    return el.children as RootContent[];
  }
  if (el.tagName === 'sup' && typeof el.properties.dataFn === 'string') return footnoteRef(el, ctx, labels);
  if (el.tagName === 'acronym') {
    // HTML 5 folded <acronym> into <abbr>; old posts (and WordPress's own test data) still use it
    el.tagName = 'abbr';
    return undefined;
  }
  return undefined;
}

function captionOf(el: Element): string {
  const caption = find(el, (e) => e.tagName === 'figcaption');
  return caption ? textOf(caption) : '';
}

function embed(figure: Element, wrapper: Element, ctx: WpHtmlContext): RootContent[] {
  const url = textOf(wrapper).split(' ')[0] ?? '';
  if (!/^https?:\/\//i.test(url)) {
    ctx.ledger.lose(ctx.post, 'embed', `an embed without an address (${textOf(figure).slice(0, 60)})`);
    return [h('p', [text(textOf(figure))])];
  }
  ctx.ledger.convert(ctx.post, 'embed');
  const caption = captionOf(figure);
  const video = classes(figure).includes('is-type-video');
  const name = provider(figure, url);
  const lead = `${video ? 'Video' : 'Embedded'}${name ? ` on ${name}` : ''}: `;
  const children: ElementContent[] = [text(lead), h('a', [text(caption || url)], { href: url })];
  if (video) children.push(text(' (a video; follow the link to watch it)'));
  return [h('p', children)];
}

function mediaLink(player: Element, caption: string, ctx: WpHtmlContext): RootContent[] {
  const tag = player.tagName as 'video' | 'audio';
  const source = find(player, (e) => e.tagName === 'source' && typeof e.properties.src === 'string');
  const src = String(player.properties.src ?? source?.properties.src ?? '');
  if (find(player, (e) => e.tagName === 'track'))
    ctx.ledger.lose(ctx.post, '<track>', `the subtitles of ${fileName(src)} (a <track>) were not imported`);
  if (!/^https?:\/\/|^\//i.test(src)) {
    ctx.ledger.lose(ctx.post, `<${tag}>`, `a <${tag}> without a file to link to${caption ? ` ("${caption}")` : ''}`);
    return caption ? [h('p', [text(caption)])] : [];
  }
  ctx.ledger.convert(ctx.post, `<${tag}>`);
  const out: RootContent[] = [];
  const poster = typeof player.properties.poster === 'string' ? player.properties.poster : '';
  if (poster) {
    const alt = `Poster frame of the video${caption ? `: ${caption}` : ''}`;
    out.push(h('p', [h('img', [], { src: poster, alt, ...(caption ? { title: caption } : {}) })]));
  }
  const what = tag === 'video' ? 'a video; follow the link to watch it' : 'a recording; follow the link to listen to it';
  out.push(
    h('p', [
      text(tag === 'video' ? 'Video: ' : 'Audio: '),
      h('a', [text(caption || fileName(src))], { href: src }),
      text(` (${what})`),
    ]),
  );
  return out;
}

/** Verse keeps its line breaks and indents as a paragraph with breaks, and its emphasis and links. */
function verseLines(children: ElementContent[]): ElementContent[] {
  const out: ElementContent[] = [];
  let lineStart = true;
  for (const c of children) {
    if (c.type !== 'text') {
      if (c.type === 'element') c.children = verseLines(c.children);
      out.push(c);
      lineStart = false;
      continue;
    }
    const lines = c.value.replace(/^\n/, '').split('\n');
    lines.forEach((line, i) => {
      if (i > 0) {
        out.push(h('br', []));
        lineStart = true;
      }
      const indented = lineStart ? line.replace(/^ +/, (s) => '\u00a0'.repeat(s.length)) : line;
      if (indented) out.push(text(indented));
      if (line) lineStart = false;
    });
  }
  return out;
}

function footnoteRef(el: Element, ctx: WpHtmlContext, labels: Map<string, string>): RootContent[] {
  const id = String(el.properties.dataFn);
  const note = ctx.footnotes?.find((f) => f.id === id);
  if (!note) {
    ctx.ledger.lose(
      ctx.post,
      'footnote',
      `footnote ${textOf(el)} has no text in the export (no "footnotes" meta entry ${id}); its number was kept`,
    );
    return [h('sup', [text(textOf(el))])];
  }
  let label = labels.get(id);
  if (!label) {
    label = String(labels.size + 1);
    labels.set(id, label);
  }
  ctx.ledger.convert(ctx.post, 'footnote');
  return [h('sup', [text(label)], { dataFn: label })];
}

/** The footnote texts, at the end, in the order of their first reference; the markdown writes them as `[^1]: …`. */
function footnoteList(tree: Root, ctx: WpHtmlContext, labels: Map<string, string>): void {
  const notes = ctx.footnotes ?? [];
  for (const note of notes) {
    if (!labels.has(note.id))
      ctx.ledger.lose(
        ctx.post,
        'footnote',
        `footnote text "${textOf(ctx.parse(note.content)).slice(0, 60)}" is referenced nowhere in the post`,
      );
  }
  if (!labels.size) return;
  const items = [...labels].map(([id, label]) => {
    const note = notes.find((n) => n.id === id) as Footnote;
    return h('div', ctx.parse(note.content).children as ElementContent[], { dataFn: label });
  });
  tree.children.push(h('section', items, { dataFootnotes: true }));
}
