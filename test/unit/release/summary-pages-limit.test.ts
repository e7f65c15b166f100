// A long book's summary takes more pages instead of failing the build: the limit
// grows with the chapters, and the bundle lists every page that can exist.
import { describe, expect, it } from 'vitest';
import { bundleMembers } from '../../../src/bundle/index.ts';
import type { Book } from '../../../src/content/model.ts';
import { maxSummaryPages } from '../../../src/summary/layout.ts';

describe('summary page limit', () => {
  it('is 4 for a short book and one page for every 8 chapters of a long one', () => {
    expect(maxSummaryPages(3)).toBe(4);
    expect(maxSummaryPages(35)).toBe(5);
    expect(maxSummaryPages(100)).toBe(13);
  });

  it('gives the bundle every summary page a 100-chapter book can have', () => {
    const book = { slug: 'long', chapters: new Array(100).fill({}) } as unknown as Book;
    const members = bundleMembers(book);
    expect(members).toContain('long-summary-13.png');
    expect(members).not.toContain('long-summary-14.png');
    expect(members).not.toContain('long-summary-1.png');
  });
});
