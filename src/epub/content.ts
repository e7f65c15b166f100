// A post's hast made fit for an EPUB content document: internal links pointed at
// chapter files or the blog, images at their packaged variants, footnotes marked
// so readers can pop them up, and anything EPUB's XHTML grammar rejects turned
// into something it accepts. Works on a copy: the model is shared by every target.
import type { Element, ElementContent, Root } from 'hast';
import { SKIP, visit } from 'unist-util-visit';
import type { Post } from '../content/model.ts';
import { writeOutColours } from '../markdown/highlight/targets.ts';

export interface ImageRef {
  /** Path of the image relative to the content document. */
  href: string;
  width: number;
  height: number;
}

export interface ContentOptions {
  /** The chapter file of a post in the book, or undefined when the post is not in it. */
  fileOf(slug: string): string | undefined;
  /** The blog URL of a post (for links to posts outside the book). */
  blogUrl(slug: string): string;
  /** The packaged image of an asset id, or undefined when it has none. */
  image(assetId: string): ImageRef | undefined;
}

export interface PreparedContent {
  tree: Root;
  /** Images without alt text in the source (written with alt=""). */
  missingAlt: string[];
}

// Elements the markdown sanitiser lets through from raw HTML that are obsolete in
// HTML (HTML Living Standard §16.2) and so invalid in an EPUB 3 content document.
const RENAME: Record<string, string> = { tt: 'code', strike: 's', big: 'span', center: 'div', acronym: 'abbr' };
/** Obsolete presentational attributes: `align` becomes a class, the rest go (the stylesheet decides). */
const OBSOLETE_ATTRS = [
  'align',
  'valign',
  'width',
  'height',
  'border',
  'cellPadding',
  'cellSpacing',
  'noWrap',
  'bgColor',
  'color',
  'face',
  'size',
  'hSpace',
  'vSpace',
  'clear',
  'summary',
  'charOff',
  'char',
  'axis',
  'abbr',
  'scope',
];
const KEEP_SIZE = new Set(['img']);
const KEEP_SCOPE = new Set(['th']);
const KEEP_ABBR = new Set(['th']);

const el = (tagName: string, properties: Element['properties'], children: ElementContent[]): Element => ({
  type: 'element',
  tagName,
  properties,
  children,
});

export function prepareContent(post: Post, options: ContentOptions): PreparedContent {
  const tree = structuredClone(post.hast);
  const missingAlt: string[] = [];
  // e-readers do not support var(): highlighted code gets the book theme's colours written out
  writeOutColours(tree);

  visit(tree, 'element', (node, index, parent) => {
    const p = node.properties;
    const renamed = RENAME[node.tagName];
    if (renamed) node.tagName = renamed;

    if (node.tagName === 'section' && p.dataFootnotes !== undefined) {
      rewriteFootnotes(node);
    }

    if (node.tagName === 'a') {
      rewriteLink(node, options);
    }

    if (node.tagName === 'img') {
      const assetId = typeof p.dataAsset === 'string' ? p.dataAsset : undefined;
      const ref = assetId ? options.image(assetId) : undefined;
      const alt = typeof p.alt === 'string' ? p.alt : '';
      if (!ref) {
        // not a packaged image (remote, or unknown): keep what it says, not a broken picture
        if (parent && index !== undefined) {
          parent.children[index] = el('span', { className: ['missing-image'] }, [{ type: 'text', value: alt }]);
        }
        return SKIP;
      }
      if (!alt.trim()) missingAlt.push(String(p.src ?? assetId));
      node.properties = { src: ref.href, alt, width: ref.width, height: ref.height };
      if (p.title) node.properties.title = p.title;
      return SKIP;
    }

    if (node.tagName === 'input' && p.type === 'checkbox' && parent && index !== undefined) {
      // form controls would make the document "scripted" (EPUB 3.3 §3.4.2); a task
      // list only needs to show its state, so a ballot box character with a label will do
      const checked = Boolean(p.checked);
      parent.children[index] = el(
        'span',
        { className: ['task', checked ? 'task-done' : 'task-open'], role: 'img', ariaLabel: checked ? 'done' : 'not done' },
        [{ type: 'text', value: checked ? '☑' : '☐' }],
      );
      return SKIP;
    }

    cleanAttributes(node);
    decodeIds(node);
    return undefined;
  });

  return { tree, missingAlt };
}

function cleanAttributes(node: Element): void {
  const p = node.properties;
  const align = p.align;
  if (typeof align === 'string' && /^(left|right|center|justify)$/i.test(align)) {
    const classes = Array.isArray(p.className) ? p.className : [];
    p.className = [...classes, `align-${align.toLowerCase()}`];
  }
  for (const name of OBSOLETE_ATTRS) {
    if (name === 'width' || name === 'height') {
      if (KEEP_SIZE.has(node.tagName)) continue;
    }
    if (name === 'scope' && KEEP_SCOPE.has(node.tagName)) continue;
    if (name === 'abbr' && KEEP_ABBR.has(node.tagName)) continue;
    delete p[name];
  }
  // postbound's own markers (data-post-ref, data-asset, data-footnote-*) mean nothing to a reader
  for (const name of Object.keys(p)) {
    if (/^data[A-Z]/.test(name)) delete p[name];
  }
  // remark-rehype hides the notes heading for screen-reader-only display on the web;
  // in a book the heading is the visible start of the notes
  if (Array.isArray(p.className)) {
    p.className = p.className.filter((c) => c !== 'sr-only' && c !== 'data-footnote-backref');
    if (p.className.length === 0) delete p.className;
  }
}

/**
 * remark-rehype percent-encodes non-ASCII footnote labels into ids ("fn-%CE%B4…").
 * A reader (and EPUBCheck, RSC-012) decodes the href's fragment before matching, so
 * the encoded id is never found: ids and same-document fragments are stored decoded.
 */
function decodeIds(node: Element): void {
  const p = node.properties;
  if (typeof p.id === 'string' && p.id.includes('%')) p.id = safeDecode(p.id);
  if (typeof p.href === 'string' && p.href.startsWith('#') && p.href.includes('%')) p.href = `#${safeDecode(p.href.slice(1))}`;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function rewriteLink(node: Element, options: ContentOptions): void {
  const p = node.properties;
  if (typeof p.dataPostRef === 'string') {
    const slug = p.dataPostRef;
    const fragment = typeof p.dataFragment === 'string' && p.dataFragment ? `#${p.dataFragment}` : '';
    const file = options.fileOf(slug);
    p.href = file ? `${file}${fragment}` : `${options.blogUrl(slug)}${fragment}`;
  }
  if (p.dataFootnoteRef !== undefined) {
    // EPUB 3 Structural Semantics: noteref + doc-noteref lets readers show the note in a pop-up
    p['epub:type'] = 'noteref';
    p.role = 'doc-noteref';
    delete p.ariaDescribedBy;
  }
  if (p.dataFootnoteBackref !== undefined) {
    p.role = 'doc-backlink';
    // U+FE0E asks for the text glyph: iOS and some Android readers otherwise draw ↩ as a coloured emoji
    for (const child of node.children) {
      if (child.type === 'text') child.value = child.value.replace(/\u21a9(?!\ufe0e)/g, '\u21a9\ufe0e');
    }
  }
}

/**
 * remark-rehype's `<section data-footnotes><h2/><ol><li id>…` becomes a notes
 * section whose items each hold an `<aside epub:type="footnote">` carrying the id
 * the reference points to: the shape Apple Books, Kobo and Thorium pop up
 * (EPUB 3 Structural Semantics Vocabulary, "footnote"; DPUB-ARIA doc-footnote).
 */
function rewriteFootnotes(section: Element): void {
  section.properties = { className: ['footnotes'], 'epub:type': 'endnotes', role: 'doc-endnotes' };
  for (const child of section.children) {
    if (child.type !== 'element' || child.tagName !== 'ol') continue;
    for (const li of child.children) {
      if (li.type !== 'element' || li.tagName !== 'li') continue;
      const id = li.properties.id;
      delete li.properties.id;
      li.children = [el('aside', { id, 'epub:type': 'footnote', role: 'doc-footnote' }, li.children)];
    }
  }
}

/** Distinct tags of the posts, in the order they first appear. */
export function distinctTags(posts: Post[]): string[] {
  const seen = new Set<string>();
  for (const post of posts) for (const tag of post.tags) seen.add(tag);
  return [...seen];
}
