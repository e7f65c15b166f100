// INDX tables: the flat MOBI-6 NCX with its CNCX labels and TBS trailing bytes
// (mobi-format.md §3.5 and §4.6), plus the generic table writer AZW3 reuses (§6.3).
import { forwardVwi, tbsValue } from './vwi.ts';

/** One TAGX row: tag number, values per entry, control-byte mask. */
export interface TagDef {
  tag: number;
  vpe: number;
  mask: number;
}

export interface IndexEntry {
  /** ASCII entry name. */
  name: string;
  /** Values per tag (a tag that is absent gets no bits in the control byte). */
  values: Map<number, number[]>;
}

const MAX_RECORD = 0x10000 - 1048;

function pad4(b: Buffer): Buffer {
  return Buffer.concat([b, Buffer.alloc((4 - (b.length % 4)) % 4)]);
}

function lowestBit(mask: number): number {
  let s = 0;
  while (!((mask >> s) & 1)) s++;
  return s;
}

function encodeEntry(e: IndexEntry, tags: TagDef[]): Buffer {
  let control = 0;
  const values: Buffer[] = [];
  for (const t of tags) {
    const v = e.values.get(t.tag);
    if (!v) continue;
    const count = v.length / t.vpe;
    // A count that fills every bit of a multi-bit mask would mean "byte count follows".
    if ((count << lowestBit(t.mask)) & ~t.mask || (count << lowestBit(t.mask) === t.mask && t.mask !== 1 << lowestBit(t.mask)))
      throw new Error(`INDX: ${count} values do not fit tag ${t.tag}`);
    control |= count << lowestBit(t.mask);
    for (const x of v) values.push(forwardVwi(x));
  }
  const name = Buffer.from(e.name, 'latin1');
  return Buffer.concat([Buffer.from([name.length]), name, Buffer.from([control]), ...values]);
}

function tagx(tags: TagDef[]): Buffer {
  const b = Buffer.alloc(12 + 4 * (tags.length + 1));
  b.write('TAGX', 0, 'latin1');
  b.writeUInt32BE(b.length, 4);
  b.writeUInt32BE(1, 8);
  tags.forEach((t, i) => {
    b.writeUInt8(t.tag, 12 + 4 * i);
    b.writeUInt8(t.vpe, 13 + 4 * i);
    b.writeUInt8(t.mask, 14 + 4 * i);
  });
  b.writeUInt8(1, b.length - 1);
  return b;
}

function dataRecord(entries: Buffer[]): Buffer {
  const head = Buffer.alloc(192);
  head.write('INDX', 0, 'latin1');
  head.writeUInt32BE(192, 4);
  head.writeUInt32BE(1, 12);
  head.fill(0xff, 28, 36);
  head.writeUInt32BE(entries.length, 24);
  const offsets: number[] = [];
  let p = 192;
  for (const e of entries) {
    offsets.push(p);
    p += e.length;
  }
  const body = pad4(Buffer.concat([head, ...entries]));
  body.writeUInt32BE(body.length, 20);
  const idxt = Buffer.alloc(4 + 2 * offsets.length);
  idxt.write('IDXT', 0, 'latin1');
  offsets.forEach((o, i) => {
    idxt.writeUInt16BE(o, 4 + 2 * i);
  });
  return pad4(Buffer.concat([body, idxt]));
}

/**
 * Build an index: [header record, data record(s)] (CNCX records are added by the caller
 * right after them; `cncxCount` goes into the header).
 */
export function buildIndex(tags: TagDef[], entries: IndexEntry[], cncxCount: number): Buffer[] {
  const groups: { names: string[]; bufs: Buffer[] }[] = [];
  let cur = { names: [] as string[], bufs: [] as Buffer[], size: 0 };
  for (const e of entries) {
    const b = encodeEntry(e, tags);
    if (cur.bufs.length && 192 + cur.size + b.length + 2 * (cur.bufs.length + 1) + 8 > MAX_RECORD) {
      groups.push(cur);
      cur = { names: [], bufs: [], size: 0 };
    }
    cur.names.push(e.name);
    cur.bufs.push(b);
    cur.size += b.length;
  }
  if (cur.bufs.length) groups.push(cur);
  const data = groups.map((g) => dataRecord(g.bufs));

  const tx = tagx(tags);
  const geometry: Buffer[] = [];
  const geoOffsets: number[] = [];
  let p = 192 + tx.length;
  for (const g of groups) {
    const last = Buffer.from(g.names[g.names.length - 1], 'latin1');
    const item = Buffer.concat([Buffer.from([last.length]), last, Buffer.alloc(2)]);
    item.writeUInt16BE(g.bufs.length, item.length - 2);
    geoOffsets.push(p);
    geometry.push(item);
    p += item.length;
  }
  const head = Buffer.alloc(192);
  head.write('INDX', 0, 'latin1');
  head.writeUInt32BE(192, 4);
  head.writeUInt32BE(2, 16);
  head.writeUInt32BE(groups.length, 24);
  head.writeUInt32BE(65001, 28);
  head.writeUInt32BE(0xffffffff, 32);
  head.writeUInt32BE(entries.length, 36);
  head.writeUInt32BE(cncxCount, 52);
  head.writeUInt32BE(192, 180);
  const body = pad4(Buffer.concat([head, tx, ...geometry]));
  body.writeUInt32BE(body.length, 20);
  const idxt = Buffer.alloc(4 + 2 * geoOffsets.length);
  idxt.write('IDXT', 0, 'latin1');
  geoOffsets.forEach((o, i) => {
    idxt.writeUInt16BE(o, 4 + 2 * i);
  });
  return [pad4(Buffer.concat([body, idxt])), ...data];
}

/** CNCX: length-prefixed UTF-8 strings; offset = record × 0x10000 + position (§4.6). */
export class Cncx {
  private records: Buffer[][] = [[]];
  private sizes = [0];
  private seen = new Map<string, number>();

  add(text: string): number {
    const label = text.length > 500 ? text.slice(0, 500) : text || 'Unknown';
    const known = this.seen.get(label);
    if (known !== undefined) return known;
    const bytes = Buffer.from(label, 'utf8');
    const item = Buffer.concat([forwardVwi(bytes.length), bytes]);
    let r = this.records.length - 1;
    if (this.sizes[r] + item.length > 0xfc00) {
      this.records.push([]);
      this.sizes.push(0);
      r++;
    }
    const offset = r * 0x10000 + this.sizes[r];
    this.records[r].push(item);
    this.sizes[r] += item.length;
    this.seen.set(label, offset);
    return offset;
  }

  toRecords(): Buffer[] {
    if (this.sizes[0] === 0) return [];
    return this.records.map((r) => pad4(Buffer.concat(r)));
  }
}

export interface NcxItem {
  /** Byte offset of the target in the uncompressed text. */
  offset: number;
  length: number;
  label: string;
}

/** Names that sort like numbers: uppercase hex, one even width for the whole table. */
export function entryNames(count: number): string[] {
  let width = 2;
  while (16 ** width < count) width += 2;
  return Array.from({ length: count }, (_, i) => i.toString(16).toUpperCase().padStart(width, '0'));
}

export const NCX_TAGS: TagDef[] = [
  { tag: 1, vpe: 1, mask: 0x01 },
  { tag: 2, vpe: 1, mask: 0x02 },
  { tag: 3, vpe: 1, mask: 0x04 },
  { tag: 4, vpe: 1, mask: 0x08 },
];

/**
 * The flat NCX: entries sorted by offset, with duplicates and empty spans dropped
 * (calibre does the same). Returns the records and the entries actually written.
 */
export function buildNcx(items: NcxItem[]): { records: Buffer[]; entries: NcxItem[] } {
  const sorted = [...items].sort((a, b) => a.offset - b.offset);
  const kept: NcxItem[] = [];
  for (const it of sorted) {
    if (it.length <= 0 || kept.some((k) => k.offset === it.offset)) continue;
    kept.push(it);
  }
  if (!kept.length) return { records: [], entries: [] };
  const cncx = new Cncx();
  const names = entryNames(kept.length);
  const entries = kept.map((it, i) => ({
    name: names[i],
    values: new Map([
      [1, [it.offset]],
      [2, [it.length]],
      [3, [cncx.add(it.label)]],
      [4, [0]],
    ]),
  }));
  const cncxRecords = cncx.toRecords();
  return { records: [...buildIndex(NCX_TAGS, entries, cncxRecords.length), ...cncxRecords], entries: kept };
}

/** TBS data for each 4096-byte text record against a flat NCX (§3.5, calibre's "book" form). */
export function tbsForRecords(entries: NcxItem[], textLength: number, recordSize = 4096): Buffer[] {
  const out: Buffer[] = [];
  for (let start = 0; start < textLength; start += recordSize) {
    const end = start + recordSize;
    const starts: number[] = [];
    const ends: number[] = [];
    const completes: number[] = [];
    const spans: number[] = [];
    entries.forEach((e, i) => {
      const eEnd = e.offset + e.length;
      if (eEnd <= start || e.offset >= end) return;
      if (e.offset >= start) (eEnd <= end ? completes : starts).push(i);
      else (eEnd <= end ? ends : spans).push(i);
    });
    const touching = [...starts, ...ends, ...completes, ...spans].sort((a, b) => a - b);
    if (!touching.length) out.push(Buffer.alloc(0));
    else if (spans.length && touching.length === 1)
      out.push(Buffer.concat([tbsValue(spans[0], 0b011), forwardVwi(0), forwardVwi(0)]));
    else if (touching.length === 1 && !completes.length) out.push(Buffer.concat([tbsValue(touching[0], 0b010), forwardVwi(0)]));
    else out.push(Buffer.concat([tbsValue(touching[0], 0b110), forwardVwi(0), Buffer.from([touching.length])]));
  }
  return out;
}
