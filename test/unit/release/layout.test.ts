import { describe, expect, it } from 'vitest';
import type { SummaryCard } from '../../../src/summary/html.ts';
import { chooseGrid, pageGeometry } from '../../../src/summary/layout.ts';

// the card area of a Letter page in CSS px (816×1056 less margins, header, footer)
const W = 736;
const H = 806;

describe('chooseGrid', () => {
  it('should give every card a cell and leave no empty column or row', () => {
    for (let n = 1; n <= 30; n++) {
      const g = chooseGrid(n, W, H);
      expect(g.cols * g.rows).toBeGreaterThanOrEqual(n);
      expect((g.rows - 1) * g.cols).toBeLessThan(n);
      expect(g.cols * (g.rows - 1)).toBeLessThan(n);
    }
  });

  it('should use two columns for four chapters and four columns for twenty-four', () => {
    expect(chooseGrid(4, W, H)).toMatchObject({ cols: 2, rows: 2 });
    expect(chooseGrid(24, W, H)).toMatchObject({ cols: 4, rows: 6 });
  });

  it('should keep cells near a landscape card shape', () => {
    for (const n of [4, 6, 8, 10, 12, 16, 20, 24]) {
      const g = chooseGrid(n, W, H);
      const aspect = W / g.cols / (H / g.rows);
      expect(aspect, `${n} chapters: ${g.cols}×${g.rows}`).toBeGreaterThan(0.75);
      expect(aspect, `${n} chapters: ${g.cols}×${g.rows}`).toBeLessThan(2.4);
    }
  });

  it('should put the sketch beside the text in wide cells and above it in tall ones', () => {
    expect(chooseGrid(1, 900, 300).shape).toBe('wide');
    expect(chooseGrid(1, 300, 900).shape).toBe('tall');
    for (const n of [4, 10, 24]) {
      const g = chooseGrid(n, W, H);
      expect(g.shape).toBe(W / g.cols / (H / g.rows) > 1.2 ? 'wide' : 'tall');
    }
  });
});

describe('pageGeometry', () => {
  it('should map Letter at 300 dpi to 816×1056 CSS px at scale 3.125', () => {
    expect(pageGeometry(2550, 3300)).toEqual({ cssWidth: 816, cssHeight: 1056, scale: 3.125 });
  });

  it('should keep the aspect of any other size', () => {
    const g = pageGeometry(1240, 1754);
    expect(g.cssWidth).toBe(816);
    expect(Math.abs(g.cssHeight / g.cssWidth - 1754 / 1240)).toBeLessThan(0.002);
  });
});

describe('centreLastRow', () => {
  it('should start a short last row half a column in per missing card', async () => {
    const { centreLastRow } = await import('../../../src/summary/html.ts');
    const cards = (n: number): SummaryCard[] =>
      Array.from({ length: n }, (_, i) => ({ number: i + 1, title: '', problem: '', answer: '', summary: '', alt: '' }));
    const ten = cards(10);
    centreLastRow(ten, 3);
    expect(ten.map((c) => c.start).filter(Boolean)).toEqual([3]);
    expect(ten[9]!.start).toBe(3);
    const full = cards(12);
    centreLastRow(full, 4);
    expect(full.every((c) => c.start === undefined)).toBe(true);
    const seven = cards(7);
    centreLastRow(seven, 3);
    expect(seven[6]!.start).toBe(3);
  });
});
