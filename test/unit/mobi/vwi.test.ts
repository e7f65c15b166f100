import { describe, expect, it } from 'vitest';
import { backwardVwi, forwardVwi, readBackwardVwi, readForwardVwi, tbsValue, trailingEntry } from '../../../src/mobi/vwi.ts';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('variable-width integers', () => {
  it('should encode the fact sheet values forward and backward', () => {
    const table: [number, string, string][] = [
      [0, '80', '80'],
      [1, '81', '81'],
      [127, 'ff', 'ff'],
      [128, '0180', '8100'],
      [0x11111, '042291', '842211'],
    ];
    for (const [v, f, b] of table) {
      expect(hex(forwardVwi(v))).toBe(f);
      expect(hex(backwardVwi(v))).toBe(b);
      expect(readForwardVwi(Buffer.from(f, 'hex'), 0)).toEqual({ value: v, length: f.length / 2 });
      expect(readBackwardVwi(Buffer.from(b, 'hex'), b.length / 2)).toBe(v);
    }
  });

  it('should size trailing entries including their own size bytes', () => {
    expect(hex(trailingEntry(Buffer.alloc(0)))).toBe('81');
    expect(hex(trailingEntry(Buffer.from('868002', 'hex')))).toBe('86800284');
    const e126 = trailingEntry(Buffer.alloc(126));
    expect(e126.length).toBe(127);
    expect(e126[126]).toBe(0xff);
    const e127 = trailingEntry(Buffer.alloc(127));
    expect(e127.length).toBe(129);
    expect(hex(e127.subarray(127))).toBe('8101');
  });

  it('should build TBS values with flag bits', () => {
    expect(hex(Buffer.concat([tbsValue(5, 0b011), forwardVwi(0), forwardVwi(0)]))).toBe('ab8080');
    expect(hex(Buffer.concat([tbsValue(0, 0b010), forwardVwi(0)]))).toBe('8280');
    expect(hex(Buffer.concat([tbsValue(2, 0b110), forwardVwi(0), Buffer.from([3])]))).toBe('968003');
  });
});
