// How the chapter cards share the page: the grid is computed from the count so
// that 4 chapters get big cards, each cell close to a pleasant landscape shape
// and few cells left empty. Below a legible size the cards do not shrink: the
// grid keeps fewer, larger cards and the summary runs onto more pages.

export interface Grid {
  cols: number;
  rows: number;
  /** 'wide': sketch beside the text; 'tall': sketch above it. */
  shape: 'wide' | 'tall';
}

/** The cell shape (width / height) a card looks best at. */
const IDEAL_ASPECT = 1.35;
/** Cost of one empty cell, in the same unit as the log-distance from the ideal shape. */
const EMPTY_CELL_COST = 0.12;

/** Columns and rows for `count` cards in an area of `width`×`height` (any unit), at most `maxCols` columns. */
export function chooseGrid(count: number, width: number, height: number, maxCols = 8): Grid {
  const n = Math.max(1, count);
  let best: Grid & { score: number } = { cols: 1, rows: n, shape: 'wide', score: Number.POSITIVE_INFINITY };
  for (let cols = 1; cols <= Math.min(n, Math.max(1, maxCols)); cols++) {
    const rows = Math.ceil(n / cols);
    // a column that would stay empty is never better than fewer columns
    if ((rows - 1) * cols >= n) continue;
    const aspect = width / cols / (height / rows);
    const score = Math.abs(Math.log(aspect / IDEAL_ASPECT)) + (rows * cols - n) * EMPTY_CELL_COST;
    if (score < best.score) best = { cols, rows, shape: aspect > 1.2 ? 'wide' : 'tall', score };
  }
  return { cols: best.cols, rows: best.rows, shape: best.shape };
}

/**
 * The page in CSS pixels: 816 px wide (US Letter at 96 px/in) whatever the
 * output size, so the PNG (scaled by `scale`) and the PDF share one layout.
 */
export function pageGeometry(width: number, height: number): { cssWidth: number; cssHeight: number; scale: number } {
  const cssWidth = 816;
  const cssHeight = Math.round((cssWidth * height) / width);
  return { cssWidth, cssHeight, scale: width / cssWidth };
}

/** The resolution the summary's `width`/`height` in px are printed at (2550×3300 is Letter). */
export const PRINT_DPI = 300;
/** The smallest type on the printed page, in pt. */
export const MIN_TEXT_PT = 7;
/** The narrowest sketch thumbnail on the printed page, in inches. */
export const MIN_THUMB_IN = 1;

/**
 * CSS px per printed inch, and the legible minimums in CSS px: text of 7 pt and
 * thumbnails 1 in wide at the printed size (a hair over, so rounding in the
 * layout never lands below).
 */
export function legibleMinimums(width: number, height: number): { pxPerInch: number; fsMin: number; thumbMin: number } {
  const { cssWidth } = pageGeometry(width, height);
  const pxPerInch = cssWidth / (width / PRINT_DPI);
  return {
    pxPerInch,
    fsMin: Math.ceil(((MIN_TEXT_PT / 72) * pxPerInch + 0.02) * 100) / 100,
    thumbMin: Math.ceil(MIN_THUMB_IN * pxPerInch + 1),
  };
}

/** A card's text, for estimating the room it takes. */
export interface CardText {
  title: string;
  text: number;
  thumb: boolean;
}

/**
 * How many pages the cards need at the legible minimums, from their text: a
 * first guess that the fitting step in Chromium confirms or raises. `width` and
 * `height` are the card area of a page, in CSS px.
 */
export function estimatePages(
  cards: CardText[],
  width: number,
  height: number,
  mins: { fsMin: number; thumbMin: number },
  gap = 14,
): number {
  const n = cards.length;
  if (n === 0) return 1;
  const f = mins.fsMin;
  // a card is at least a thumbnail beside a column of text, or above it
  const maxCols = maxColumns(width, mins.thumbMin, gap);
  const maxRows = Math.max(1, Math.floor((height + gap) / (mins.thumbMin * 1.45 + gap)));
  const byCells = Math.ceil(n / (maxCols * maxRows));
  // area of text (average glyph about half an em, lines 1.28 em), title and sketch
  const area = cards.reduce((sum, c) => {
    const text = (c.text + 20) * 0.5 * f * 1.28 * f * 1.3;
    const title = (c.title.length + 6) * 0.55 * 1.12 * f * 1.3 * 1.12 * f;
    const thumb = c.thumb ? mins.thumbMin * mins.thumbMin * 0.75 * 1.25 : 0;
    return sum + text + title + thumb + 4 * f * 4 * f;
  }, 0);
  const byArea = Math.ceil(area / (width * height * 0.55));
  return Math.max(1, byCells, byArea);
}

/** The most columns whose cards still hold a 1 in thumbnail beside some text. */
export function maxColumns(width: number, thumbMin: number, gap = 14): number {
  return Math.max(1, Math.floor((width + gap) / (thumbMin * 2.3 + gap)));
}

/**
 * Pages a summary may take: 4, or one for every 8 chapters of a long book (a
 * 100-chapter book must still build; its summary is then a booklet). Past that
 * the cards' lines are too long: shorter ones are needed.
 */
export function maxSummaryPages(chapters: number): number {
  return Math.max(4, Math.ceil(chapters / 8));
}
