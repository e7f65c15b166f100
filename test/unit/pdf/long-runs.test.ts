// Runs of text too long for a line get break opportunities before Chromium lays
// them out (src/pdf/long-runs.ts); the text itself does not change.
import type { Element, Root } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { toString as hastToString } from 'hast-util-to-string';
import { describe, expect, it } from 'vitest';
import { breakLongRuns, LONG_RUN, SEGMENT } from '../../../src/pdf/long-runs.ts';
import { rewritePost } from '../../../src/pdf/post-html.ts';

const p = (...children: Element['children']): Element => ({ type: 'element', tagName: 'p', properties: {}, children });
const text = (value: string) => ({ type: 'text' as const, value });
const wbrs = (tree: Root) => (toHtml(tree).match(/<wbr>/g) ?? []).length;

describe('long runs in the printed book', () => {
  it('should put a <wbr> after every segment of a run longer than a line, and keep the text as it was', () => {
    const run = 'x'.repeat(SEGMENT * 5 + 7);
    const tree: Root = { type: 'root', children: [p(text(`Before ${run} after.`))] };
    breakLongRuns(tree);
    expect(wbrs(tree)).toBe(5);
    expect(hastToString(tree)).toBe(`Before ${run} after.`);
    const pieces = toHtml(tree)
      .replace(/^<p>|<\/p>$/g, '')
      .split('<wbr>');
    expect(pieces.map((s) => s.length)).toEqual([7 + SEGMENT, SEGMENT, SEGMENT, SEGMENT, SEGMENT, 7 + 7]);
  });

  it('should break a run of the length the fuzzing found (220,000 letters) into its segments', () => {
    const tree: Root = { type: 'root', children: [p(text('x'.repeat(220_000)))] };
    breakLongRuns(tree);
    expect(wbrs(tree)).toBe(Math.ceil(220_000 / SEGMENT) - 1);
  });

  it('should leave runs up to the limit, text inside MathML and SVG, and spaced text alone', () => {
    const tree: Root = {
      type: 'root',
      children: [
        p(text('y'.repeat(LONG_RUN))),
        p(text(`${'word '.repeat(400)}`)),
        { type: 'element', tagName: 'math', properties: {}, children: [p(text('z'.repeat(LONG_RUN * 3)))] },
      ],
    };
    const before = toHtml(tree);
    breakLongRuns(tree);
    expect(toHtml(tree)).toBe(before);
  });

  it('should not cut a letter from its accent', () => {
    // code point SEGMENT falls between an e and its accent
    const run = `a${'e\u0301'.repeat(LONG_RUN)}`;
    const tree: Root = { type: 'root', children: [p(text(run))] };
    breakLongRuns(tree);
    for (const piece of toHtml(tree)
      .replace(/^<p>|<\/p>$/g, '')
      .split('<wbr>'))
      expect(piece.startsWith('\u0301')).toBe(false);
    expect(hastToString(tree)).toBe(run);
  });

  it('should be done to every post printed, in code too', () => {
    const hast: Root = {
      type: 'root',
      children: [
        {
          type: 'element',
          tagName: 'pre',
          properties: {},
          children: [{ type: 'element', tagName: 'code', properties: {}, children: [text('='.repeat(LONG_RUN + 1))] }],
        },
      ],
    };
    const printed = rewritePost(hast, { slug: 'a', inBook: new Set(), imageSrc: () => undefined });
    expect(wbrs(printed)).toBe(2);
    expect(wbrs(hast)).toBe(0);
  });
});
