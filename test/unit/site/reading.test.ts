import type { Root } from 'hast';
import { describe, expect, it } from 'vitest';
import { paginate, readingMinutes } from '../../../src/site/reading.ts';

const tree = (text: string): Root => ({
  type: 'root',
  children: [{ type: 'element', tagName: 'p', properties: {}, children: [{ type: 'text', value: text }] }],
});

describe('readingMinutes', () => {
  it('should count words at 230 a minute, rounded, at least one', () => {
    expect(readingMinutes(tree('A few words.'))).toBe(1);
    expect(readingMinutes(tree(Array(690).fill('word').join(' ')))).toBe(3);
    expect(readingMinutes(tree(Array(1150).fill('mot,').join(' ')))).toBe(5);
  });

  it('should count characters for Japanese, which has no spaces between words', () => {
    expect(readingMinutes(tree('日本語の文章です。'.repeat(200)))).toBe(3);
  });
});

describe('paginate', () => {
  const url = (folder: string) => `/blog/${folder}`;

  it('should put page 1 at the first folder and page n under page/n/', () => {
    const pages = paginate([1, 2, 3, 4, 5], 2, 'tags/x/', url);
    expect(pages.map((p) => [p.file, p.items, p.newer, p.older])).toEqual([
      ['tags/x/index.html', [1, 2], undefined, '/blog/tags/x/page/2/'],
      ['tags/x/page/2/index.html', [3, 4], '/blog/tags/x/', '/blog/tags/x/page/3/'],
      ['tags/x/page/3/index.html', [5], '/blog/tags/x/page/2/', undefined],
    ]);
    expect(pages.map((p) => `${p.number}/${p.count}`)).toEqual(['1/3', '2/3', '3/3']);
  });

  it('should make one page, without links, for a list that fits or is empty', () => {
    expect(paginate([1], 10, '', url)).toEqual([
      { items: [1], number: 1, count: 1, file: 'index.html', newer: undefined, older: undefined },
    ]);
    expect(paginate([], 10, '', url)).toHaveLength(1);
  });
});
