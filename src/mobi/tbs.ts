// TBS for a hierarchical KF8 NCX (mobi-format.md §6.6): for every text record, the
// index entries that start, end, span or complete inside it, grouped into "strands"
// and written as sequences of (index − parent index, flags). calibre's inspector
// (`calibre-debug --inspect-mobi`) recomputes these and warns on a mismatch, which is
// how this module is checked.
//
// How a record's strands are formed (the rules readers recompute):
// - the touching entries are taken in text order (offset, then NCX index);
// - a strand starts at the first entry not yet used and goes down through first
//   children (the first touching child in text order) until it reaches an entry with
//   no touching child left;
// - there it takes the following siblings (same depth and parent, indices n+1, n+2, …);
//   a sibling that has touching children is taken too, and the strand goes on down
//   from it the same way, with no more siblings at that level;
// - the strand's entries are grouped by depth, one sequence per depth.
// So a strand may hold several top-level entries (a run of siblings, the last of which
// may have children), and the entries of a later strand can have lower indices than
// the last entry of the one before: the value of a later strand's first sequence is
// (last index of the previous strand − this index), flagged 0b1000. When that is
// negative anywhere in the book, the whole book is written as TBS type 5 instead of 8,
// with the difference negated and without the 0b1000 flag.
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

interface Touching extends TbsEntry {
  kind: Kind;
}

interface Sequence {
  value: number;
  flags: Map<number, number | true>;
}

/** A strand: its entries grouped by depth, shallowest first. */
type Strand = Touching[][];

class NegativeStrandIndex extends Error {}

export function kf8Tbs(entries: TbsEntry[], textLength: number, recordSize = 4096): Buffer[] {
  const records: Strand[][] = [];
  for (let start = 0; start < textLength; start += recordSize) {
    records.push(strandsOf(entries, start, Math.min(start + recordSize, textLength)));
  }
  let sequences: Sequence[][];
  try {
    sequences = records.map((strands) => encodeStrands(strands, 8));
  } catch (e) {
    if (!(e instanceof NegativeStrandIndex)) throw e;
    sequences = records.map((strands) => encodeStrands(strands, 5));
  }
  return sequences.map((seqs) => Buffer.concat(seqs.map((s, i) => encodeSequence(s, i === 0 ? 3 : 4))));
}

function strandsOf(entries: TbsEntry[], start: number, end: number): Strand[] {
  const pending: Touching[] = [];
  for (const e of entries) {
    const eEnd = e.offset + e.length;
    if (eEnd <= start || e.offset >= end) continue;
    const kind: Kind = e.offset >= start ? (eEnd <= end ? 'completes' : 'starts') : eEnd <= end ? 'ends' : 'spans';
    pending.push({ ...e, kind });
  }
  pending.sort((a, b) => a.offset - b.offset || a.index - b.index);

  const take = (e: Touching) => pending.splice(pending.indexOf(e), 1);
  const firstChild = (e: Touching) => pending.find((c) => c.parent === e.index);

  const strands: Strand[] = [];
  while (pending.length) {
    const chain: Touching[] = [];
    let node: Touching | undefined = pending[0];
    take(node);
    while (node) {
      chain.push(node);
      const child = firstChild(node);
      if (child) {
        take(child);
        node = child;
        continue;
      }
      // A leaf: add the run of following siblings; descend again from one with children.
      const leaf: Touching = node;
      node = undefined;
      let next = leaf.index + 1;
      for (const s of [...pending]) {
        if (s.depth !== leaf.depth || s.parent !== leaf.parent || s.index !== next) continue;
        take(s);
        next++;
        if (firstChild(s)) {
          node = s;
          break;
        }
        chain.push(s);
      }
    }
    const byDepth = new Map<number, Touching[]>();
    for (const e of chain) {
      const layer = byDepth.get(e.depth);
      if (layer) layer.push(e);
      else byDepth.set(e.depth, [e]);
    }
    strands.push([...byDepth.values()]);
  }
  return strands;
}

function encodeStrands(strands: Strand[], tbsType: 5 | 8): Sequence[] {
  const out: Sequence[] = [];
  let lastIndex = 0;
  for (const strand of strands) {
    const own: Sequence[] = [];
    for (const layer of strand) {
      const first = layer[0];
      const last = layer[layer.length - 1];
      const flags = new Map<number, number | true>();
      if (last.kind === 'spans') flags.set(0b001, 0);
      if (!out.length && !own.length) flags.set(0b010, tbsType);
      if (layer.length > 1) flags.set(0b100, layer.length);
      let value = first.index - (first.parent ?? 0);
      if (out.length && !own.length) {
        value = lastIndex - first.index;
        if (value >= 0) flags.set(0b1000, true);
        else if (tbsType === 5) value = -value;
        else throw new NegativeStrandIndex();
      }
      lastIndex = last.index;
      own.push({ value, flags });
    }
    // Of consecutive "spans" sequences in a strand, only the last keeps the 0b001 flag.
    for (let i = 0; i + 1 < own.length; i++) {
      if (own[i].flags.has(0b001) && own[i + 1].flags.has(0b001)) own[i].flags.delete(0b001);
    }
    out.push(...own);
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
