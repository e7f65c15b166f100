// The pages postbound adds around the posts: cover, title, copyright, the
// navigation document (which is also the visible table of contents), each
// chapter's opening and the one-page summary as picture plus text.
import type { Element, ElementContent } from 'hast';
import { h } from 'hastscript';
import type { Apparatus, Paragraph } from '../content/apparatus.ts';
import type { Book, Post } from '../content/model.ts';
import { fill, type Strings } from '../i18n/index.ts';
import type { NavPoint } from './package.ts';

export const STYLESHEET = 'styles/book.css';

/** A newline between blocks keeps the XHTML readable and stops text converters running words together. */
function lines<T extends ElementContent | string>(nodes: T[]): (T | string)[] {
  return nodes.flatMap((n, i) => (i === 0 ? ['\n', n, '\n'] : [n, '\n']));
}

export function coverPage(book: Book, image: { href: string; width: number; height: number }, t: Strings): Element[] {
  const alt = fill(t.coverAlt, { title: `${book.title}${book.subtitle ? ` ${book.subtitle}` : ''}`, author: book.author });
  return [
    h('section.cover', { 'epub:type': 'cover' }, [
      h('img', { src: image.href, alt, width: image.width, height: image.height, role: 'doc-cover' }),
    ]),
  ];
}

export function titlePage(apparatus: Apparatus): Element[] {
  const t = apparatus.titlePage;
  const children: ElementContent[] = [h('h1.book-title', t.title)];
  if (t.subtitle) children.push(h('p.book-subtitle', t.subtitle));
  children.push(h('p.book-author', t.author));
  if (t.publisher) children.push(h('p.book-publisher', t.publisher));
  return [h('section.title-page', { 'epub:type': 'titlepage' }, lines(children))];
}

/** A paragraph of the apparatus as hast: text runs and links. */
export function paragraph(p: Paragraph): Element {
  return h(
    'p',
    p.map((r) => (typeof r === 'string' ? r : h('a', { href: r.href }, r.text))),
  );
}

export function copyrightPage(apparatus: Apparatus): Element[] {
  const c = apparatus.copyright;
  const children: ElementContent[] = [h('h1', c.heading), ...c.paragraphs.map(paragraph)];
  return [h('section.copyright-page', { 'epub:type': 'copyright-page' }, lines(children))];
}

export interface Landmarks {
  cover: string;
  toc: string;
  bodymatter: string;
}

/** The navigation document (EPUB 3.3 §7): toc, landmarks; also a page of the book. */
export function navPage(title: string, points: NavPoint[], landmarks: Landmarks, t: Strings): Element[] {
  const list = (ps: NavPoint[]): Element =>
    h(
      'ol',
      lines(ps.map((p) => h('li', [h('a', { href: p.href }, p.label), ...(p.children.length ? ['\n', list(p.children)] : [])]))),
    );
  return [
    h(
      'nav',
      { 'epub:type': 'toc', id: 'toc', role: 'doc-toc', ariaLabelledBy: 'toc-title' },
      lines([h('h1#toc-title', title), list(points)]),
    ),
    h('nav', { 'epub:type': 'landmarks', id: 'landmarks', hidden: true, ariaLabel: t.landmarks }, [
      h(
        'ol',
        lines([
          h('li', [h('a', { href: landmarks.cover, 'epub:type': 'cover' }, t.cover)]),
          h('li', [h('a', { href: landmarks.toc, 'epub:type': 'toc' }, title)]),
          h('li', [h('a', { href: landmarks.bodymatter, 'epub:type': 'bodymatter' }, t.startOfContent)]),
        ]),
      ),
    ]),
  ];
}

/** A post's table-of-contents entry: the chapter and its headings down to `depth`. */
export function navPointOf(post: Post, file: string, label: string, depth: number): NavPoint {
  // tocDepth 1 lists chapters only; 2 adds the post's h2, and so on
  const maxRank = depth;
  const root: NavPoint = { label, href: file, children: [] };
  const stack: { rank: number; point: NavPoint }[] = [{ rank: 1, point: root }];
  for (const heading of post.headings) {
    if (heading.depth > maxRank || heading.depth < 2) continue;
    const point: NavPoint = { label: heading.text, href: `${file}#${heading.id}`, children: [] };
    while (stack.length > 1 && (stack.at(-1) as { rank: number }).rank >= heading.depth) stack.pop();
    (stack.at(-1) as { point: NavPoint }).point.children.push(point);
    stack.push({ rank: heading.depth, point });
  }
  return root;
}

export interface ChapterHeading {
  /** "Part 3", or undefined for front and back matter. */
  label?: string;
  title: string;
}

/** Wraps a post's body in its section, with the heading readers and the TOC expect. */
export function chapterPage(
  heading: ChapterHeading,
  body: ElementContent[],
  kind: 'chapter' | 'frontmatter' | 'backmatter',
  hasOwnH1: boolean,
): Element[] {
  const head: ElementContent[] = [];
  if (!hasOwnH1) {
    head.push(
      h('h1.chapter-title', [...(heading.label ? [h('span.chapter-label', heading.label), h('br')] : []), heading.title]),
    );
  } else if (heading.label) {
    head.push(h('p.chapter-label', heading.label));
  }
  // front and back matter are marked on <body>; only chapters get a role of their own
  const props = kind === 'chapter' ? { 'epub:type': 'chapter', role: 'doc-chapter' } : {};
  return [h('section.chapter', props, ['\n', ...head, '\n', ...body, '\n'])];
}

type SummaryImage = { href: string; width: number; height: number; alt?: string };

/**
 * The summary picture (a figure per page when it runs onto several), then its
 * content as text so the page reads without the images.
 */
export function summaryPage(summary: Apparatus['summary'], image: SummaryImage | SummaryImage[]): Element[] {
  const t = summary.strings;
  const images = Array.isArray(image) ? image : [image];
  return [
    h('section.summary', { 'epub:type': 'appendix', role: 'doc-appendix', ariaLabelledBy: 'summary-title' }, [
      h('h1#summary-title', summary.title),
      ...images.map((im) =>
        h('figure.summary-figure', [h('img', { src: im.href, alt: im.alt ?? summary.alt, width: im.width, height: im.height })]),
      ),
      h(
        'ol.summary-list',
        lines(
          summary.rows.map((r) =>
            h(
              'li',
              lines([
                h('p.summary-chapter', [h('strong', r.title)]),
                ...(r.problem ? [h('p', [h('em', `${t.problem}${t.labelSeparator}`), r.problem])] : []),
                ...(r.answer ? [h('p', [h('em', `${t.answer}${t.labelSeparator}`), r.answer])] : []),
              ]),
            ),
          ),
        ),
      ),
    ]),
  ];
}
