// TBS for a book shaped like a small real project: a front-matter post with no sections,
// then two chapters, each with a `##` heading and a footnote section. Its NCX is
//   0 Intro, 1 First steps, 2 Second steps (depth 0), 3 Begin here (in 1), 4 Go on (in 2),
// and a text record that holds all of them has two strands, [0, 1 → 3] and [2 → 4], where
// the first strand mixes a top-level run (0, 1) with a child. Both books are written, then
// read back with our reader and the TBS of every text record decoded and checked against
// the NCX as read back.
import { visit } from 'unist-util-visit';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildAzw3 } from '../../../src/mobi/azw3.ts';
import { type IndexTableEntry, readIndex, readMobi } from '../../../src/mobi/reader.ts';
import { readForwardVwi } from '../../../src/mobi/vwi.ts';
import { buildMobi, type MobiBook } from '../../../src/mobi/writer.ts';
import { hastOf } from './fixture.ts';

const filler = (n: number) =>
  Array.from({ length: n }, (_, i) => `Sentence ${i} of a longer paragraph, with café and 日本語.`).join(' ');

const POSTS = (long: boolean) => [
  { id: 'intro', title: 'Intro', md: `Welcome to the test book.${long ? `\n\n${filler(120)}` : ''}` },
  {
    id: 'first',
    title: 'First steps',
    md: `${long ? `${filler(40)}\n\n` : ''}## Begin here\n\nSee the next part.[^1]\n\n${long ? filler(150) : ''}\n\n[^1]: A footnote.`,
  },
  {
    id: 'second',
    title: 'Second steps',
    md: `## Go on\n\nBack to the first part.[^2]\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n${long ? filler(60) : ''}\n\n[^2]: Another footnote.`,
  },
];

async function bookOf(long: boolean): Promise<MobiBook> {
  const chapters = await Promise.all(
    POSTS(long).map(async (p) => {
      const hast = await hastOf(p.md);
      const sections: { id: string; title: string; depth: number }[] = [];
      visit(hast, 'element', (el) => {
        const m = /^h([2-6])$/.exec(el.tagName);
        if (m && el.properties.id !== 'footnote-label')
          sections.push({ id: String(el.properties.id), title: 'x', depth: Number(m[1]) });
      });
      return { id: p.id, title: p.title, hast, sections };
    }),
  );
  return { title: 'The Test Book', authors: ['Ada Tester'], language: 'en', identifier: 'urn:uuid:test-book', chapters };
}

interface Seq {
  value: number;
  flags: number;
  type?: number;
  count?: number;
  spans?: number;
}

/** The TBS trailing entry (flag bit 1, stored last) of a raw text record. */
function tbsBytes(record: Buffer): Buffer {
  let n = 1;
  while (n < 4 && !(record[record.length - n] & 0x80)) n++;
  let size = 0;
  for (let i = record.length - n; i < record.length; i++) size = size * 128 + (record[i] & 0x7f);
  return record.subarray(record.length - size, record.length - n);
}

function decodeSequences(b: Buffer): Seq[] {
  const out: Seq[] = [];
  let p = 0;
  while (p < b.length) {
    const bits = out.length ? 4 : 3;
    const v = readForwardVwi(b, p);
    p += v.length;
    const seq: Seq = { value: Math.floor(v.value / 2 ** bits), flags: v.value % 2 ** bits };
    if (seq.flags & 0b010) {
      const t = readForwardVwi(b, p);
      seq.type = t.value;
      p += t.length;
    }
    if (seq.flags & 0b100) seq.count = b[p++];
    if (seq.flags & 0b001) {
      const s = readForwardVwi(b, p);
      seq.spans = s.value;
      p += s.length;
    }
    out.push(seq);
  }
  return out;
}

/**
 * The NCX entries a KF8 record's sequences name: a strand's first sequence gives the index
 * relative to 0 (first strand) or as (last index of the previous strand − index), flag
 * 0b1000; each further sequence of a strand is relative to the last entry of the one above.
 */
function kf8Indices(seqs: Seq[]): number[] {
  const out: number[] = [];
  let last = 0;
  seqs.forEach((s, i) => {
    const first = i === 0 ? s.value : s.flags & 0b1000 ? last - s.value : last + s.value;
    const run = Array.from({ length: s.count ?? 1 }, (_, k) => first + k);
    out.push(...run);
    last = run[run.length - 1];
  });
  return out;
}

/** Indices of the NCX entries touching each 4096-byte record, from the NCX as read back. */
function touching(entries: IndexTableEntry[], textLength: number): number[][] {
  const out: number[][] = [];
  for (let start = 0; start < textLength; start += 4096) {
    out.push(
      entries
        .map((e, i) => ({ i, at: e.values.get(1)![0], len: e.values.get(2)![0] }))
        .filter((e) => e.at < start + 4096 && e.at + e.len > start)
        .map((e) => e.i),
    );
  }
  return out;
}

describe('TBS for front matter + chapters with sections and footnotes', () => {
  let small: MobiBook;
  let long: MobiBook;
  beforeAll(async () => {
    small = await bookOf(false);
    long = await bookOf(true);
  });

  it('AZW3: writes the two strands of a record holding entries of both depths', () => {
    const m = readMobi(buildAzw3(small).file);
    const ncx = readIndex(m.records, m.header.ncxIndex).entries;
    expect(ncx.map((e) => [e.values.get(4)![0], e.values.get(21)?.[0]])).toEqual([
      [0, undefined],
      [0, undefined],
      [0, undefined],
      [1, 1],
      [1, 2],
    ]);
    expect(m.header.textRecordCount).toBe(1);
    expect(m.header.extraDataFlags).toBe(0b11);
    const tbs = tbsBytes(m.records[1]);
    // What `calibre-debug --inspect-mobi` recomputes for this record (no mismatch).
    expect(tbs.toString('hex')).toBe('868802a098a0');
    expect(decodeSequences(tbs)).toEqual([
      { value: 0, flags: 0b110, type: 8, count: 2 }, // 0, 1
      { value: 2, flags: 0 }, // 3 = 1 + 2
      { value: 1, flags: 0b1000 }, // 2 = 3 − 1, a new strand
      { value: 2, flags: 0 }, // 4 = 2 + 2
    ]);
  });

  it('AZW3: every record names exactly the NCX entries that touch it', () => {
    const m = readMobi(buildAzw3(long).file);
    expect(m.header.textRecordCount).toBeGreaterThan(3);
    const ncx = readIndex(m.records, m.header.ncxIndex).entries;
    const expected = touching(ncx, m.text.length);
    for (let r = 0; r < m.header.textRecordCount; r++) {
      const seqs = decodeSequences(tbsBytes(m.records[r + 1]));
      if (seqs.length) expect(seqs[0].type, `record ${r}`).toBe(8);
      expect(
        kf8Indices(seqs).sort((a, b) => a - b),
        `record ${r}`,
      ).toEqual(expected[r]);
    }
  });

  it('MOBI 6: the flat TBS names the first touching entry and how many touch', () => {
    for (const book of [small, long]) {
      const m = readMobi(buildMobi(book).file);
      const ncx = readIndex(m.records, m.header.ncxIndex).entries;
      expect(ncx.map((e) => e.values.get(4)![0])).toEqual([0, 0, 0, 0, 0]);
      const expected = touching(ncx, m.text.length);
      for (let r = 0; r < m.header.textRecordCount; r++) {
        const [seq, ...rest] = decodeSequences(tbsBytes(m.records[r + 1]));
        expect(rest, `record ${r}`).toEqual([]);
        const names = expected[r];
        if (!names.length) {
          expect(seq, `record ${r}`).toBeUndefined();
          continue;
        }
        expect(seq.value, `record ${r}`).toBe(names[0]);
        expect(seq.count ?? 1, `record ${r}`).toBe(names.length);
        expect(names).toEqual(Array.from({ length: names.length }, (_, k) => names[0] + k));
      }
    }
  });
});
