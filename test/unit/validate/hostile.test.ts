// Hostile files through the whole validateEpub: each must end in a clear
// message and bounded memory, never a crash. How fast is measured, not tested:
// bench/validate.ts (the zip bomb) and bench/fuzz-validate.ts (thousands of inputs).
import { strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { validateEpub } from '../../../src/validate/index.ts';
import type { ValidationReport } from '../../../src/validate/types.ts';
import { edit, minimalEpub, minimalFiles, rawZip, zip, zipBomb } from './fixtures.ts';

const LAUGHS = `<!DOCTYPE html [
<!ENTITY a "lollollollollollollollollollol">
${Array.from({ length: 9 }, (_, i) => `<!ENTITY ${String.fromCharCode(98 + i)} "${`&${String.fromCharCode(97 + i)};`.repeat(10)}">`).join('\n')}
]>`;

async function checked(input: Uint8Array): Promise<{ report: ValidationReport; grew: number }> {
  const rss = process.memoryUsage().rss;
  const report = await validateEpub(input);
  return { report, grew: process.memoryUsage().rss - rss };
}

const fatalIds = (r: ValidationReport) =>
  r.messages.filter((m) => m.severity === 'fatal' || m.severity === 'error').map((m) => m.id);

describe('hostile files', () => {
  it('should refuse a 3 MB zip bomb of 3 GB zeros before inflating it', async () => {
    const { report, grew } = await checked(zipBomb());
    expect(grew).toBeLessThan(256 * 1024 * 1024);
    expect(report.valid).toBe(false);
    expect(fatalIds(report)).toContain('PB-ZIP-003');
    expect(report.checkers).toEqual(['postbound']); // the engine never saw it
  });

  it('should refuse zip-slip names', async () => {
    const body = strToU8('application/epub+zip');
    const { report } = await checked(
      rawZip([
        { name: 'mimetype', body, method: 0, crc: 0, size: body.byteLength },
        { name: '../../evil.sh', body, method: 0, crc: 0, size: body.byteLength },
      ]),
    );
    expect(report.messages.find((m) => m.id === 'PB-ZIP-006')?.message).toContain('../../evil.sh');
  });

  it('should stop a billion-laughs content document at the parser', async () => {
    const files = edit(await minimalFiles(), 'EPUB/ch1.xhtml', (s) =>
      s.replace('<!DOCTYPE html>', LAUGHS).replace('before dawn', '&j;'),
    );
    const { report, grew } = await checked(zip(files));
    expect(grew).toBeLessThan(256 * 1024 * 1024);
    expect(report.valid).toBe(false);
    const m = report.messages.find((x) => x.locations[0]?.path === 'EPUB/ch1.xhtml' && x.severity !== 'info');
    expect(m?.message).toMatch(/entit|amplification/i);
  });

  it('should report deeply nested XHTML without overflowing the stack', async () => {
    const depth = 20_000;
    const files = edit(await minimalFiles(), 'EPUB/ch1.xhtml', (s) =>
      s.replace('<p>We left', `${'<div>'.repeat(depth)}deep${'</div>'.repeat(depth)}<p>We left`),
    );
    const { report } = await checked(zip(files));
    expect(report.valid).toBe(false);
    expect(report.messages.some((m) => /depth/i.test(m.message))).toBe(true);
  });

  it('should call truncated files and non-zips not a zip', async () => {
    const good = await minimalEpub();
    for (const bad of [good.subarray(0, good.byteLength - 30), strToU8('%PDF-1.7 not an epub at all')]) {
      const { report } = await checked(bad);
      expect(report.valid).toBe(false);
      expect(fatalIds(report)).toEqual(['PKG-004']);
      expect(report.messages[0]!.postboundId).toBe('PB-ZIP-001');
    }
  });

  it('should report a missing file on disk instead of throwing', async () => {
    const report = await validateEpub('/nonexistent/book.epub');
    expect(report.valid).toBe(false);
    expect(report.messages[0]!.message).toMatch(/ENOENT|no such file/);
  });
});
