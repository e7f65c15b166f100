import { describe, expect, it } from 'vitest';
import { blankPages } from '../../../src/pdf/paginate.ts';
import { bookId, idBytes, MAX_ID_BYTES } from '../../../src/pdf/post-html.ts';
import { fitHead, headChars, turnedPage } from '../../../src/pdf/trim.ts';

describe('book ids', () => {
  const slug = 'what-the-river-told-us-about-patience-silt-floods-and-the-slow-work-of-keeping-a-notebook-every-day';
  const fragment = 'how-the-banks-of-the-river-hold-their-shape-through-a-long-season-of-floods-and-droughts';
  it('should leave a short id as it is', () => {
    expect(bookId('no-time', 'fn-1')).toBe('no-time--fn-1');
    expect(bookId('no-time')).toBe('no-time');
  });
  it('should cut a long id to 127 bytes, unique and the same each time', () => {
    const a = bookId(slug, fragment);
    expect(`${slug}--${fragment}`.length).toBeGreaterThan(MAX_ID_BYTES);
    expect(idBytes(a)).toBeLessThanOrEqual(MAX_ID_BYTES);
    expect(a).toBe(bookId(slug, fragment));
    expect(a.startsWith(slug)).toBe(true);
    expect(bookId(slug, `${fragment}-1`)).not.toBe(a);
  });
  it('should count the bytes of a non-ASCII id as Chromium writes them', () => {
    const id = bookId('été', 'ça-va-'.repeat(20));
    expect(idBytes(id)).toBeLessThanOrEqual(MAX_ID_BYTES);
    expect(idBytes('é')).toBe(6);
  });
});

describe('running heads', () => {
  it('should give each trim size its character budget', () => {
    expect([headChars('6x9'), headChars('A5'), headChars('letter'), headChars('A4')]).toEqual([62, 59, 87, 87]);
  });
  it('should cut a long title at a word with an ellipsis', () => {
    const t = 'What the River Told Us About Patience, Silt, Floods and the Slow Work of Keeping a Notebook';
    expect(fitHead(t, 62)).toBe('What the River Told Us About Patience, Silt, Floods and the…');
    expect(fitHead('Short title', 62)).toBe('Short title');
    expect([...fitHead('Supercalifragilistic', 10)]).toHaveLength(10);
  });
});

describe('landscape pictures', () => {
  it('should turn a 2:1 sketch on 6x9 and A5 but keep 3:2 and portrait ones upright', () => {
    expect(turnedPage('6x9', 3000, 1500)).toBe(true);
    expect(turnedPage('A5', 3000, 1500)).toBe(true);
    expect(turnedPage('letter', 3000, 1500)).toBe(false);
    expect(turnedPage('6x9', 1650, 1100)).toBe(false);
    expect(turnedPage('6x9', 800, 1200)).toBe(false);
  });

  it('should turn a 3:1 panorama but keep a 4:1 banner and a 20:1 strip upright, which turned would be slivers', () => {
    expect(turnedPage('6x9', 3000, 1000)).toBe(true);
    expect(turnedPage('6x9', 4000, 1000)).toBe(false);
    expect(turnedPage('6x9', 8000, 400)).toBe(false);
    expect(turnedPage('A5', 4000, 1000)).toBe(false);
  });
});

describe('blank pages for openRight', () => {
  it('should put a blank page before each chapter on an even page and move what follows', () => {
    const at = new Map([
      ['toc', 4],
      ['a', 6],
      ['a--s', 7],
      ['b', 9],
      ['c', 11],
    ]);
    const r = blankPages(['toc', 'a', 'a--s', 'b', 'c'], at, new Set(['a', 'b', 'c']));
    expect(r.before).toEqual(['a', 'b']);
    expect([...r.at]).toEqual([
      ['toc', 4],
      ['a', 7],
      ['a--s', 8],
      ['b', 11],
      ['c', 13],
    ]);
  });
});
