// TBS for a hierarchical KF8 NCX (mobi-format.md §6.6): for every text record, the
// index entries that start, end, span or complete inside it, grouped into "strands"
// (a top-level entry and the chain of its touching descendants) and written as
// sequences of (index − parent index, flags). calibre's inspector
// (`calibre-debug --inspect-mobi`) recomputes these and warns on a mismatch, which is
// how this module is checked.
import { forwardVwi } from './vwi.ts';

export interface TbsEntry {
  /** Position in the NCX (entries are numbered in (depth, offset) order). */
  index: number;
  parent?: number;
  depth: number;
  offset: number;
  length: number;
}

type Kind = 'starts' | 'ends' | 'spans' | 'completes';

interface Sequence {
  value: number;
  flags: Map<number, number | true>;
}

const TBS_TYPE = 8;

export function kf8Tbs(entries: TbsEntry[], textLength: number, recordSize = 4096): Buffer[] {
  const out: Buffer[] = [];
  for (let start = 0; start < textLength; start += recordSize) {
    const end = start + recordSize;
    const kind = new Map<number, Kind>();
    for (const e of entries) {
      const eEnd = e.offset + e.length;
      if (eEnd <= start || e.offset >= end) continue;
      if (e.offset >= start) kind.set(e.index, eEnd <= end ? 'completes' : 'starts');
      else kind.set(e.index, eEnd <= end ? 'ends' : 'spans');
    }
    const touching = entries.filter((e) => kind.has(e.index));
    const children = (p: number) => touching.filter((e) => e.parent === p).sort((a, b) => a.index - b.index);
    const strands: TbsEntry[][][] = [];
    for (const top of touching.filter((e) => e.parent === undefined).sort((a, b) => a.index - b.index)) {
      const strand: TbsEntry[][] = [[top]];
      let level = children(top.index);
      while (level.length) {
        strand.push(level);
        // Deeper levels follow only while one parent holds them (a chain, not a tree).
        const next = level.flatMap((e) => children(e.index));
        if (next.some((e) => e.parent !== next[0]?.parent)) break;
        level = next;
      }
      strands.push(strand);
    }
    const seqs: Sequence[] = [];
    let lastSpans: Sequence | undefined;
    let previousLast: number | undefined;
    for (const strand of strands) {
      strand.forEach((group, g) => {
        const first = group[0];
        const flags = new Map<number, number | true>();
        let value = first.index - (first.parent ?? 0);
        if (g === 0 && previousLast !== undefined) {
          flags.set(0b1000, true);
          value = previousLast - first.index;
        }
        if (group.length > 1) flags.set(0b100, group.length);
        const seq = { value, flags };
        if (group.length === 1 && kind.get(first.index) === 'spans') lastSpans = seq;
        seqs.push(seq);
      });
      const lastGroup = strand[strand.length - 1];
      previousLast = lastGroup[lastGroup.length - 1].index;
    }
    if (seqs.length) seqs[0].flags.set(0b010, TBS_TYPE);
    if (lastSpans) lastSpans.flags.set(0b001, 0);
    out.push(Buffer.concat(seqs.map((s, i) => encodeSequence(s, i === 0 ? 3 : 4))));
  }
  return out;
}

function encodeSequence(s: Sequence, bits: number): Buffer {
  let flagBits = 0;
  for (const f of s.flags.keys()) flagBits |= f;
  const parts = [forwardVwi(s.value * 2 ** bits + flagBits)];
  const type = s.flags.get(0b010);
  if (typeof type === 'number') parts.push(forwardVwi(type));
  const count = s.flags.get(0b100);
  if (typeof count === 'number') parts.push(Buffer.from([count]));
  const spans = s.flags.get(0b001);
  if (typeof spans === 'number') parts.push(forwardVwi(spans));
  return Buffer.concat(parts);
}
