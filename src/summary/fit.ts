// The fitting step runs inside the page, where text is really measured. It is a
// plain JavaScript string rather than a TypeScript function so that neither the
// compiler nor tsx can inject helpers into what Chromium evaluates.

/** What the fitting step found, returned by `page.evaluate(FIT_SCRIPT)`. */
export interface FitResult {
  /** Base font size of the cards chosen, in CSS px. */
  fontSize: number;
  /** Font size of the book title chosen, in CSS px. */
  titleSize: number;
  /** Scale of the sketch thumbnails chosen (1 = full size). */
  thumb: number;
  /** Indexes of cards whose content is still cut off at the minimum size. */
  overflowing: number[];
  /** Whether the grid still runs past the page (any page). */
  pageOverflow: boolean;
  /** How many pages the cards share. */
  pages: number;
  /** Per card: [scrollHeight, clientHeight] of its text block, for tests and reports. */
  cards: [number, number][];
}

/**
 * Binary search for the largest size at which nothing overflows: first the title
 * (against its header box), then the cards (every card's text block against its
 * box, and the grid against its page, on every page). Sizes come from the CSS variables
 * --fs-max/--fs-min/--fs-readable and --title-max/--title-min on `.page`;
 * the thumbnails scale with --thumb.
 */
export const FIT_SCRIPT = `(() => {
  // one size for every page of the summary, so its cards look alike throughout
  const pages = Array.from(document.querySelectorAll('.page'));
  const page = pages[0];
  const style = getComputedStyle(page);
  const num = (name) => parseFloat(style.getPropertyValue(name));
  const head = document.querySelector('.head');
  const title = document.querySelector('.title');
  const cards = Array.from(document.querySelectorAll('.card'));
  const blocks = cards.map((card) => card.querySelector('.card-text') || card);
  const setAll = (name, v) => { for (const p of pages) p.style.setProperty(name, v); };
  // no tolerance here, so a reader measuring with a pixel of slack always agrees
  const over = (el) => el.scrollHeight > el.clientHeight || el.scrollWidth > el.clientWidth;
  const search = (lo, hi, fits, apply) => {
    apply(hi);
    if (fits()) return hi;
    for (let i = 0; i < 14; i++) {
      const mid = (lo + hi) / 2;
      apply(mid);
      if (fits()) lo = mid; else hi = mid;
    }
    apply(lo);
    return lo;
  };
  const titleSize = search(num('--title-min'), num('--title-max'),
    // only the title's width: its glyphs may hang below a tight line box by design
    () => !over(head) && title.scrollWidth <= title.clientWidth,
    (v) => setAll('--title-fs', v + 'px'));
  const pageFits = () => pages.every((p) => {
    const grid = p.querySelector('.grid');
    return !over(p) && grid.getBoundingClientRect().bottom <= p.getBoundingClientRect().bottom;
  });
  const cardsFit = () => pageFits() && cards.every((c, i) => !over(c) && !over(blocks[i]));
  const setFs = (v) => setAll('--fs', v + 'px');
  const setThumb = (v) => setAll('--thumb', String(v));
  // Dense text first costs type size; below a readable size the sketches give
  // up some room instead, down to their legible minimum (--thumb-min in the CSS).
  const readable = num('--fs-readable');
  let fontSize = num('--fs-min');
  let thumb = 1;
  let best = null;
  for (const level of [1, 0.75, 0.5, 0.3]) {
    setThumb(level);
    const size = search(num('--fs-min'), num('--fs-max'), cardsFit, setFs);
    const ok = cardsFit();
    if (ok && (!best || size > best.size + 0.25)) best = { size, level };
    if (ok && size >= readable) break;
  }
  if (best) { fontSize = best.size; thumb = best.level; }
  setThumb(thumb);
  setFs(fontSize);
  const overflowing = [];
  cards.forEach((c, i) => { if (over(c) || over(blocks[i])) overflowing.push(i); });
  document.documentElement.dataset.fitted = 'true';
  return {
    fontSize: Math.round(fontSize * 100) / 100,
    titleSize: Math.round(titleSize * 100) / 100,
    overflowing,
    pageOverflow: !pageFits(),
    thumb,
    pages: pages.length,
    cards: blocks.map((b) => [b.scrollHeight, b.clientHeight]),
  };
})()`;

/**
 * The same step for the HTML served on its own (downloads page): it must wait
 * for the web fonts and the thumbnails, or it measures the fallback layout.
 */
export const FIT_ON_LOAD = `window.addEventListener('load', () => { document.fonts.ready.then(() => { ${FIT_SCRIPT}; }); });`;
