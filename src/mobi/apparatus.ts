// The book's apparatus (src/content/apparatus.ts) as Kindle pages: plain hast that
// both writers take like a post's body (MOBI 6 turns it into MobiML, KF8 into XHTML).
// Each page opens with its own <h1>, so the writers add none.
import type { Element, ElementContent, Root } from 'hast';
import { h } from 'hastscript';
import type { Apparatus, Paragraph } from '../content/apparatus.ts';

/** Ids of the apparatus pages; a post slug can never start with "postbound-". */
export const PAGE_IDS = {
  title: 'postbound-title',
  copyright: 'postbound-copyright',
  summary: 'postbound-summary',
} as const;
/** Image id of the one-page summary picture. */
export const SUMMARY_IMAGE = 'postbound-summary-image';

const root = (children: ElementContent[]): Root => ({ type: 'root', children });

function paragraph(p: Paragraph): Element {
  return h(
    'p',
    p.map((r) => (typeof r === 'string' ? r : h('a', { href: r.href }, r.text))),
  );
}

export function titlePageHast(a: Apparatus): Root {
  const t = a.titlePage;
  return root([
    h('h1', t.title),
    ...(t.subtitle ? [h('p', [h('i', t.subtitle)])] : []),
    h('p', [h('b', t.author)]),
    ...(t.publisher ? [h('p', t.publisher)] : []),
  ]);
}

export function copyrightPageHast(a: Apparatus): Root {
  return root([h('h1', a.copyright.heading), ...a.copyright.paragraphs.map(paragraph)]);
}

/** The summary picture (when there is one), then its content as text. */
export function summaryPageHast(a: Apparatus, image?: { width: number; height: number }): Root {
  const s = a.summary;
  return root([
    h('h1', s.title),
    ...(image ? [h('p', [h('img', { src: SUMMARY_IMAGE, alt: s.alt, width: image.width, height: image.height })])] : []),
    h(
      'ol',
      s.rows.map((r) =>
        h('li', [
          h('p', [h('b', r.title)]),
          ...(r.problem ? [h('p', [h('i', 'Problem: '), r.problem])] : []),
          ...(r.answer ? [h('p', [h('i', 'Answer: '), r.answer])] : []),
        ]),
      ),
    ),
  ]);
}
