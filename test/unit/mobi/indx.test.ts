import { describe, expect, it } from 'vitest';
import { buildNcx, Cncx, entryNames, tbsForRecords } from '../../../src/mobi/indx.ts';
import { readIndex } from '../../../src/mobi/reader.ts';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('NCX index', () => {
  it('should name entries in fixed-width uppercase hex', () => {
    expect(entryNames(3)).toEqual(['00', '01', '02']);
    expect(entryNames(300)[299]).toBe('012B');
  });

  it('should write a flat index that reads back with labels, sorted and deduplicated', () => {
    const { records, entries } = buildNcx([
      { offset: 500, length: 100, label: 'Zwei' },
      { offset: 100, length: 400, label: 'Eins — ü' },
      { offset: 500, length: 50, label: 'duplicate offset' },
      { offset: 700, length: 0, label: 'empty' },
    ]);
    expect(entries.map((e) => e.label)).toEqual(['Eins — ü', 'Zwei']);
    expect(records.map((r) => r.toString('latin1', 0, 4))).toEqual(['INDX', 'INDX', '\u008bEin']); // CNCX: vwi(11) + label
    const head = records[0];
    expect(head.readUInt32BE(36)).toBe(2);
    expect(head.readUInt32BE(52)).toBe(1);
    // calibre's inspector: first IDXT u16 = 192 + TAGX length.
    const idxt = head.readUInt32BE(20);
    expect(head.toString('latin1', idxt, idxt + 4)).toBe('IDXT');
    expect(head.readUInt16BE(idxt + 4)).toBe(192 + head.readUInt32BE(196));
    const { entries: back, cncx } = readIndex(records, 0);
    expect(back.map((e) => [e.name, e.values.get(1), e.values.get(2), cncx(e.values.get(3)![0]), e.values.get(4)])).toEqual([
      ['00', [100], [400], 'Eins — ü', [0]],
      ['01', [500], [100], 'Zwei', [0]],
    ]);
  });

  it('should split a large index into several data records', () => {
    const items = Array.from({ length: 5000 }, (_, i) => ({ offset: i * 10, length: 10, label: `Entry number ${i}` }));
    const { records } = buildNcx(items);
    expect(records[0].readUInt32BE(24)).toBeGreaterThan(1);
    for (const r of records) expect(r.length).toBeLessThanOrEqual(0x10000);
    const { entries, cncx } = readIndex(records, 0);
    expect(entries).toHaveLength(5000);
    expect(cncx(entries[4321].values.get(3)![0])).toBe('Entry number 4321');
  });

  it('should reuse CNCX offsets for equal labels', () => {
    const c = new Cncx();
    expect(c.add('a')).toBe(0);
    expect(c.add('bb')).toBe(2);
    expect(c.add('a')).toBe(0);
  });

  it('should encode TBS like calibre for starts, spans and completes', () => {
    const tbs = tbsForRecords(
      [
        { offset: 170, length: 165, label: 'a' },
        { offset: 335, length: 4412, label: 'b' },
        { offset: 4747, length: 9000, label: 'c' },
      ],
      4096 * 4,
    );
    // Record 1: one complete + one start; record 2: end + start; record 3: c spans; record 4: c ends.
    expect(tbs.map(hex)).toEqual(['868002', '8e8002', '938080', '9280']);
  });
});
