// hast → the HTML subset MOBI 6 readers understand (mobi-format.md §4.2): no CSS, no
// classes, HTML 3.2-era elements. Internal links and anchors come out as markers that
// the writer turns into byte offsets (filepos) once the whole book is laid out.
// Nothing here sets a background colour, so Kindles keep their white page.
import type { Element, ElementContent, Root, RootContent } from 'hast';

/** Marks the byte position of a link target: `\0A<key>\0`. */
export const NUL = String.fromCharCode(0);

export const anchorMark = (key: string) => `${NUL}A${key}${NUL}`;
/** Stands for the 10-digit filepos of a target: `\0L<key>\0`. */
export const linkMark = (key: string) => `${NUL}L${key}${NUL}`;

/** The key of an element id inside a chapter (the chapter itself uses its bare id). */
export const targetKey = (chapterId: string, fragment?: string) => (fragment ? `${chapterId}#${fragment}` : chapterId);

export interface MobiImage {
  /** 1-based index from the first image record (§4.4). */
  recindex: number;
  width: number;
  height: number;
}

export type LinkTarget = { key: string } | { href: string } | null;

export interface MobimlOptions {
  /** Id of the chapter being converted: prefixes its anchor keys. */
  chapterId: string;
  /** Where a link goes; called for every `<a>` with an href or `data-post-ref`. */
  resolveLink?: (el: Element) => LinkTarget;
  /** The image record for an `<img>`; null drops the image and keeps its alt text. */
  resolveImage?: (el: Element) => MobiImage | null;
}

const KEEP = new Set([
  'p',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'ul',
  'ol',
  'li',
  'table',
  'tr',
  'td',
  'th',
  'caption',
  'sub',
  'sup',
  'u',
  'small',
  'big',
  'b',
  'i',
  'div',
]);
const RENAME: Record<string, string> = {
  em: 'i',
  strong: 'b',
  cite: 'i',
  dfn: 'i',
  var: 'i',
  code: 'tt',
  kbd: 'tt',
  samp: 'tt',
  del: 'strike',
  s: 'strike',
  ins: 'u',
  mark: 'b',
  dt: 'b',
  dd: 'blockquote',
  dl: 'div',
  section: 'div',
  article: 'div',
  aside: 'div',
  header: 'div',
  footer: 'div',
  main: 'div',
  nav: 'div',
  details: 'div',
  summary: 'b',
};
const DROP = new Set([
  'script',
  'style',
  'template',
  'iframe',
  'object',
  'embed',
  'video',
  'audio',
  'svg',
  'math',
  'button',
  'form',
  'noscript',
  'head',
  'title',
  'meta',
  'link',
]);
/** Containers that disappear but keep their children. */
const UNWRAP = new Set([
  'span',
  'thead',
  'tbody',
  'tfoot',
  'html',
  'body',
  'picture',
  'abbr',
  'time',
  'label',
  'small-caps',
  'colgroup',
]);

export function escapeText(s: string): string {
  return s
    .normalize('NFC')
    .replaceAll(NUL, '')
    .replace(/\u00ad/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

const escapeAttr = (s: string) => escapeText(s).replace(/"/g, '&quot;');

function prop(el: Element, name: string): string | undefined {
  const v = el.properties?.[name];
  if (v === undefined || v === null || v === false) return undefined;
  return Array.isArray(v) ? v.join(' ') : String(v);
}

/** Convert a hast tree (a post body) to MobiML with anchor and link markers. */
export function toMobiml(tree: Root | Element | ElementContent[], options: MobimlOptions): string {
  const out: string[] = [];
  const nodes = Array.isArray(tree) ? tree : tree.type === 'root' ? tree.children : [tree];
  for (const n of nodes) convert(n, options, out, false);
  return out.join('');
}

function children(el: Element | Root, o: MobimlOptions, out: string[], pre: boolean) {
  for (const c of el.children) convert(c as RootContent, o, out, pre);
}

function convert(node: RootContent, o: MobimlOptions, out: string[], pre: boolean): void {
  if (node.type === 'text') {
    if (!pre) {
      out.push(escapeText(node.value.replace(/\s+/g, ' ')));
      return;
    }
    // white-space: pre has no MOBI equivalent: keep spaces as NBSPs and lines as <br/> (§4.2).
    const lines = node.value.split('\n');
    out.push(lines.map((l) => escapeText(l).replace(/ /g, '&#160;').replace(/\t/g, '&#160;&#160;&#160;&#160;')).join('<br/>'));
    return;
  }
  if (node.type !== 'element') return;
  const el = node;
  const tag = el.tagName;
  if (DROP.has(tag)) return;
  const id = prop(el, 'id');
  if (id) out.push(anchorMark(targetKey(o.chapterId, id)));

  switch (tag) {
    case 'br':
      out.push('<br/>');
      return;
    case 'hr':
      out.push('<hr/>');
      return;
    case 'img':
      image(el, o, out);
      return;
    case 'a':
      link(el, o, out, pre);
      return;
    case 'pre':
      out.push('<blockquote><tt>');
      children(el, o, out, true);
      out.push('</tt></blockquote>');
      return;
    case 'figure':
      out.push('<div align="center">');
      children(el, o, out, pre);
      out.push('</div>');
      return;
    case 'figcaption':
      out.push('<p align="center"><i>');
      children(el, o, out, pre);
      out.push('</i></p>');
      return;
    case 'input':
      if (prop(el, 'type') === 'checkbox') out.push(el.properties?.checked ? '[x] ' : '[ ] ');
      return;
    case 'q':
      out.push('“');
      children(el, o, out, pre);
      out.push('”');
      return;
    case 'table':
      out.push('<table border="1">');
      children(el, o, out, pre);
      out.push('</table>');
      return;
    case 'td':
    case 'th': {
      const attrs: string[] = [];
      for (const a of ['colSpan', 'rowSpan'] as const) {
        const v = prop(el, a);
        if (v && v !== '1') attrs.push(` ${a.toLowerCase()}="${escapeAttr(v)}"`);
      }
      const align = prop(el, 'align') ?? /text-align:\s*(left|right|center)/.exec(prop(el, 'style') ?? '')?.[1];
      if (align) attrs.push(` align="${escapeAttr(align)}"`);
      out.push(`<${tag}${attrs.join('')}>`);
      children(el, o, out, pre);
      out.push(`</${tag}>`);
      return;
    }
    case 'ol': {
      const start = prop(el, 'start');
      out.push(start ? `<ol start="${escapeAttr(start)}">` : '<ol>');
      children(el, o, out, pre);
      out.push('</ol>');
      return;
    }
  }
  if (UNWRAP.has(tag) || !(KEEP.has(tag) || tag in RENAME)) {
    // Unknown elements keep their content; an unknown block would lose its line break,
    // which is better than losing text.
    children(el, o, out, pre);
    return;
  }
  const name = RENAME[tag] ?? tag;
  out.push(`<${name}>`);
  children(el, o, out, pre);
  out.push(`</${name}>`);
}

function link(el: Element, o: MobimlOptions, out: string[], pre: boolean) {
  const target = o.resolveLink ? o.resolveLink(el) : defaultLink(el, o);
  if (target && 'key' in target) out.push(`<a filepos=${linkMark(target.key)}>`);
  else if (target && 'href' in target) out.push(`<a href="${escapeAttr(target.href)}">`);
  else {
    children(el, o, out, pre);
    return;
  }
  children(el, o, out, pre);
  out.push('</a>');
}

/** In-page fragments stay in the chapter; absolute URLs stay links; the rest is dropped. */
export function defaultLink(el: Element, o: MobimlOptions): LinkTarget {
  const href = prop(el, 'href');
  if (!href) return null;
  if (href.startsWith('#')) return { key: targetKey(o.chapterId, decodeURIComponent(href.slice(1))) };
  if (/^(https?|mailto):/i.test(href)) return { href };
  return null;
}

function image(el: Element, o: MobimlOptions, out: string[]) {
  const img = o.resolveImage?.(el) ?? null;
  if (!img) {
    const alt = prop(el, 'alt');
    if (alt) out.push(`<i>[${escapeText(alt)}]</i>`);
    return;
  }
  const alt = prop(el, 'alt') ?? '';
  out.push(
    `<img recindex="${String(img.recindex).padStart(5, '0')}" width="${img.width}" height="${img.height}" alt="${escapeAttr(alt)}"/>`,
  );
}
