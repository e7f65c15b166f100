// axe's results kept per content document: a book where one chapter changed is
// checked in that chapter only, a changed stylesheet checks every chapter again,
// and a book whose chapters were all checked before never asks for a browser.
// Every report must equal the one a run without any cache gives.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SharedBrowser } from '../../src/browser/browser.ts';
import { type ValidateOptions, validateEpub } from '../../src/validate/index.ts';
import type { ValidationReport } from '../../src/validate/types.ts';
import { edit, type Files, minimalFiles, zip } from '../unit/validate/fixtures.ts';

const shared = new SharedBrowser();
const dirs: string[] = [];
afterAll(async () => {
  await shared.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const cacheDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'postbound-axe-cache-'));
  dirs.push(d);
  return d;
};

let browser: Browser;
let base: Files;
beforeAll(async () => {
  browser = await shared.get();
  // ch2 has findings, so a cached result is more than an empty list
  base = edit(await minimalFiles(), 'EPUB/ch2.xhtml', (s) =>
    s.replace(
      '<p>The town',
      '<p class="faint">Faint by the stylesheet.</p><p><a href="ch1.xhtml"><img src="images/fig.png"/></a></p><p>The town',
    ),
  );
});

/** What a run with the cache saw: documents axe loaded, documents from the cache, browsers asked for. */
async function cachedRun(data: Uint8Array, dir: string, extra: Partial<ValidateOptions> = {}) {
  const loaded: string[] = [];
  const hits: string[] = [];
  let asked = 0;
  const report = await validateEpub(data, {
    cacheDir: dir,
    browser: () => {
      asked++;
      return Promise.resolve(browser);
    },
    axe: { onLoad: (path) => loaded.push(path) },
    onAxeHit: (path) => hits.push(path),
    ...extra,
  });
  return { report, loaded: loaded.sort(), hits: hits.sort(), asked };
}

const uncached = (data: Uint8Array) => validateEpub(data, { browser });
const same = (a: ValidationReport, b: ValidationReport) => {
  expect(a.messages).toEqual(b.messages);
  expect(a.checkers).toEqual(b.checkers);
  expect(a.valid).toBe(b.valid);
};

describe('axe results cached per content document', () => {
  it('should check only the changed chapter the second time, with the report of a run without cache', async () => {
    const dir = cacheDir();
    const first = await cachedRun(zip(base), dir);
    expect(first.loaded).toEqual(['EPUB/ch1.xhtml', 'EPUB/ch2.xhtml']);
    expect(first.hits).toEqual([]);
    same(first.report, await uncached(zip(base)));
    const ids = first.report.messages.filter((m) => m.locations[0]?.path === 'EPUB/ch2.xhtml').map((m) => m.id);
    expect(ids).toEqual(expect.arrayContaining(['ACE-image-alt', 'ACE-link-name']));

    const changed = zip(edit(base, 'EPUB/ch1.xhtml', (s) => s.replace('before dawn', 'after dusk')));
    const second = await cachedRun(changed, dir);
    expect(second.loaded).toEqual(['EPUB/ch1.xhtml']);
    expect(second.hits).toEqual(['EPUB/ch2.xhtml']);
    expect(second.asked).toBe(1);
    same(second.report, await uncached(changed));
  });

  it('should check every chapter again when the stylesheet changes, and find what the new one causes', async () => {
    const dir = cacheDir();
    await cachedRun(zip(base), dir);
    const faint = edit(base, 'EPUB/style.css', (s) => `${s}.faint { color: #dddddd; background: #ffffff; }\n`);
    const run = await cachedRun(zip(faint), dir);
    expect(run.loaded).toEqual(['EPUB/ch1.xhtml', 'EPUB/ch2.xhtml']);
    expect(run.hits).toEqual([]);
    same(run.report, await uncached(zip(faint)));
    expect(run.report.messages.map((m) => `${m.id} ${m.locations[0]?.path}`)).toContain('ACE-color-contrast EPUB/ch2.xhtml');
    // and so does an image the chapters show, changed in its bytes alone
    const other = faint.find((f) => f.name === 'EPUB/images/cover.png')!.data;
    const newImage = faint.map((f) => (f.name === 'EPUB/images/fig.png' ? { ...f, data: other } : f));
    const again = await cachedRun(zip(newImage), dir);
    expect(again.hits).toEqual([]);
    expect(again.loaded).toEqual(['EPUB/ch1.xhtml', 'EPUB/ch2.xhtml']);
  });

  it('should never ask for a browser when every chapter is in the cache, and still say that axe ran', async () => {
    const dir = cacheDir();
    const first = await cachedRun(zip(base), dir);
    // the package changes (so the whole-run cache misses), no chapter or what it loads does
    const retitled = zip(edit(base, 'EPUB/package.opf', (s) => s.replace('Sketches from the Road', 'Sketches from the Coast')));
    let asked = 0;
    const run = await validateEpub(retitled, {
      cacheDir: dir,
      browser: () => {
        asked++;
        return Promise.reject(new Error('the browser was asked for'));
      },
    });
    expect(asked).toBe(0);
    expect(run.checkers).toContain('axe-core');
    same(run, await uncached(retitled));
    expect(run.messages.filter((m) => m.id.startsWith('ACE-'))).toEqual(
      first.report.messages.filter((m) => m.id.startsWith('ACE-')),
    );
  });

  it('should check a chapter with a script again when any other file of the book changes', async () => {
    const dir = cacheDir();
    const scripted = edit(base, 'EPUB/ch1.xhtml', (s) =>
      s.replace('</body>', '<script>document.title = "Left";</script></body>'),
    );
    await cachedRun(zip(scripted), dir);
    const run = await cachedRun(zip(edit(scripted, 'EPUB/ch2.xhtml', (s) => s.replace('The town', 'The village'))), dir);
    expect(run.loaded).toEqual(['EPUB/ch1.xhtml', 'EPUB/ch2.xhtml']);
  });

  it('should keep no result of a run that failed, and report each chapter it could not check', async () => {
    const dir = cacheDir();
    const broken = await validateEpub(zip(base), {
      cacheDir: dir,
      browser: () => Promise.reject(new Error('Chromium did not start')),
    });
    const failed = broken.messages.filter((m) => m.id === 'PB-AXE-001');
    expect(failed.map((m) => m.locations[0]?.path)).toEqual(['EPUB/ch1.xhtml', 'EPUB/ch2.xhtml']);
    expect(failed[0]!.message).toContain('Chromium did not start');
    expect(readdirSync(dir)).toEqual([]);
    // a page that times out is not kept either
    const slow = await cachedRun(zip(base), dir, { axe: { timeoutMs: 1 } });
    expect(slow.report.messages.some((m) => m.id === 'PB-AXE-001')).toBe(true);
    const next = await cachedRun(zip(base), dir);
    expect(next.hits).toEqual([]);
    same(next.report, await uncached(zip(base)));
  });
});
