// How the chapter cards share the page: the grid is computed from the count so
// that 4 chapters get big cards and 24 still fit, each cell close to a pleasant
// landscape shape and few cells left empty.

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

/** Columns and rows for `count` cards in an area of `width`×`height` (any unit). */
export function chooseGrid(count: number, width: number, height: number): Grid {
  const n = Math.max(1, count);
  let best: Grid & { score: number } = { cols: 1, rows: n, shape: 'wide', score: Number.POSITIVE_INFINITY };
  for (let cols = 1; cols <= Math.min(n, 8); cols++) {
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
