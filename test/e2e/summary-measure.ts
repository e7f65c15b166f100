// Measures a summary page in Chromium the way a reader meets it printed: the
// smallest computed font size of any text and the narrowest drawn thumbnail,
// converted from CSS px to pt and inches at the printed size (the summary's
// width/height in px at 300 dpi: 2550×3300 is Letter).
import type { Page } from 'puppeteer-core';

export interface Measured {
  /** Smallest text, in pt at the printed size, and the element that has it. */
  minPt: number;
  minPtAt: string;
  /** Narrowest and shortest drawn thumbnail, in inches at the printed size. */
  minThumbIn: number;
  minThumbHeightIn: number;
  thumbs: number;
  cards: number;
  pages: number;
  /** Cards whose text or box runs over. */
  overflowing: number[];
  /** Labels over each card's text, in order ("Problem", "Answer", ...), and empty text lines. */
  labels: string[][];
  emptyLines: number;
}

/** The measurement, run in the page; `pxPerInch` is CSS px per printed inch. */
export async function measureSummary(page: Page, pxPerInch: number): Promise<Measured> {
  const raw = (await page.evaluate(`(() => {
    let min = Infinity, at = '';
    for (const el of document.querySelectorAll('body *')) {
      const own = Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.textContent.trim());
      if (!own) continue;
      const cs = getComputedStyle(el);
      if (cs.display === 'none' || cs.visibility === 'hidden') continue;
      const fs = parseFloat(cs.fontSize);
      if (fs < min) { min = fs; at = el.tagName.toLowerCase() + '.' + el.className; }
    }
    const thumbs = Array.from(document.querySelectorAll('img.thumb')).map((img) => {
      const r = img.getBoundingClientRect();
      // the drawn picture inside the box (object-fit: contain letterboxes it)
      const k = Math.min(r.width / img.naturalWidth, r.height / img.naturalHeight);
      const fit = getComputedStyle(img).objectFit;
      return fit === 'contain' ? [img.naturalWidth * k, img.naturalHeight * k] : [r.width, r.height];
    });
    const over = (el) => el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1;
    const cards = Array.from(document.querySelectorAll('.card'));
    const overflowing = [];
    cards.forEach((c, i) => { const t = c.querySelector('.card-text'); if (over(c) || (t && over(t))) overflowing.push(i); });
    const labels = cards.map((c) => Array.from(c.querySelectorAll('.card-text .label')).map((l) => l.textContent.trim()));
    const emptyLines = cards.reduce((n, c) => n + Array.from(c.querySelectorAll('.card-text p')).filter((p) => !p.textContent.replace(/problem|answer|summary|in short/gi, '').trim()).length, 0);
    return { min, at, thumbs, cards: cards.length, pages: document.querySelectorAll('.page').length, overflowing, labels, emptyLines };
  })()`)) as {
    min: number;
    at: string;
    thumbs: number[][];
    cards: number;
    pages: number;
    overflowing: number[];
    labels: string[][];
    emptyLines: number;
  };
  return {
    minPt: (raw.min / pxPerInch) * 72,
    minPtAt: raw.at,
    minThumbIn: Math.min(...raw.thumbs.map((t) => t[0]!)) / pxPerInch,
    minThumbHeightIn: Math.min(...raw.thumbs.map((t) => t[1]!)) / pxPerInch,
    thumbs: raw.thumbs.length,
    cards: raw.cards,
    pages: raw.pages,
    overflowing: raw.overflowing,
    labels: raw.labels,
    emptyLines: raw.emptyLines,
  };
}
