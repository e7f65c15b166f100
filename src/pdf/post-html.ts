// One post's hast, made fit to share a single HTML document with every other
// chapter: ids prefixed with the post's slug, in-post and cross-post links pointed
// at those ids, images pointed at their print variants. Works on a clone: the
// model is shared with the other targets.
import type { Element, Root } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { visit } from 'unist-util-visit';

export interface PostHtmlOptions {
  /** The post's slug, which prefixes every id in it. */
  slug: string;
  /** Slugs of the posts printed in this book. */
  inBook: ReadonlySet<string>;
  /** The blog address of a post that is not in the book (links to it go there). */
  postUrl?(slug: string): string;
  /** URL of the print variant of an asset, by asset id. */
  imageSrc(assetId: string): string | undefined;
}

/** The id a fragment of post `slug` gets in the book document. */
export function bookId(slug: string, fragment?: string): string {
  return fragment ? `${slug}--${fragment}` : slug;
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
  return tree;
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
