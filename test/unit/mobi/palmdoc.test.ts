import { describe, expect, it } from 'vitest';
import { compressPalmDoc, decompressPalmDoc } from '../../../src/mobi/palmdoc.ts';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

// mobi-format.md §8: outputs of calibre's compress_doc.
const vectors: [Buffer, string][] = [
  [Buffer.from('48656c6c6f20576f726c64', 'hex'), '48656c6c6fd76f726c64'],
  [Buffer.from('<p>abc</p><p>abc</p><p>abcdef</p><p>abcdef</p>'), '3c703e6162633c2f703e3c80578052646566806f6465663c2f703e'],
  [Buffer.from('café, naïve – 日本'), '63616602c3a92cee6102c3af76652003e280932006e697a5e69cac'],
  [Buffer.from('610162006320202064', 'hex'), '6101016200632020e4'],
  [
    Buffer.from('The quick brown fox jumps over the lazy dog. The quick brown fox jumps over the lazy dog.'),
    '546865f17569636be2726f776ee66f78ea756d7073ef766572f480f86c617a79e46f672ed4816f816f816f816f6f672e',
  ],
];

function seeded(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x80000000;
  };
}

describe('PalmDOC LZ77', () => {
  it('should match the fact sheet vectors byte for byte', () => {
    for (const [input, expected] of vectors) {
      expect(hex(compressPalmDoc(input))).toBe(expected);
      expect(decompressPalmDoc(Buffer.from(expected, 'hex')).equals(input)).toBe(true);
    }
  });

  it('should round-trip random bytes of every kind', () => {
    const rand = seeded(7);
    for (let t = 0; t < 40; t++) {
      const n = Math.floor(rand() * 4097);
      const buf = Buffer.alloc(n);
      // Mix a small alphabet (many matches) with arbitrary bytes (literal runs).
      for (let i = 0; i < n; i++)
        buf[i] = rand() < 0.5 ? ' abAB\x01\x80'.charCodeAt(Math.floor(rand() * 8)) : Math.floor(rand() * 256);
      expect(decompressPalmDoc(compressPalmDoc(buf)).equals(buf)).toBe(true);
    }
  });

  it('should round-trip real text with multibyte UTF-8 and shrink it', () => {
    const para = '<p>Ünïcödé – “quoted” 日本語のテキスト and plain English words repeat, repeat, repeat 🎉.</p>\n';
    const text = Buffer.from(para.repeat(60));
    const record = text.subarray(0, 4096);
    // The 4096-byte cut lands inside a multibyte character: the record must still round-trip.
    const packed = compressPalmDoc(record);
    expect(decompressPalmDoc(packed).equals(record)).toBe(true);
    expect(packed.length).toBeLessThan(record.length / 2);
  });

  it('should reject a back-reference before the start of the record', () => {
    expect(() => decompressPalmDoc(Buffer.from('41801f', 'hex'))).toThrow(/distance/);
  });
});
