// `postbound validate --html` and the build's dist/validation.html, opened in
// Chromium: the verdict, the counts by severity, each message under its file
// with the offending line marked, the hint, the README link, and for a book
// postbound built the post and the line of markdown it came from.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_ARGS, resolveBrowser } from '../../src/browser/browser.ts';
import { main } from '../../src/cli/main.ts';
import { buildProject } from '../../src/pipeline/build.ts';
import { captureIo } from '../helpers/io.ts';
import { basePosts, makeProject, post } from '../helpers/project.ts';
import { edit, minimalFiles, zip } from '../unit/validate/fixtures.ts';

let browser: Browser;
let dir: string;
const roots: string[] = [];

beforeAll(async () => {
  browser = await puppeteer.launch({ executablePath: resolveBrowser(), args: BROWSER_ARGS });
  dir = mkdtempSync(join(tmpdir(), 'postbound-validate-html-'));
}, 60_000);
afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

/** What a reader of the page sees, read from the rendered page. */
async function look(file: string, shot: string) {
  const page = await browser.newPage();
  await page.setViewport({ width: 1100, height: 900 });
  await page.goto(`file://${file}`);
  await page.screenshot({ path: shot, fullPage: true });
  const seen = await page.evaluate(() => ({
    verdicts: [...document.querySelectorAll('.badge')].map((b) => (b as HTMLElement).innerText),
    counts: [...document.querySelectorAll('section.book')].map((s) =>
      [...s.querySelectorAll('ul.counts li:not(.zero)')].map((li) => (li as HTMLElement).innerText),
    ),
    files: [...document.querySelectorAll('h3')].map((h) => (h as HTMLElement).innerText),
    messages: [...document.querySelectorAll('article.msg')].map((a) => {
      const hit = a.querySelector('pre span.hit') as HTMLElement | null;
      const box = hit?.getBoundingClientRect();
      return {
        id: (a.querySelector('.id a') as HTMLElement).innerText,
        href: (a.querySelector('.id a') as HTMLAnchorElement).href,
        pbId: (a.querySelector('.pbid') as HTMLElement | null)?.innerText,
        where: (a.querySelector('.where') as HTMLElement).innerText,
        hit: hit ? { n: hit.dataset.n, text: hit.innerText, visible: !!box && box.height > 0 && box.width > 0 } : undefined,
        hint: (a.querySelector('.hint') as HTMLElement | null)?.innerText,
        from: (a.querySelector('.from') as HTMLElement | null)?.innerText,
      };
    }),
  }));
  await page.close();
  return seen;
}

describe('postbound validate --html', () => {
  it('should write one page a reader can follow: verdict, counts, messages by file with their lines', async () => {
    const files = edit(await minimalFiles(), 'EPUB/ch1.xhtml', (s) =>
      s
        .replace(' alt="A hand-drawn map of the route along the coast"', '')
        .replace('<a href="ch2.xhtml#arrival">', '<a href="ch3.xhtml">'),
    );
    writeFileSync(join(dir, 'broken.epub'), zip(files));
    writeFileSync(join(dir, 'good.epub'), zip(await minimalFiles()));
    const { io } = captureIo();
    const html = join(dir, 'report.html');
    const code = await main(['validate', join(dir, 'broken.epub'), join(dir, 'good.epub'), '--html', html], io);
    expect(code).toBe(1);
    const seen = await look(html, join(tmpdir(), 'postbound-validate-report.png'));
    expect(seen.verdicts).toEqual(['Not valid', 'Valid']);
    expect(seen.counts[0]).toEqual(['2 errors', '2 warnings']);
    expect(seen.counts[1]).toEqual([]);
    expect(seen.files).toEqual(['EPUB/ch1.xhtml', 'EPUB/package.opf']);
    const missing = seen.messages.find((m) => m.id === 'RSC-007')!;
    expect(missing.where).toMatch(/^EPUB\/ch1\.xhtml:\d+/);
    expect(missing.hit).toMatchObject({ visible: true, text: expect.stringContaining('href="ch3.xhtml"') });
    expect(missing.href).toBe('https://github.com/postbound/postbound#epub-validation-build-and-postbound-validate');
    const alt = seen.messages.find((m) => m.id === 'PB-A11Y-003')!;
    expect(alt.hit?.text).toContain('<img src="images/fig.png"/>');
    expect(alt.hint).toMatch(/^Hint: Describe the image/);
    expect(alt.href).toBe('https://github.com/postbound/postbound#pb-a11y-003');
  }, 120_000);

  it("should show EPUBCheck's id with postbound's beside it", async () => {
    const good = zip(await minimalFiles());
    writeFileSync(join(dir, 'cut.epub'), good.subarray(0, good.byteLength - 30));
    const html = join(dir, 'cut.html');
    expect(await main(['validate', join(dir, 'cut.epub'), `--html=${html}`], captureIo().io)).toBe(1);
    const seen = await look(html, join(tmpdir(), 'postbound-validate-cut.png'));
    expect(seen.messages).toMatchObject([{ id: 'PKG-004', pbId: 'PB-ZIP-001', where: '' }]);
    expect(seen.messages[0]!.href).toBe('https://github.com/postbound/postbound#pb-zip-001');
  }, 60_000);

  it('should refuse --html without a file to write', async () => {
    const { io, text } = captureIo();
    expect(await main(['validate', join(dir, 'good.epub'), '--html'], io)).toBe(2);
    expect(text.err).toContain('--html takes the file to write');
  });
});

describe("the build's dist/validation.html", () => {
  it('should name the post and the line of markdown a message came from', async () => {
    const body = [
      '## Go on',
      '',
      'Some words before the styled paragraph, so the line is not the first.',
      '',
      '<table><tr><td style="font-family: Garamond">Printed in a face the reader does not have.</td></tr></table>',
      '',
      'And a closing line.',
    ].join('\n');
    const root = await makeProject({
      ...basePosts(),
      'content/posts/2025-01-03-second.md': post(
        {
          title: 'Second steps',
          date: '2025-01-03',
          series: 'Getting Started',
          part: 2,
          problem: 'No ideas.',
          answer: 'Keep a list.',
        },
        body,
      ),
    });
    roots.push(root);
    const result = await buildProject({ root, only: ['epub'] });
    const errors = result.files.flatMap((f) => f.messages.filter((m) => m.fatal).map((m) => `${f.path}: ${m.message}`));
    expect(errors).toEqual([]);
    expect(result.ok).toBe(true);
    const html = join(root, 'dist', 'validation.html');
    expect(readFileSync(html, 'utf8')).toContain('<!DOCTYPE html>');
    const seen = await look(html, join(tmpdir(), 'postbound-build-validation.png'));
    expect(seen.verdicts).toEqual(['Valid']);
    const md = readFileSync(join(root, 'content/posts/2025-01-03-second.md'), 'utf8').split('\n');
    const line = md.findIndex((l) => l.includes('Garamond')) + 1;
    const font = seen.messages.find((m) => m.id === 'PB-FONT-001')!;
    expect(font.from).toBe(`From content/posts/2025-01-03-second.md:${line}`);
    expect(font.hit?.text).toContain('Garamond');
    // and the CLI finds the same from dist/report.json
    const { io, text } = captureIo();
    await main(['validate', join(root, 'dist', 'book', 'test-book.epub')], io);
    expect(text.out).toContain(`from content/posts/2025-01-03-second.md:${line}`);
  }, 300_000);
});
