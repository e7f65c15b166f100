// A small MOBI/AZW3 reader for our own tests: PDB records, record 0, EXTH, the text
// with trailing entries removed, images and INDX tables (mobi-format.md §1–§4.6).
import { decompressPalmDoc } from './palmdoc.ts';
import { readPdb } from './pdb.ts';
import { type Record0, readRecord0 } from './record0.ts';
import { readBackwardVwi, readForwardVwi } from './vwi.ts';

export interface MobiFile {
  name: string;
  records: Buffer[];
  header: Record0;
  /** The uncompressed text, trailing entries removed. */
  text: Buffer;
  /** Image records from the first image record up to FLIS/FDST/EOF. */
  images: Buffer[];
  exth(type: number): (string | number)[];
}

/** Remove the trailing entries that `flags` (header 0xF0) announces (§3.3). */
export function stripTrailing(record: Buffer, flags: number): Buffer {
  let end = record.length;
  for (let bit = 15; bit >= 1; bit--) {
    if (flags & (1 << bit)) end -= readBackwardVwi(record, end);
  }
  if (flags & 1) end -= (record[end - 1] & 3) + 1;
  if (end < 0) throw new Error('trailing entries are longer than the record');
  return record.subarray(0, end);
}

export function readMobi(file: Buffer): MobiFile {
  const pdb = readPdb(file);
  if (pdb.type !== 'BOOKMOBI') throw new Error(`not a MOBI file: type/creator is ${pdb.type}`);
  const header = readRecord0(pdb.records[0]);
  const texts: Buffer[] = [];
  for (let i = 1; i <= header.textRecordCount; i++) {
    const raw = stripTrailing(pdb.records[i], header.extraDataFlags);
    const plain = header.compression === 2 ? decompressPalmDoc(raw) : raw;
    if (plain.length > 4096) throw new Error(`text record ${i} decompresses to ${plain.length} bytes (> 4096)`);
    texts.push(plain);
  }
  const images: Buffer[] = [];
  for (let i = header.firstImageRecord; i < pdb.records.length; i++) {
    const magic = pdb.records[i].toString('latin1', 0, 4);
    if (['FLIS', 'FCIS', 'FDST', 'DATP', 'SRCS', 'BOUN'].includes(magic) || pdb.records[i].equals(EOF)) break;
    images.push(pdb.records[i]);
  }
  return {
    name: pdb.name,
    records: pdb.records,
    header,
    text: Buffer.concat(texts),
    images,
    exth: (type) => header.exth.filter((r) => r.type === type).map((r) => r.value),
  };
}

const EOF = Buffer.from('e98e0d0a', 'hex');

export interface IndexTableEntry {
  name: string;
  values: Map<number, number[]>;
}

/** Read an INDX table (header record at `at`) and its CNCX strings. */
export function readIndex(records: Buffer[], at: number): { entries: IndexTableEntry[]; cncx: (offset: number) => string } {
  const head = records[at];
  if (head.toString('latin1', 0, 4) !== 'INDX') throw new Error(`record ${at} is not INDX`);
  const dataCount = head.readUInt32BE(24);
  const cncxCount = head.readUInt32BE(52);
  const tagxAt = head.readUInt32BE(180);
  if (head.toString('latin1', tagxAt, tagxAt + 4) !== 'TAGX') throw new Error('INDX header without TAGX');
  const tagxLen = head.readUInt32BE(tagxAt + 4);
  const controlBytes = head.readUInt32BE(tagxAt + 8);
  const tags: { tag: number; vpe: number; mask: number; end: number }[] = [];
  for (let p = tagxAt + 12; p < tagxAt + tagxLen; p += 4) {
    tags.push({ tag: head[p], vpe: head[p + 1], mask: head[p + 2], end: head[p + 3] });
  }
  const entries: IndexTableEntry[] = [];
  for (let r = at + 1; r <= at + dataCount; r++) {
    const rec = records[r];
    const idxt = rec.readUInt32BE(20);
    const count = rec.readUInt32BE(24);
    const offs: number[] = [];
    for (let i = 0; i < count; i++) offs.push(rec.readUInt16BE(idxt + 4 + 2 * i));
    for (const off of offs) {
      const nameLen = rec[off];
      const name = rec.toString('latin1', off + 1, off + 1 + nameLen);
      let p = off + 1 + nameLen;
      const control = [...rec.subarray(p, p + controlBytes)];
      p += controlBytes;
      const values = new Map<number, number[]>();
      let cb = 0;
      for (const t of tags) {
        if (t.end) {
          cb++;
          continue;
        }
        let shift = 0;
        while (!((t.mask >> shift) & 1)) shift++;
        const n = (control[cb] & t.mask) >> shift;
        if (!n) continue;
        const vals: number[] = [];
        for (let k = 0; k < n * t.vpe; k++) {
          const v = readForwardVwi(rec, p);
          vals.push(v.value);
          p += v.length;
        }
        values.set(t.tag, vals);
      }
      entries.push({ name, values });
    }
  }
  const cncxRecords = records.slice(at + dataCount + 1, at + dataCount + 1 + cncxCount);
  const cncx = (offset: number) => {
    const rec = cncxRecords[Math.floor(offset / 0x10000)];
    const p = offset % 0x10000;
    const len = readForwardVwi(rec, p);
    return rec.toString('utf8', p + len.length, p + len.length + len.value);
  };
  return { entries, cncx };
}
