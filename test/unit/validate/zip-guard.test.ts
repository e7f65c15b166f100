import { strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { guardZip, inflateEntry, unsafeName } from '../../../src/validate/zip-guard.ts';
import { minimalEpub, rawZip, zipBomb } from './fixtures.ts';

const ids = (r: { messages: { id: string }[] }) => r.messages.map((m) => m.id);
const stored = (name: string, text: string) => {
  const body = strToU8(text);
  return { name, body, method: 0 as const, crc: 0, size: body.byteLength };
};

describe('guardZip', () => {
  it('should pass a valid EPUB and list its entries with sizes', async () => {
    const r = await guardZip(await minimalEpub());
    expect(r.ok).toBe(true);
    expect(r.messages).toEqual([]);
    expect(r.entries[0]).toMatchObject({ name: 'mimetype', method: 0, uncompressedSize: 20 });
    expect(r.entries.map((e) => e.name)).toContain('EPUB/package.opf');
  });

  it('should refuse a 3 GB zip bomb from its central directory, fast and without inflating', async () => {
    const bomb = zipBomb();
    expect(bomb.byteLength).toBeLessThan(4 * 1024 * 1024);
    const rss = process.memoryUsage().rss;
    const t = performance.now();
    const r = await guardZip(bomb);
    expect(performance.now() - t).toBeLessThan(500);
    expect(process.memoryUsage().rss - rss).toBeLessThan(200 * 1024 * 1024);
    expect(r.ok).toBe(false);
    expect(ids(r)).toContain('PB-ZIP-003');
    expect(ids(r)).toContain('PB-ZIP-004');
  });

  it('should flag a high compression ratio on an entry under the size limit', async () => {
    const r = await guardZip(zipBomb(64 * 1024 * 1024));
    expect(ids(r)).toEqual(['PB-ZIP-005']);
  });

  it('should refuse path traversal, absolute names and backslashes', async () => {
    const r = await guardZip(
      rawZip([
        stored('mimetype', 'application/epub+zip'),
        stored('../evil', 'x'),
        stored('/etc/passwd', 'x'),
        stored('EPUB\\a.xhtml', 'x'),
      ]),
    );
    expect(r.ok).toBe(false);
    expect(r.messages.map((m) => `${m.id} ${m.locations[0]?.path}`)).toEqual([
      'PB-ZIP-006 ../evil',
      'PB-ZIP-006 /etc/passwd',
      'PKG-009 EPUB\\a.xhtml', // EPUBCheck's id for a disallowed character, postbound's beside it
    ]);
    expect(r.messages.map((m) => m.postboundId ?? m.id)).toEqual(['PB-ZIP-006', 'PB-ZIP-006', 'PB-ZIP-006']);
    expect(unsafeName('EPUB/text/../x.xhtml')).toMatch(/\.\./);
    expect(unsafeName('EPUB/..x/y')).toBeUndefined();
  });

  it("should report duplicate names under EPUBCheck's id, as an error, not a reason to stop", async () => {
    const r = await guardZip(rawZip([stored('mimetype', 'application/epub+zip'), stored('a', '1'), stored('a', '2')]));
    expect(r.messages).toMatchObject([
      { id: 'OPF-060', postboundId: 'PB-ZIP-007', severity: 'error', locations: [{ path: 'a' }] },
    ]);
    expect(r.ok).toBe(true);
  });

  it('should refuse too many entries before reading them', async () => {
    const entries = Array.from({ length: 50 }, (_, i) => stored(`f${i}`, 'x'));
    const r = await guardZip(rawZip(entries), { maxEntries: 10 });
    expect(ids(r)).toEqual(['PB-ZIP-002']);
    expect(r.entries).toEqual([]);
  });

  it('should call a truncated zip, random bytes and an empty file not a zip', async () => {
    const good = await minimalEpub();
    const chopped = new Uint8Array([...good.subarray(0, 1000), ...good.subarray(good.byteLength - 600)]);
    for (const bad of [
      chopped,
      good.subarray(0, good.byteLength - 100),
      good.subarray(0, good.byteLength >> 1),
      strToU8('hello, not a zip'),
      new Uint8Array(),
    ]) {
      const r = await guardZip(bad);
      expect(r.ok).toBe(false);
      expect(r.messages).toContainEqual(expect.objectContaining({ id: 'PKG-004', postboundId: 'PB-ZIP-001', severity: 'fatal' }));
      expect(r.messages[0]!.message).toMatch(/not a readable zip|truncated/);
    }
  });

  it('should stop inflating an entry at its declared size', async () => {
    const { deflateRawSync, crc32 } = await import('node:zlib');
    const real = Buffer.alloc(10 * 1024 * 1024, 0x61);
    const body = new Uint8Array(deflateRawSync(real));
    // the header claims 1000 bytes; the stream holds 10 MiB
    const data = rawZip([{ name: 'lie.txt', body, method: 8, crc: crc32(real), size: 1000 }]);
    const r = await guardZip(data);
    const entry = r.entries[0]!;
    expect(() => inflateEntry(data, entry)).toThrow();
    const honest = rawZip([{ name: 'ok.txt', body, method: 8, crc: crc32(real), size: real.byteLength }]);
    expect(inflateEntry(honest, (await guardZip(honest, { maxRatio: 10_000 })).entries[0]!).byteLength).toBe(real.byteLength);
  });
});
