// The shortcodes core WordPress registers (wp-includes/media.php, embed.php),
// expanded into the HTML the block editor writes for the same thing, so that
// one path (wp-html.ts) turns both into markdown: [caption], [gallery] from
// the attachments in the export, [audio], [video], [playlist], [embed], and a
// provider URL alone on its line (WordPress's auto-embed).
import type { Ledger } from './ledger.ts';

export interface Attachment {
  id: string;
  url: string;
  /** post_title, HTML. */
  title: string;
  /** post_excerpt: the caption, HTML. */
  caption: string;
  alt: string;
  parent?: string;
}

export interface ShortcodeContext {
  /** Slug of the post, for the ledger. */
  post: string;
  /** WordPress id of the post (for `[gallery]` without ids: its attached images). */
  id?: string;
  attachments: Map<string, Attachment>;
  ledger: Ledger;
  /** Classic content only: block content holds embed URLs on their own lines inside its figures. */
  autoEmbed: boolean;
}

/** Attributes of a shortcode tag: name="value", name='value' or name=value. */
export function shortcodeAttrs(text: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  const re = /([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s\]]+))/g;
  for (let m = re.exec(text); m; m = re.exec(text)) attrs[m[1].toLowerCase()] = m[2] ?? m[3] ?? m[4] ?? '';
  return attrs;
}

// `&` is left alone: shortcode values hold HTML entities (&quot;, &#8217;) that the HTML parser decodes.
const escapeAttr = (s: string) => s.replace(/"/g, '&quot;').replace(/</g, '&lt;');

const IMAGE = /\.(?:jpe?g|png|gif|webp|avif|bmp|tiff?)$/i;
const AUDIO = /\.(?:mp3|ogg|oga|m4a|wav|wma|flac|aac|opus)$/i;
const VIDEO = /\.(?:mp4|m4v|webm|ogv|mov|wmv|flv|3gp)$/i;
const path = (url: string) => url.split(/[?#]/)[0];

/** Hosts WordPress embeds when their URL stands alone on a line (wp-includes/class-wp-oembed.php's providers, the common ones). */
const PROVIDERS =
  /^https?:\/\/(?:www\.|m\.)?(?:youtube\.com|youtu\.be|vimeo\.com|dailymotion\.com|flickr\.com|soundcloud\.com|open\.spotify\.com|twitter\.com|x\.com|instagram\.com|tiktok\.com|ted\.com|wordpress\.tv|mixcloud\.com|reddit\.com|slideshare\.net|speakerdeck\.com|issuu\.com|tumblr\.com|videopress\.com|kickstarter\.com|imgur\.com|cloudup\.com|scribd\.com|amazon\.com|pinterest\.com|bsky\.app|mastodon\.social)\//i;

const figure = (kind: string, inner: string, caption = '') =>
  `\n\n<figure class="wp-block-${kind}">${inner}${caption ? `<figcaption>${caption}</figcaption>` : ''}</figure>\n\n`;

const embedFigure = (url: string, caption = '') =>
  figure('embed', `<div class="wp-block-embed__wrapper">${escapeAttr(url)}</div>`, caption);

const mediaFigure = (tag: 'audio' | 'video', src: string, poster: string | undefined, caption = '') =>
  figure(tag, `<${tag} src="${escapeAttr(src)}"${poster ? ` poster="${escapeAttr(poster)}"` : ''}></${tag}>`, caption);

/** Expands the core shortcodes in classic-editor content; the ones left are reported by the caller. */
export function expandShortcodes(html: string, ctx: ShortcodeContext): string {
  let out = html.replace(
    /\[(caption|wp_caption)([^\]]*)\]([\s\S]*?)\[\/\1\]/gi,
    (_all, name: string, attrs: string, inner: string) => caption(name, attrs, inner, ctx),
  );
  out = out.replace(/\[embed([^\]]*)\]\s*(\S+?)\s*\[\/embed\]/gi, (all, _attrs: string, url: string) => {
    if (!/^https?:\/\//i.test(url)) return lose(ctx, '[embed]', all, 'no address to link to; kept as text');
    ctx.ledger.convert(ctx.post, '[embed]');
    return embedFigure(url);
  });
  out = out.replace(/\[(audio|video)(\s[^\]]*)?\](?:([\s\S]*?)\[\/\1\])?/gi, (all, name: string, attrs = '') => {
    const tag = name.toLowerCase() as 'audio' | 'video';
    const a = shortcodeAttrs(attrs);
    const test = tag === 'audio' ? AUDIO : VIDEO;
    const src = a.src ?? Object.entries(a).find(([k, v]) => k !== 'poster' && test.test(`.${k}`) && v)?.[1];
    if (!src) return lose(ctx, `[${tag}]`, all, `no ${tag} file named in it; kept as text`);
    ctx.ledger.convert(ctx.post, `[${tag}]`);
    return mediaFigure(tag, src, a.poster);
  });
  out = out.replace(/\[(gallery|playlist)(\s[^\]]*)?\]/gi, (all, name: string, attrs = '') =>
    name.toLowerCase() === 'gallery' ? gallery(all, shortcodeAttrs(attrs), ctx) : playlist(all, shortcodeAttrs(attrs), ctx),
  );
  if (!ctx.autoEmbed) return out;
  // WordPress's auto-embed: a provider's URL alone on its line.
  return out.replace(/^[ \t]*(https?:\/\/[^\s<>"]+)[ \t]*$/gm, (line, url: string) => {
    if (!PROVIDERS.test(url)) return line;
    ctx.ledger.convert(ctx.post, 'auto-embed');
    return embedFigure(url);
  });
}

function lose(ctx: ShortcodeContext, kind: string, text: string, what: string): string {
  ctx.ledger.lose(ctx.post, kind, `${text}: ${what}`);
  return text;
}

/**
 * [caption …]<img …> Caption[/caption] becomes a paragraph holding only the
 * image with the caption as its title, which postbound renders as a figure.
 * The caption text is the content after the image (or the older
 * `caption="…"` attribute), markup stripped.
 */
function caption(name: string, rawAttrs: string, inner: string, ctx: ShortcodeContext): string {
  const kind = `[${name.toLowerCase()}]`;
  const attrs = shortcodeAttrs(rawAttrs);
  const img = /<img\b[^>]*>/i.exec(inner);
  if (!img) {
    ctx.ledger.convert(ctx.post, kind);
    return inner;
  }
  const after = inner.slice(img.index + img[0].length).replace(/^\s*<\/a>/i, '');
  const text = (attrs.caption ?? after)
    .replace(/<[^>]*>/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  const link = /<a\b[^>]*>\s*$/i.exec(inner.slice(0, img.index));
  let tag = img[0].replace(/\s+title\s*=\s*("[^"]*"|'[^']*')/i, '');
  if (text) tag = tag.replace(/^<img\b/i, `<img title="${escapeAttr(text)}"`);
  // A [caption] wraps the image in a link to its full size: keep the link only when it goes elsewhere.
  const wrapped = link ? `${link[0]}${tag}</a>` : tag;
  ctx.ledger.convert(ctx.post, kind);
  return `\n\n<p>${wrapped}</p>\n\n`;
}

/** The attachments a [gallery] or [playlist] names (`ids`, `include`), or those attached to the post. */
function chosen(all: string, attrs: Record<string, string>, ctx: ShortcodeContext, kind: string, fits: RegExp): Attachment[] {
  const ids = (attrs.ids ?? attrs.include ?? '').split(/[\s,]+/).filter(Boolean);
  const exclude = new Set((attrs.exclude ?? '').split(/[\s,]+/).filter(Boolean));
  const parent = attrs.id ?? ctx.id;
  let list: Attachment[];
  if (ids.length) {
    list = [];
    for (const id of ids) {
      const hit = ctx.attachments.get(id);
      if (hit) list.push(hit);
      else ctx.ledger.lose(ctx.post, kind, `${all}: attachment ${id} is not in the export; left out`);
    }
  } else {
    list = [...ctx.attachments.values()]
      .filter((a) => a.parent !== undefined && a.parent === parent)
      .sort((a, b) => Number(a.id) - Number(b.id) || a.id.localeCompare(b.id));
  }
  return list.filter((a) => !exclude.has(a.id) && fits.test(path(a.url)));
}

function gallery(all: string, attrs: Record<string, string>, ctx: ShortcodeContext): string {
  const images = chosen(all, attrs, ctx, '[gallery]', IMAGE);
  if (!images.length) return lose(ctx, '[gallery]', all, 'none of its images is in the export; kept as text');
  ctx.ledger.convert(ctx.post, '[gallery]');
  const items = images.map((a) =>
    figure('image', `<img src="${escapeAttr(a.url)}" alt="${escapeAttr(a.alt)}">`, a.caption).trim(),
  );
  return figure('gallery', items.join(''));
}

function playlist(all: string, attrs: Record<string, string>, ctx: ShortcodeContext): string {
  const tag = attrs.type === 'video' ? 'video' : 'audio';
  const tracks = chosen(all, attrs, ctx, '[playlist]', tag === 'video' ? VIDEO : AUDIO);
  if (!tracks.length) return lose(ctx, '[playlist]', all, `none of its ${tag} files is in the export; kept as text`);
  ctx.ledger.convert(ctx.post, '[playlist]');
  return tracks.map((a) => mediaFigure(tag, a.url, undefined, a.caption || a.title)).join('');
}
