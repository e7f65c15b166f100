// Ranges of a post body and the positions they stand for: where its code is
// (template syntax there is text), which output is literal on purpose, and how
// an offset in the expanded text maps back to a line and column of the file.
import type { InlineCode, Code as MdCode, Root } from 'mdast';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import type { Point, Position } from 'unist';
import { visit } from 'unist-util-visit';

/** `[start, end)` offsets in a text. */
export type Range = [start: number, end: number];

const parser = unified().use(remarkParse);

/**
 * The code in a body: fenced, indented and inline code found by the same
 * markdown parser the pipeline uses (so a fence inside a list item, or a code
 * span of three backticks, counts as it will render), and `<pre>` and `<code>`
 * elements written as HTML, in either format.
 */
export function codeRanges(text: string, format: 'markdown' | 'html'): Range[] {
  const ranges: Range[] = [];
  if (format === 'markdown' && /`|~~~|\n(?: {4}|\t)/.test(text)) {
    const tree = parser.parse(text) as Root;
    visit(tree, (node) => {
      if (node.type !== 'code' && node.type !== 'inlineCode') return;
      const { start, end } = (node as MdCode | InlineCode).position ?? {};
      if (start?.offset !== undefined && end?.offset !== undefined) ranges.push([start.offset, end.offset]);
    });
  }
  if (/<(?:pre|code)\b/i.test(text)) {
    for (const m of text.matchAll(/<(pre|code)\b[^>]*>[\s\S]*?<\/\1\s*>/gi)) ranges.push([m.index, m.index + m[0].length]);
  }
  return merge(ranges);
}

function merge(ranges: Range[]): Range[] {
  ranges.sort((a, b) => a[0] - b[0]);
  const out: Range[] = [];
  for (const r of ranges) {
    const last = out.at(-1);
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}

/** Whether `offset` lies in one of `ranges` (sorted, not overlapping). */
export function inRanges(ranges: Range[], offset: number): boolean {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [start, end] = ranges[mid];
    if (offset < start) hi = mid - 1;
    else if (offset >= end) lo = mid + 1;
    else return true;
  }
  return false;
}

/** Line and column (1-based) of offsets in a text. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  point(offset: number): Point {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo] + 1 };
  }

  /** The position of `[start, end)`; no offsets, as the body's differ from the file's before the front matter. */
  position(start: number, end: number): Position {
    return { start: this.point(start), end: this.point(end) };
  }
}

// Output that is literal on purpose (a `{% raw %}` block, Hugo's `{{</* */>}}`,
// a tag already reported) is marked with two Unicode noncharacters, which no
// post holds, so the leftover scan passes over it; the marks are then removed.
const OPEN = '\uFDD0';
const CLOSE = '\uFDD1';

export function protect(text: string): string {
  return OPEN + text + CLOSE;
}

/**
 * The text without protection marks, the ranges they enclosed, and `marked(offset)`,
 * the offset in the marked text of an offset in the clean one.
 */
export function unprotect(marked: string): { text: string; ranges: Range[]; marked: (offset: number) => number } {
  if (!marked.includes(OPEN)) return { text: marked.replaceAll(CLOSE, ''), ranges: [], marked: (offset) => offset };
  const ranges: Range[] = [];
  const removed: number[] = [];
  let text = '';
  let depth = 0;
  let start = 0;
  let from = 0;
  for (let i = 0; i < marked.length; i++) {
    const c = marked[i];
    if (c !== OPEN && c !== CLOSE) continue;
    text += marked.slice(from, i);
    from = i + 1;
    removed.push(text.length);
    if (c === OPEN) {
      if (depth++ === 0) start = text.length;
    } else if (depth > 0 && --depth === 0) {
      ranges.push([start, text.length]);
    }
  }
  text += marked.slice(from);
  if (depth > 0) ranges.push([start, text.length]);
  return { text, ranges, marked: (offset) => offset + countAtOrBefore(removed, offset) };
}

function countAtOrBefore(sorted: number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
