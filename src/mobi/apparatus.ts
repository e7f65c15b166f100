// The book's apparatus (src/content/apparatus.ts) as Kindle pages: plain hast that
// both writers take like a post's body (MOBI 6 turns it into MobiML, KF8 into XHTML).
// Each page opens with its own <h1>, so the writers add none.
import type { Element, ElementContent, Root } from 'hast';
import { h } from 'hastscript';
import { type Apparatus, type Paragraph, summaryPageAlts } from '../content/apparatus.ts';

/** Ids of the apparatus pages; a post slug can never start with "postbound-". */
export const PAGE_IDS = {
  title: 'postbound-title',
  copyright: 'postbound-copyright',
  summary: 'postbound-summary',
} as const;
/** Image id of the one-page summary picture (its first page). */
export const SUMMARY_IMAGE = 'postbound-summary-image';

/** Image id of page `n` of the summary: the first keeps SUMMARY_IMAGE. */
export function summaryImageId(n: number): string {
  return n === 1 ? SUMMARY_IMAGE : `${SUMMARY_IMAGE}-${n}`;
}

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

type Size = { width: number; height: number };

/** The summary picture (a paragraph per page, when there is one), then its content as text. */
export function summaryPageHast(a: Apparatus, image?: Size | Size[]): Root {
  const s = a.summary;
  const images = image === undefined ? [] : Array.isArray(image) ? image : [image];
  const alts = summaryPageAlts(s, images.length);
  return root([
    h('h1', s.title),
    ...images.map((im, i) =>
      h('p', [h('img', { src: summaryImageId(i + 1), alt: alts[i]!, width: im.width, height: im.height })]),
    ),
    h(
      'ol',
      s.rows.map((r) =>
        h('li', [
          h('p', [h('b', r.title)]),
          ...(r.problem ? [h('p', [h('i', `${s.strings.problem}${s.strings.labelSeparator}`), r.problem])] : []),
          ...(r.answer ? [h('p', [h('i', `${s.strings.answer}${s.strings.labelSeparator}`), r.answer])] : []),
        ]),
      ),
    ),
  ]);
}
