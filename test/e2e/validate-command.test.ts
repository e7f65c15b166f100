// `postbound validate --epubcheck`: Java EPUBCheck's findings merged with ours.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateCommand } from '../../src/validate/command.ts';
import { edit, minimalFiles, zip } from '../unit/validate/fixtures.ts';

describe('postbound validate --epubcheck', () => {
  it('should add what only Java EPUBCheck finds and name both checkers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'postbound-validate-java-'));
    const file = join(dir, 'attr.epub');
    // an attribute HTML does not define: epubcheck-ts lets it through, Java does not
    writeFileSync(file, zip(edit(await minimalFiles(), 'EPUB/ch1.xhtml', (s) => s.replace('<p>We', '<p colour="red">We'))));
    let out = '';
    const io = { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (out += s) } };
    expect(await validateCommand([file], io)).toBe(0);
    out = '';
    expect(await validateCommand([file, '--epubcheck', '--json'], io)).toBe(1);
    const json = JSON.parse(out);
    expect(json.checker.checkerVersion).toMatch(/epubcheck-ts .*EPUBCheck 4\.2\.6/);
    expect(json.messages).toContainEqual(
      expect.objectContaining({
        ID: 'RSC-005',
        severity: 'ERROR',
        locations: [expect.objectContaining({ path: 'EPUB/ch1.xhtml' })],
      }),
    );
  });
});
