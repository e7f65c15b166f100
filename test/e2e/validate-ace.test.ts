// DAISY Ace (@daisy/ace-cli, with the system Chromium) as the reference for
// postbound's accessibility findings: no violation on the sample's EPUB, and on
// a book written to fail (an image without alt, a chapter without a language,
// a skipped heading level, grey text on white, no accessibility metadata) the
// same rules fail in the same documents in Ace and in postbound's ACE-* (and
// PB-A11Y-001 names the metadata Ace finds missing). Ace takes ~10 s a book.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveBrowser, SharedBrowser } from '../../src/browser/browser.ts';
import { EXTRA_RULES } from '../../src/validate/axe.ts';
import { validateEpub } from '../../src/validate/index.ts';
import type { ValidationReport } from '../../src/validate/types.ts';
import { builtSample, REPO } from '../helpers/sample.ts';
import { edit, type Files, minimalFiles, put, zip } from '../unit/validate/fixtures.ts';

const run = promisify(execFile);
const ACE = join(REPO, 'node_modules', '.bin', 'ace-cli');

interface AceReport {
  assertions: { 'earl:testSubject': { url: string }; assertions: { 'earl:test': { 'dct:title': string } }[] }[];
}

/** Ace's report of one EPUB: failing rule ids by document (paths as in the zip, package.opf included). */
async function ace(epub: string, out: string): Promise<Map<string, Set<string>>> {
  await run(ACE, ['-f', '-s', '-o', out, epub], {
    env: { ...process.env, PUPPETEER_EXECUTABLE_PATH: resolveBrowser(), PUPPETEER_SKIP_DOWNLOAD: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as AceReport;
  const byDoc = new Map<string, Set<string>>();
  for (const a of report.assertions) {
    const doc = posix.basename(a['earl:testSubject'].url);
    const rules = byDoc.get(doc) ?? new Set<string>();
    for (const x of a.assertions) rules.add(x['earl:test']['dct:title']);
    byDoc.set(doc, rules);
  }
  return byDoc;
}

/** postbound's ACE-* findings by document, as rule ids. */
function ours(report: ValidationReport): Map<string, Set<string>> {
  const byDoc = new Map<string, Set<string>>();
  for (const m of report.messages.filter((x) => x.id.startsWith('ACE-'))) {
    const doc = posix.basename(m.locations[0]?.path ?? '');
    byDoc.set(doc, (byDoc.get(doc) ?? new Set()).add(m.id.slice(4)));
  }
  return byDoc;
}

// Ace's best-practice rules postbound leaves out on purpose (landmarks assume a web page around the text),
// and Ace's own EPUB checks that have a postbound counterpart of another name
const ACE_ONLY = new Set(['landmark-one-main', 'epub-type-has-matching-role', 'page-has-heading-one', 'region']);
const isMetadata = (rule: string) => rule.startsWith('metadata-');

function chapter(title: string, body: string, lang = true): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml"${lang ? ' xml:lang="en" lang="en"' : ''}>
<head><title>${title}</title><link rel="stylesheet" type="text/css" href="style.css"/></head>
<body>
<section>
${body}
</section>
</body>
</html>
`;
}

/** The minimal EPUB with one accessibility failure per content document and no accessibility metadata. */
async function inaccessible(): Promise<Files> {
  let f = await minimalFiles();
  f = edit(f, 'EPUB/package.opf', (s) =>
    s
      .replace(/\s*<meta property="schema:[^"]+">[^<]*<\/meta>/g, '')
      .replace(
        '<item id="ch2" href="ch2.xhtml" media-type="application/xhtml+xml"/>',
        '<item id="ch2" href="ch2.xhtml" media-type="application/xhtml+xml"/>\n    <item id="ch3" href="ch3.xhtml" media-type="application/xhtml+xml"/>\n    <item id="ch4" href="ch4.xhtml" media-type="application/xhtml+xml"/>',
      )
      .replace('<itemref idref="ch2"/>', '<itemref idref="ch2"/>\n    <itemref idref="ch3"/>\n    <itemref idref="ch4"/>'),
  );
  f = put(f, 'EPUB/ch1.xhtml', chapter('Leaving', '<h1>Leaving</h1>\n<p>We left before dawn.</p>\n<img src="images/fig.png"/>'));
  f = put(
    f,
    'EPUB/ch2.xhtml',
    chapter('Arriving', '<h1 id="arrival">Arriving</h1>\n<p>The town was smaller than the map had promised.</p>', false),
  );
  f = put(
    f,
    'EPUB/ch3.xhtml',
    chapter('Staying', '<h1>Staying</h1>\n<h4>A week later</h4>\n<p>We stayed a week, then another.</p>'),
  );
  f = put(
    f,
    'EPUB/ch4.xhtml',
    chapter('Home', '<h1>Home</h1>\n<p style="color: #bbbbbb; background: #ffffff">Grey words on white, hard to read.</p>'),
  );
  return f;
}

let dir: string;
const shared = new SharedBrowser();
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'postbound-ace-'));
});
afterAll(async () => {
  await shared.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('DAISY Ace as the reference', () => {
  it("should find no violation in the sample's EPUB, and neither should postbound", async () => {
    const root = await builtSample();
    const epub = join(root, 'dist', 'book', 'ten-excuses.epub');
    const theirs = await ace(epub, join(dir, 'sample'));
    const violations = [...theirs].flatMap(([doc, rules]) => [...rules].map((r) => `${doc}: ${r}`));
    expect(violations).toEqual([]);
    const report = await validateEpub(epub, { browser: await shared.get() });
    expect(report.messages.filter((m) => m.id.startsWith('ACE-') || m.id.startsWith('PB-A11Y'))).toEqual([]);
  }, 600_000);

  it('should fail the same rules in the same documents as Ace on a book written to fail', async () => {
    const epub = join(dir, 'inaccessible.epub');
    writeFileSync(epub, zip(await inaccessible()));
    const theirs = await ace(epub, join(dir, 'inaccessible'));
    const report = await validateEpub(epub, { browser: await shared.get() });
    const mine = ours(report);
    // each document's failure, found by both
    const expected: Record<string, string> = {
      'ch1.xhtml': 'image-alt',
      'ch2.xhtml': 'html-has-lang',
      'ch3.xhtml': 'heading-order',
      'ch4.xhtml': 'color-contrast',
    };
    for (const [doc, rule] of Object.entries(expected)) {
      expect([...(theirs.get(doc) ?? [])], `Ace on ${doc}`).toContain(rule);
      expect([...(mine.get(doc) ?? [])], `postbound on ${doc}`).toContain(rule);
    }
    expect(EXTRA_RULES).toContain('heading-order');
    // and nothing else: every content rule Ace fails, postbound fails, and the other way round
    for (const doc of ['ch1.xhtml', 'ch2.xhtml', 'ch3.xhtml', 'ch4.xhtml', 'nav.xhtml']) {
      const a = [...(theirs.get(doc) ?? [])].filter((r) => !ACE_ONLY.has(r) && !isMetadata(r)).sort();
      expect([...(mine.get(doc) ?? [])].sort(), doc).toEqual(a);
    }
    // the accessibility metadata Ace finds missing is what PB-A11Y-001 names
    const missingAce = [...(theirs.get('package.opf') ?? [])].filter(isMetadata);
    expect(missingAce.length).toBeGreaterThanOrEqual(4);
    const pb = report.messages.find((m) => m.id === 'PB-A11Y-001');
    expect(pb, 'PB-A11Y-001').toBeDefined();
    for (const rule of missingAce) {
      const property = rule.replace(/^metadata-/, ''); // metadata-accessmode → schema:accessMode
      expect(pb!.message.toLowerCase(), rule).toContain(`schema:${property}`);
    }
  }, 600_000);
});
