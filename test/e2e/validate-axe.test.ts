// axe-core in the shared Chromium over each content document of an EPUB.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SharedBrowser } from '../../src/browser/browser.ts';
import { validateEpub } from '../../src/validate/index.ts';
import type { ValidationReport } from '../../src/validate/types.ts';
import { edit, minimalFiles, zip } from '../unit/validate/fixtures.ts';

const shared = new SharedBrowser();
afterAll(() => shared.close());

const ace = (r: ValidationReport) => r.messages.filter((m) => m.id.startsWith('ACE-'));

let clean: ValidationReport;
let broken: ValidationReport;
beforeAll(async () => {
  const browser = await shared.get();
  const files = await minimalFiles();
  clean = await validateEpub(zip(files), { browser });
  const bad = edit(
    edit(files, 'EPUB/ch1.xhtml', (s) =>
      s.replace(/ alt="[^"]*"/, '').replace('<p>We left', '<p style="color:#ddd;background:#fff">We left'),
    ),
    'EPUB/ch2.xhtml',
    (s) => s.replace('The town', '<a href="ch1.xhtml"><img src="images/fig.png"/></a> The town'),
  );
  broken = await validateEpub(zip(bad), { browser, sources: { 'EPUB/ch1.xhtml': 'content/posts/01-leaving.md' } });
});

describe('axe-core over content documents', () => {
  it('should find no violations in the minimal EPUB and say that axe ran', () => {
    expect(clean.checkers).toContain('axe-core');
    expect(ace(clean)).toEqual([]);
    expect(clean.messages.filter((m) => m.id === 'PB-AXE-001')).toEqual([]);
  });

  it('should report a missing alt and low contrast as ACE-<rule>, located in the document', () => {
    const ids = ace(broken).map((m) => `${m.id} ${m.locations[0]!.path}`);
    expect(ids).toContain('ACE-image-alt EPUB/ch1.xhtml');
    expect(ids).toContain('ACE-color-contrast EPUB/ch1.xhtml');
    expect(ids).toContain('ACE-link-name EPUB/ch2.xhtml');
    const alt = ace(broken).find((m) => m.id === 'ACE-image-alt')!;
    expect(alt.locations[0]).toMatchObject({ line: 13 });
    expect(alt.hint).toContain('dequeuniversity.com');
    expect(alt.source).toEqual({ file: 'content/posts/01-leaving.md' });
  });
});
