// Where a pre-check of postbound finds what EPUBCheck has an id for, the
// report carries EPUBCheck's id (what the stores' validator prints) with
// postbound's own beside it, in the text report and in the --json report, and
// once: the engine's message for the same place is not repeated.
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { formatReport, toEpubcheckJson, validateEpub } from '../../../src/validate/index.ts';
import { minimalEpub, minimalFiles, rawZip } from './fixtures.ts';

async function duplicateEntry(): Promise<Uint8Array> {
  const files = await minimalFiles();
  const ch2 = files.find((f) => f.name === 'EPUB/ch2.xhtml')!;
  return rawZip(
    [...files, ch2].map((f) => ({ name: f.name, body: f.data, method: 0 as const, crc: crc32(f.data), size: f.data.byteLength })),
  );
}

describe('EPUBCheck ids in the reports', () => {
  it('should report a duplicate entry as OPF-060 (PB-ZIP-007), once, and still run every other check', async () => {
    const report = await validateEpub(await duplicateEntry());
    const dup = report.messages.filter((m) => m.id === 'OPF-060');
    expect(dup).toMatchObject([{ postboundId: 'PB-ZIP-007', severity: 'error', locations: [{ path: 'EPUB/ch2.xhtml' }] }]);
    expect(report.valid).toBe(false);
    expect(report.checkers.some((c) => c.startsWith('epubcheck-ts'))).toBe(true);
    expect(formatReport(report)).toMatch(/EPUB\/ch2\.xhtml {2}error {2}OPF-060 \(PB-ZIP-007\) {2}The zip holds/);
    const json = toEpubcheckJson(report);
    expect(json.messages.filter((m) => m.ID === 'OPF-060')).toMatchObject([{ postboundID: 'PB-ZIP-007', severity: 'ERROR' }]);
  });

  it('should report an unreadable zip as PKG-004 (PB-ZIP-001)', async () => {
    const good = await minimalEpub();
    const report = await validateEpub(good.subarray(0, good.byteLength - 30));
    expect(report.messages).toMatchObject([{ id: 'PKG-004', postboundId: 'PB-ZIP-001', severity: 'fatal' }]);
    expect(formatReport(report)).toContain('fatal  PKG-004 (PB-ZIP-001)  The file is not a readable zip archive');
    expect(toEpubcheckJson(report).messages[0]).toMatchObject({ ID: 'PKG-004', postboundID: 'PB-ZIP-001', severity: 'FATAL' });
  });

  it('should keep postbound-only ids as they are, with no EPUBCheck id made up for them', async () => {
    const report = await validateEpub(
      rawZip([{ name: '../evil.txt', body: new Uint8Array([120]), method: 0, crc: crc32(new Uint8Array([120])), size: 1 }]),
    );
    expect(report.messages.map((m) => [m.id, m.postboundId])).toEqual([['PB-ZIP-006', undefined]]);
    expect(toEpubcheckJson(report).messages[0]).not.toHaveProperty('postboundID');
  });
});
