import { describe, expect, it } from 'vitest';
import { readPdb, writePdb } from '../../../src/mobi/pdb.ts';
import { encodeExth, localeCode, readRecord0, writeRecord0 } from '../../../src/mobi/record0.ts';

describe('PDB container', () => {
  it('should lay out the header, record list and records so they read back', () => {
    const recs = [Buffer.from('zero'), Buffer.from('one!!'), Buffer.alloc(0), Buffer.from('three')];
    const file = writePdb('Ça: a long title that will be cut to 31 bytes', recs, 1700000000);
    expect(file.toString('latin1', 0x3c, 0x44)).toBe('BOOKMOBI');
    expect(file.readUInt16BE(0x4c)).toBe(4);
    // Record 0 starts after 78 + 8N bytes and 2 pad bytes (§1.2).
    expect(file.readUInt32BE(78)).toBe(78 + 8 * 4 + 2);
    expect(file.readUInt32BE(78 + 8 + 4)).toBe(2); // unique id 2*i
    const back = readPdb(file);
    expect(back.name).toBe('Ca:_a_long_title_that_will_be_c');
    expect(back.records.map((r) => r.toString())).toEqual(['zero', 'one!!', '', 'three']);
  });
});

describe('record 0', () => {
  it('should pad EXTH to 4 with at least one byte', () => {
    for (const s of ['', 'a', 'ab', 'abc', 'abcd']) {
      const b = encodeExth([{ type: 100, value: s }]);
      const len = b.readUInt32BE(4);
      expect(len).toBe(12 + 8 + Buffer.byteLength(s));
      expect(b.length % 4).toBe(0);
      expect(b.length).toBeGreaterThan(len);
    }
  });

  it('should write MOBI 6 header fields at their offsets and read them back', () => {
    const r = writeRecord0({
      version: 6,
      title: 'Tïtle',
      textLength: 12345,
      textRecordCount: 4,
      compression: 2,
      uniqueId: 0xdeadbeef,
      locale: localeCode('en-GB'),
      firstNonBookRecord: 5,
      firstImageRecord: 8,
      lastContentRecord: 10,
      fcisRecord: 12,
      flisRecord: 11,
      extraDataFlags: 3,
      ncxIndex: 5,
      exth: [
        { type: 100, value: 'Ann' },
        { type: 201, value: 2 },
        { type: 524, value: 'en-GB' },
      ],
    });
    expect(r.length % 4).toBe(0);
    expect(r.readUInt32BE(0x14)).toBe(0xe8);
    expect(r.readUInt16BE(0xc0)).toBe(1);
    expect(r.readUInt16BE(0xc2)).toBe(10);
    const h = readRecord0(r);
    expect(h).toMatchObject({
      compression: 2,
      textLength: 12345,
      textRecordCount: 4,
      encryption: 0,
      encoding: 65001,
      version: 6,
      minVersion: 6,
      uniqueId: 0xdeadbeef,
      title: 'Tïtle',
      locale: 0x0809,
      firstImageRecord: 8,
      exthFlags: 0x50,
      fcisRecord: 12,
      flisRecord: 11,
      extraDataFlags: 3,
      ncxIndex: 5,
    });
    expect(h.exth).toEqual([
      { type: 100, value: 'Ann' },
      { type: 201, value: 2 },
      { type: 524, value: 'en-GB' },
    ]);
    // The full name follows the padded EXTH (0x54) and ends with NULs.
    const at = r.readUInt32BE(0x54);
    expect(r.toString('utf8', at, at + r.readUInt32BE(0x58))).toBe('Tïtle');
    expect(r[at + r.readUInt32BE(0x58)]).toBe(0);
  });

  it('should map language tags to Windows locale ids', () => {
    expect(localeCode('en')).toBe(0x09);
    expect(localeCode('en-US')).toBe(0x0409);
    expect(localeCode('de-AT')).toBe(0x0c07);
    expect(localeCode('xx')).toBe(0);
  });
});

describe('JFIF header', async () => {
  const { ensureJfif } = await import('../../../src/mobi/jfif.ts');
  it('should add APP0 JFIF to a bare JPEG and leave others alone', () => {
    const bare = Buffer.from('ffd8ffdb0043', 'hex');
    const fixed = ensureJfif(bare);
    expect(fixed.toString('hex')).toBe('ffd8ffe000104a46494600010100000100010000ffdb0043');
    expect(ensureJfif(fixed)).toBe(fixed);
    const gif = Buffer.from('GIF89a');
    expect(ensureJfif(gif)).toBe(gif);
  });
});
