// A word longer than a line breaks where it must (templates/pdf.css,
// overflow-wrap), but Chromium finds each such place by shaping the rest of the
// word again with the book's fonts: a run of 20,000 letters without a space took
// seconds to lay out and print, 220,000 over a minute (the build then looks
// hung). A run of more than LONG_RUN characters without white space gets a break
// opportunity (<wbr>, no character in the text) after every SEGMENT characters,
// so each search stays within one segment; shorter runs (an address, a hash) are
// left whole. Inside MathML and SVG nothing changes: <wbr> does not belong there.
import type { Element, ElementContent, Root } from 'hast';

export const LONG_RUN = 256;
export const SEGMENT = 128;

const RUN = new RegExp(`\\S{${LONG_RUN + 1},}`, 'gu');
const FOREIGN = new Set(['math', 'svg']);

/** Puts <wbr> into every run longer than LONG_RUN in `tree`'s text, in place. */
export function breakLongRuns(tree: Root | Element): void {
  const children: ElementContent[] = [];
  let changed = false;
  for (const child of tree.children as ElementContent[]) {
    if (child.type === 'element' && !FOREIGN.has(child.tagName)) breakLongRuns(child);
    if (child.type === 'text' && child.value.length > LONG_RUN) {
      const parts = splitRuns(child.value);
      if (parts.length > 1) {
        changed = true;
        children.push(...parts);
        continue;
      }
    }
    children.push(child);
  }
  if (changed) tree.children = children;
}

function splitRuns(text: string): ElementContent[] {
  const out: ElementContent[] = [];
  let kept = '';
  let last = 0;
  for (const match of text.matchAll(RUN)) {
    kept += text.slice(last, match.index);
    last = match.index + match[0].length;
    const run = match[0];
    let from = 0;
    for (let at = boundaryFrom(run, SEGMENT); at < run.length; at = boundaryFrom(run, at + SEGMENT)) {
      out.push({ type: 'text', value: kept + run.slice(from, at) });
      out.push({ type: 'element', tagName: 'wbr', properties: {}, children: [] });
      kept = '';
      from = at;
    }
    kept += run.slice(from);
  }
  kept += text.slice(last);
  if (kept) out.push({ type: 'text', value: kept });
  return out;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const WINDOW = 64;

/**
 * The first boundary between graphemes at or after `at` (in UTF-16 units), so
 * no accent or surrogate pair is cut from its letter; looked for in a window
 * around `at` (a segmenter over the whole run copies the run for every segment:
 * quadratic), and in the next one when a letter carries more marks than a window
 * holds. The run's length when there is none.
 */
function boundaryFrom(run: string, at: number): number {
  for (let from = at; from < run.length; from += WINDOW) {
    const start = Math.max(0, from - WINDOW);
    for (const { index } of graphemes.segment(run.slice(start, from + WINDOW))) if (start + index >= from) return start + index;
  }
  return run.length;
}
