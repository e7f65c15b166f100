// One post's hast, made fit to share a single HTML document with every other
// chapter: ids prefixed with the post's slug, in-post and cross-post links pointed
// at those ids, images pointed at their print variants. Works on a clone: the
// model is shared with the other targets.
import { createHash } from 'node:crypto';
import type { Element, Root } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { visit } from 'unist-util-visit';
import { breakLongRuns } from './long-runs.ts';

export interface PostHtmlOptions {
  /** The post's slug, which prefixes every id in it. */
  slug: string;
  /** Slugs of the posts printed in this book. */
  inBook: ReadonlySet<string>;
  /** The blog address of a post that is not in the book (links to it go there). */
  postUrl?(slug: string): string;
  /** URL of the print variant of an asset, by asset id. */
  imageSrc(assetId: string): string | undefined;
  /** Whether the picture prints turned on a page of its own (src/pdf/trim.ts turnedPage). */
  turned?(assetId: string): boolean;
}

/**
 * Longest id, in bytes as Chromium writes it, that the book document uses.
 * Chromium names a PDF destination after the link's URL fragment, percent-encoded
 * (src/pdf/pdf-file.ts reads them back), and a PDF name may be at most 127 bytes
 * (ISO 32000-1 Annex C.2; poppler warns "name token is longer than what the
 * specification says it can be", and some readers drop the destination).
 */
export const MAX_ID_BYTES = 127;

/** Bytes of `id` as a URL fragment: encodeURIComponent encodes a superset of what the fragment set does. */
export const idBytes = (id: string) => encodeURIComponent(id).length;

/**
 * The id a fragment of post `slug` gets in the book document: `slug--fragment`.
 * One that would be longer than MAX_ID_BYTES is cut at a character and ends in
 * a hash of the whole id, so it stays unique and the same from build to build.
 */
export function bookId(slug: string, fragment?: string): string {
  const id = fragment ? `${slug}--${fragment}` : slug;
  if (idBytes(id) <= MAX_ID_BYTES) return id;
  const hash = createHash('sha1').update(id).digest('hex').slice(0, 10);
  let kept = '';
  for (const ch of id) {
    if (idBytes(kept + ch) > MAX_ID_BYTES - hash.length - 1) break;
    kept += ch;
  }
  return `${kept.replace(/-+$/, '')}-${hash}`;
}

const HEADING = /^h([1-6])$/;
const ID_LIST_PROPS = ['ariaDescribedBy', 'ariaLabelledBy', 'htmlFor'] as const;

export function rewritePost(hast: Root, options: PostHtmlOptions): Root {
  const tree = structuredClone(hast);
  const { slug } = options;
  const prefix = (id: string) => bookId(slug, id);
  // Chapter titles are h1 in the book, so the post's own headings start at h2.
  let top = 7;
  visit(tree, 'element', (node: Element) => {
    const m = HEADING.exec(node.tagName);
    if (m && node.properties.dataFootnotes === undefined) top = Math.min(top, Number(m[1]));
  });
  const shift = top <= 6 ? 2 - top : 0;

  visit(tree, 'element', (node: Element) => {
    const props = node.properties;
    if (typeof props.id === 'string' && props.id) props.id = prefix(props.id);
    for (const key of ID_LIST_PROPS) {
      const value: unknown = props[key];
      if (Array.isArray(value)) props[key] = value.map((v) => prefix(String(v)));
      else if (typeof value === 'string') props[key] = value.split(/\s+/).map(prefix);
    }
    if (node.tagName === 'a') rewriteLink(node, options, prefix);
    if (node.tagName === 'img') rewriteImage(node, options);
    const m = HEADING.exec(node.tagName);
    if (m) {
      if (props.id === prefix('footnote-label')) {
        // remark-rehype's hidden footnote heading would otherwise show in the outline
        node.tagName = 'p';
        props.className = ['footnotes-title'];
      } else if (shift) node.tagName = `h${Math.min(6, Math.max(2, Number(m[1]) + shift))}`;
    }
  });
  if (options.turned) turnFigures(tree, options.turned);
  breakLongRuns(tree);
  return tree;
}

/** The image a figure or paragraph holds and nothing else (a caption aside). */
function soleImage(node: Element): Element | undefined {
  if (node.tagName !== 'figure' && node.tagName !== 'p') return undefined;
  const elements = node.children.filter((c): c is Element => c.type === 'element');
  const text = node.children.some((c) => c.type === 'text' && c.value.trim() !== '');
  const images = elements.filter((e) => e.tagName === 'img');
  const others = elements.filter((e) => e.tagName !== 'img' && !(node.tagName === 'figure' && e.tagName === 'figcaption'));
  return !text && images.length === 1 && others.length === 0 ? images[0] : undefined;
}

/**
 * A landscape picture that `turned` picks prints turned a quarter on a page of
 * its own (templates/pdf.css `figure.turned`), and that page goes after the
 * chapter's text: in place it would break the page it falls on, leaving the
 * rest of that page empty; at the end the text flows on to the chapter's last
 * page, which ends short anyway. Only figures at the top level of the post move.
 */
function turnFigures(tree: Root, turned: (assetId: string) => boolean): void {
  const moved: Element[] = [];
  tree.children = tree.children.filter((node) => {
    if (node.type !== 'element') return true;
    const img = soleImage(node);
    const id = img?.properties.dataAsset;
    if (typeof id !== 'string' || !turned(id)) return true;
    const figure: Element =
      node.tagName === 'figure' ? node : { type: 'element', tagName: 'figure', properties: {}, children: node.children };
    const classes = Array.isArray(figure.properties.className) ? figure.properties.className : [];
    figure.properties.className = [...classes, 'turned'];
    figure.children = [
      { type: 'element', tagName: 'div', properties: { className: ['turned-frame'] }, children: figure.children },
    ];
    moved.push(figure);
    return false;
  });
  tree.children.push(...moved);
}

function rewriteLink(node: Element, options: PostHtmlOptions, prefix: (id: string) => string): void {
  const props = node.properties;
  const ref = props.dataPostRef;
  if (typeof ref === 'string') {
    const fragment = typeof props.dataFragment === 'string' ? props.dataFragment : undefined;
    if (options.inBook.has(ref)) props.href = `#${bookId(ref, fragment)}`;
    else if (options.postUrl) {
      // the post is not in this book: send the reader to it on the blog
      props.href = options.postUrl(ref) + (fragment ? `#${fragment}` : '');
    } else {
      delete props.href;
      props.className = ['unlinked-ref'];
    }
    return;
  }
  const href = props.href;
  if (typeof href === 'string' && href.startsWith('#') && href.length > 1) {
    props.href = `#${prefix(decodeURIComponent(href.slice(1)))}`;
  }
}

function rewriteImage(node: Element, options: PostHtmlOptions): void {
  const props = node.properties;
  const id = props.dataAsset;
  if (typeof id !== 'string') {
    // a local file the loader could not read (unsupported-image): its alt text,
    // not a broken picture; a remote image (build.allowRemoteImages) is left alone
    const src = String(props.src ?? '');
    if (src && !/^([a-z][a-z0-9+.-]*:|\/\/)/i.test(src)) {
      node.tagName = 'span';
      node.properties = { className: ['missing-image'] };
      node.children = typeof props.alt === 'string' && props.alt ? [{ type: 'text', value: props.alt }] : [];
    }
    return;
  }
  const src = options.imageSrc(id);
  if (src) props.src = src;
  // the site's responsive attributes mean nothing in print
  delete props.srcSet;
  delete props.sizes;
  delete props.loading;
  delete props.width;
  delete props.height;
}

/** The asset ids of every local image in a post's hast. */
export function assetIds(hast: Root): string[] {
  const ids = new Set<string>();
  visit(hast, 'element', (node: Element) => {
    if (node.tagName === 'img' && typeof node.properties.dataAsset === 'string') ids.add(node.properties.dataAsset);
  });
  return [...ids];
}

export function postHtml(hast: Root, options: PostHtmlOptions): string {
  return toHtml(rewritePost(hast, options));
}
