import { describe, expect, it } from 'vitest';
import { kf8Tbs } from '../../../src/mobi/tbs.ts';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

// An NCX shaped like the fixture's, numbered in (depth, offset) order; the expected bytes are what
// calibre's inspector computes for the same entries (it reported no mismatch).
const entries = [
  { index: 0, depth: 0, offset: 240, length: 5643 },
  { index: 1, depth: 0, offset: 5883, length: 11252 },
  { index: 2, depth: 0, offset: 17135, length: 196 },
  { index: 3, parent: 0, depth: 1, offset: 470, length: 4476 },
  { index: 4, parent: 0, depth: 1, offset: 4946, length: 937 },
  { index: 5, parent: 1, depth: 1, offset: 13752, length: 3383 },
  { index: 6, parent: 2, depth: 1, offset: 17252, length: 79 },
  { index: 7, parent: 5, depth: 2, offset: 13952, length: 3183 },
];

describe('KF8 TBS', () => {
  it('should encode strands like calibre', () => {
    const tbs = kf8Tbs(entries, 4096 * 6).map(hex);
    expect(tbs[0]).toBe('8288b0'); // 0 starts, child 3 starts
    expect(tbs[1]).toBe('8288b402b8'); // 0 ends with children 3, 4; then strand 1 starts
    expect(tbs[2]).toBe('8b8880'); // 1 spans the record
    expect(tbs[3]).toBe('8b8880c0a0'); // 1 spans, 5 and 7 start below it
    expect(tbs[5]).toBe(''); // nothing touches the CSS flow
  });

  it('should start a new strand after a top-level run whose last entry has children', () => {
    // Front matter with no sections, then two chapters with one section each: the record
    // holds [0, 1 → 3] and [2 → 4]. The second strand's value is 3 − 2, never 0 − 1.
    const book = [
      { index: 0, depth: 0, offset: 219, length: 285 },
      { index: 1, depth: 0, offset: 504, length: 852 },
      { index: 2, depth: 0, offset: 1356, length: 257 },
      { index: 3, parent: 1, depth: 1, offset: 524, length: 832 },
      { index: 4, parent: 2, depth: 1, offset: 1377, length: 236 },
    ];
    expect(kf8Tbs(book, 2187).map(hex)).toEqual(['868802a098a0']);
  });

  it('should fall back to TBS type 5 for the whole book when a strand difference is negative', () => {
    // Not a layout our NCX produces, but the rule readers recompute (calibre agreed).
    const odd = [
      { index: 0, depth: 0, offset: 0, length: 100 },
      { index: 2, depth: 0, offset: 100, length: 100 },
      { index: 1, depth: 0, offset: 5000, length: 100 },
      { index: 3, parent: 2, depth: 1, offset: 150, length: 50 },
    ];
    expect(kf8Tbs(odd, 6000).map(hex)).toEqual(['8285a090', '8a85']);
  });
});
