// HTML of a post → clean markdown, through the unified trees:
// rehype-parse → (postbound's checks and rewrites) → to-markdown.ts
// (rehype-sanitize → rehype-remark → remark-gfm → remark-stringify).
// What the sanitiser would drop silently (scripts, event handlers, script
// links) is counted first, so the report can say what was removed.
import type { Element, ElementContent, Root, RootContent } from 'hast';
import rehypeParse from 'rehype-parse';
import { unified } from 'unified';

export { treeToMarkdown } from './to-markdown.ts';

export interface Removed {
  scripts: number;
  handlers: number;
  unsafeLinks: number;
  embeds: number;
}

export interface HtmlHooks {
  /** The local path (relative to the post file) for an image, or undefined when it could not be imported. */
  image: (src: string) => string | undefined;
  /** A new href for a link (e.g. to another imported post), or undefined to keep it. */
  link: (href: string) => string | undefined;
}

const parser = unified().use(rehypeParse, { fragment: true });

/** URL schemes that run code or smuggle documents: never kept in a link or an image. */
const UNSAFE_URL = /^\s*(?:javascript|vbscript|data|file):/i;
/** Inline pictures postbound can store (SVG may carry script, so it is not one of them). */
const RASTER_DATA = /^\s*data:image\/(?:png|jpe?g|gif|webp);/i;
const IMAGE_FILE = /\.(?:jpe?g|png|gif|webp|avif|bmp|tiff?)(?:[?#].*)?$/i;

export function parseHtml(html: string): Root {
  return parser.parse(html) as Root;
}

/** Every <img src> in document order (after the unsafe ones are gone), for the caller to fetch or copy. */
export function imageSources(tree: Root): string[] {
  const out: string[] = [];
  walk(tree, (el) => {
    const src = el.properties.src;
    if (el.tagName === 'img' && typeof src === 'string' && (!UNSAFE_URL.test(src) || RASTER_DATA.test(src))) out.push(src);
  });
  return out;
}

function walk(node: Root | Element, visit: (el: Element) => void): void {
  for (const child of node.children) {
    if (child.type === 'element') {
      visit(child);
      walk(child, visit);
      if (child.content) walk(child.content, visit);
    }
  }
}

/** Removes what is unsafe, counting it; returns the counts. */
export function clean(tree: Root): Removed {
  const removed: Removed = { scripts: 0, handlers: 0, unsafeLinks: 0, embeds: 0 };
  const fix = (parent: Root | Element): void => {
    const out: RootContent[] = [];
    for (const child of parent.children) {
      if (child.type !== 'element') {
        out.push(child);
        continue;
      }
      const tag = child.tagName;
      if (tag === 'script' || tag === 'noscript') {
        removed.scripts++;
        continue;
      }
      if (tag === 'style') continue;
      for (const key of Object.keys(child.properties)) {
        if (/^on[A-Z]/.test(key) || /^on/i.test(key)) {
          delete child.properties[key];
          removed.handlers++;
        }
      }
      if (tag === 'iframe' || tag === 'object' || tag === 'embed') {
        removed.embeds++;
        const src = String(child.properties.src ?? child.properties.data ?? '');
        // A video or map embed: keep a plain link to it in its place.
        if (/^https?:\/\//i.test(src)) out.push(h('p', [h('a', [{ type: 'text', value: src }], { href: src })]));
        continue;
      }
      const urlKey = tag === 'img' ? 'src' : 'href';
      const url = child.properties[urlKey];
      if (typeof url === 'string' && UNSAFE_URL.test(url) && !(tag === 'img' && RASTER_DATA.test(url))) {
        removed.unsafeLinks++;
        if (tag === 'img') continue;
        fix(child);
        out.push(...(child.children as RootContent[]));
        continue;
      }
      fix(child);
      if (child.content) fix(child.content);
      out.push(child);
    }
    parent.children = out as ElementContent[];
  };
  fix(tree);
  return removed;
}

function h(tagName: string, children: ElementContent[], properties: Element['properties'] = {}): Element {
  return { type: 'element', tagName, properties, children };
}

/** Rewrites images and links through the hooks; an image that could not be imported becomes a link to where it was. */
export function rewrite(tree: Root, hooks: HtmlHooks): void {
  const fix = (parent: Root | Element): void => {
    const out: RootContent[] = [];
    for (const original of parent.children) {
      if (original.type !== 'element') {
        out.push(original);
        continue;
      }
      const child = original.tagName === 'figure' ? figureToImage(original) : original;
      if (child.tagName === 'a' && isImageLink(child)) {
        // WordPress wraps an image in a link to its own full-size file; the
        // imported copy stands alone (and a lone image becomes a figure).
        fix(child);
        out.push(...(child.children as RootContent[]));
        continue;
      }
      if (child.tagName === 'img') {
        const src = String(child.properties.src ?? '');
        const local = src ? hooks.image(src) : undefined;
        if (local) {
          child.properties = {
            src: local,
            alt: String(child.properties.alt ?? ''),
            ...(child.properties.title ? { title: String(child.properties.title) } : {}),
          };
          out.push(child);
        } else if (/^https?:\/\//i.test(src)) {
          const alt = String(child.properties.alt ?? '').trim();
          out.push(h('a', [{ type: 'text', value: `Image: ${alt || src.split('/').pop() || 'picture'}` }], { href: src }));
          // its caption stays in the text
          const title = String(child.properties.title ?? '').trim();
          if (title) out.push({ type: 'text', value: ` (${title})` });
        }
        continue;
      }
      if (child.tagName === 'a' && typeof child.properties.href === 'string') {
        const next = hooks.link(child.properties.href);
        if (next !== undefined) child.properties.href = next;
      }
      fix(child);
      out.push(child);
    }
    parent.children = out as ElementContent[];
  };
  fix(tree);
}

/**
 * <figure><img><figcaption>…</figcaption></figure> (WordPress blocks, most
 * feeds) → a paragraph holding only the image, its caption as the title: the
 * markdown postbound turns back into a figure.
 */
function figureToImage(figure: Element): Element {
  const images: Element[] = [];
  let caption = '';
  const find = (node: Element): void => {
    for (const c of node.children) {
      if (c.type !== 'element') continue;
      if (c.tagName === 'img') images.push(c);
      else if (c.tagName === 'figcaption') caption = textOf(c);
      else find(c);
    }
  };
  find(figure);
  if (images.length !== 1 || hasOtherText(figure)) return figure;
  const img = images[0];
  if (caption && !img.properties.title) img.properties.title = caption;
  return h('p', [img]);
}

/** Text in a figure outside its caption: such a figure is more than a picture and stays as it is. */
function hasOtherText(node: Element): boolean {
  return node.children.some((c) =>
    c.type === 'text' ? c.value.trim() !== '' : c.type === 'element' && c.tagName !== 'figcaption' && hasOtherText(c),
  );
}

function textOf(node: Element): string {
  let text = '';
  for (const c of node.children) text += c.type === 'text' ? c.value : c.type === 'element' ? textOf(c) : '';
  return text.replace(/\s+/g, ' ').trim();
}

function isImageLink(a: Element): boolean {
  const href = String(a.properties.href ?? '');
  const content = a.children.filter((c) => !(c.type === 'text' && c.value.trim() === ''));
  return IMAGE_FILE.test(href) && content.length === 1 && content[0].type === 'element' && content[0].tagName === 'img';
}

/** Plain text of an HTML fragment (summaries): markup gone, whitespace collapsed. */
export function htmlText(html: string): string {
  const tree = parseHtml(html);
  clean(tree);
  const parts: string[] = [];
  const collect = (node: Root | Element): void => {
    for (const c of node.children) {
      if (c.type === 'text') parts.push(c.value);
      else if (c.type === 'element') {
        collect(c);
        if (/^(p|br|div|li|h[1-6])$/.test(c.tagName)) parts.push(' ');
      }
    }
  };
  collect(tree);
  return parts.join('').replace(/\s+/g, ' ').trim();
}

/** How many elements of each tag name the tree holds (before anything is removed), for the ledger. */
export function elementKinds(tree: Root): Map<string, number> {
  const kinds = new Map<string, number>();
  walk(tree, (el) => kinds.set(el.tagName, (kinds.get(el.tagName) ?? 0) + 1));
  return kinds;
}

const INLINE_MARKS = new Set(['em', 'i', 'strong', 'b', 'del', 's', 'strike', 'a', 'mark', 'u', 'code', 'kbd', 'sub', 'sup']);
const URL_IN_TEXT = /https?:\/\/[^\s<>"]*[^\s<>".,;:!?)\]'’]/g;

/**
 * What makes markdown noisy, fixed in the tree rather than in the text:
 * spaces at the edges of emphasis move outside it (`*Right,* and`, not
 * `_Right,&#x20;_&#x61;nd`), a no-break space beside a space is a space, and a
 * bare address in the text becomes a link (`<https://…>`, not `https\://`).
 */
export function tidy(tree: Root): void {
  const fix = (parent: Root | Element, inLink: boolean): void => {
    const out: RootContent[] = [];
    for (const child of parent.children) {
      if (child.type === 'text') {
        // (not \s, which takes in the no-break space itself: verse indents are runs of them)
        const value = child.value.replace(/\u00a0(?=[ \t\n])|(?<=[ \t\n])\u00a0/g, ' ');
        out.push(...(inLink ? [{ ...child, value }] : linkify(value)));
        continue;
      }
      if (child.type !== 'element') {
        out.push(child);
        continue;
      }
      if (child.tagName === 'pre' || child.tagName === 'code') {
        out.push(child);
        continue;
      }
      fix(child, inLink || child.tagName === 'a');
      if (INLINE_MARKS.has(child.tagName)) {
        const [lead, trail] = edges(child);
        if (lead) out.push({ type: 'text', value: lead });
        out.push(child);
        if (trail) out.push({ type: 'text', value: trail });
        continue;
      }
      out.push(child);
    }
    parent.children = out as ElementContent[];
  };
  fix(tree, false);
}

/** Takes the whitespace off both ends of an inline element's text; returns what was taken. */
function edges(el: Element): [string, string] {
  const first = el.children[0];
  const last = el.children.at(-1);
  let lead = '';
  let trail = '';
  if (first?.type === 'text') {
    lead = /^[\s\u00a0]*/.exec(first.value)?.[0] ?? '';
    first.value = first.value.slice(lead.length);
  }
  if (last?.type === 'text') {
    trail = /[\s\u00a0]*$/.exec(last.value)?.[0] ?? '';
    last.value = last.value.slice(0, last.value.length - trail.length);
  }
  const norm = (s: string) => (s ? ' ' : '');
  return [norm(lead), norm(trail)];
}

function linkify(value: string): RootContent[] {
  const out: RootContent[] = [];
  let at = 0;
  for (const m of value.matchAll(URL_IN_TEXT)) {
    if (m.index > at) out.push({ type: 'text', value: value.slice(at, m.index) });
    out.push(h('a', [{ type: 'text', value: m[0] }], { href: m[0] }));
    at = m.index + m[0].length;
  }
  if (at < value.length) out.push({ type: 'text', value: value.slice(at) });
  return out;
}
