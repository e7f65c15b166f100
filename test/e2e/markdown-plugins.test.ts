// The fixture in test/fixtures/markdown/plugins: remark-math + rehype-katex
// (MathML) and a callout plugin of the project's own, with highlighted code,
// built once and read back by EPUBCheck, Chromium, pdftotext and Calibre.
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { unzipSync } from 'fflate';
import puppeteer, { type Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_ARGS, resolveBrowser } from '../../src/browser/browser.ts';
import { contrastRatio } from '../../src/markdown/highlight/contrast.ts';
import { buildProject } from '../../src/pipeline/build.ts';
import { serveDir } from '../helpers/serve.ts';
import { epubcheck, problems, run } from './epub-fixture.ts';

const FIXTURE = resolve(import.meta.dirname, '../fixtures/markdown/plugins');
const SHOTS = process.env.POSTBOUND_SHOTS;

let root: string;
let browser: Browser;
let server: Awaited<ReturnType<typeof serveDir>>;
let ok = false;
let messages: string[] = [];

beforeAll(async () => {
  root = join(mkdtempSync(join(tmpdir(), 'postbound-plugins-')), 'blog');
  cpSync(FIXTURE, root, { recursive: true });
  // the project's own node_modules, as `npm install` would make it
  symlinkSync(resolve(import.meta.dirname, '../../node_modules'), join(root, 'node_modules'));
  const result = await buildProject({ root, only: ['site', 'epub', 'pdf', 'mobi'] });
  ok = result.ok;
  messages = result.files.flatMap((f) => f.messages.map((m) => `${f.path}:${m.line}:${m.column} ${m.ruleId} ${m.reason}`));
  server = await serveDir(join(root, 'dist', 'site'));
  browser = await puppeteer.launch({ executablePath: resolveBrowser(), args: BROWSER_ARGS, headless: true });
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (root) rmSync(resolve(root, '..'), { recursive: true, force: true });
});

const epub = () => unzipSync(readFileSync(join(root, 'dist/book/field-notes.epub')));
const text = (files: Record<string, Uint8Array>, name: string) => new TextDecoder().decode(files[name]);

describe('remark and rehype plugins from postbound.yaml, with highlighted code', () => {
  it('should build without a message', () => {
    expect(messages).toEqual([]);
    expect(ok).toBe(true);
  });

  it('should give the EPUB MathML, declared in the manifest, and pass EPUBCheck', () => {
    const files = epub();
    const chapters = Object.keys(files).filter((n) => /chapter|growth|checking/.test(n) && n.endsWith('.xhtml'));
    const withMath = chapters.filter((n) => text(files, n).includes('<math'));
    expect(withMath.length).toBe(1);
    const opf = text(files, Object.keys(files).find((n) => n.endsWith('.opf'))!);
    for (const name of withMath) {
      const href = name.split('/').pop()!;
      expect(opf).toMatch(new RegExp(`<item[^>]*href="[^"]*${href}"[^>]*properties="mathml"`));
    }
    expect(text(files, withMath[0]!)).toContain('<mi>r</mi>');
    expect(problems(epubcheck(join(root, 'dist/book/field-notes.epub')))).toEqual([]);
  });

  it('should write the book colours out in the EPUB, every one 4.5:1 on white, and the callouts as asides', () => {
    const files = epub();
    const all = Object.keys(files)
      .filter((n) => n.endsWith('.xhtml'))
      .map((n) => text(files, n))
      .join('\n');
    expect(all).not.toContain('--shiki');
    const colours = [...all.matchAll(/<span style="color:(#[0-9a-fA-F]{6})/g)].map((m) => m[1]!);
    expect(new Set(colours).size).toBeGreaterThanOrEqual(3);
    for (const c of colours) expect(contrastRatio(c, '#ffffff'), c).toBeGreaterThanOrEqual(4.5);
    expect(all).toMatch(/<aside class="callout callout-note">\s*<p class="callout-title"><strong>Note<\/strong><\/p>/);
  });

  it('should show the formula, the callout and coloured code on the site, in both schemes', async () => {
    const page = await browser.newPage();
    try {
      await page.setViewport({ width: 1280, height: 900 });
      await page.goto(`${server.url}/posts/growth/`, { waitUntil: 'load' });
      const math = await page.$eval('math[display="block"]', (m) => {
        const box = m.getBoundingClientRect();
        return { width: box.width, height: box.height, text: m.textContent };
      });
      expect(math.width).toBeGreaterThan(20);
      expect(math.height).toBeGreaterThan(5);
      expect(math.text).toContain('∑');
      // highlighted and typeset at build time: no script of Shiki's or KaTeX's (the site's own may come)
      const scripts = await page.$$eval('script', (s) => s.map((e) => `${e.getAttribute('src') ?? ''} ${e.textContent}`));
      expect(scripts.filter((s) => /shiki|katex|highlight/i.test(s))).toEqual([]);
      const colours = () =>
        page.$$eval('pre.shiki span[style]', (spans) => [...new Set(spans.map((s) => getComputedStyle(s).color))]);
      const light = await colours();
      expect(light.length).toBeGreaterThanOrEqual(3);
      if (SHOTS) await page.screenshot({ path: join(SHOTS, 'plugins-light.png'), fullPage: true });
      await page.evaluate(() => document.documentElement.setAttribute('data-theme', 'dark'));
      const dark = await colours();
      expect(dark).not.toEqual(light);
      const bg = await page.$eval('pre.shiki', (p) => getComputedStyle(p).backgroundColor);
      expect(bg).toBe('rgb(36, 41, 46)');
      if (SHOTS) await page.screenshot({ path: join(SHOTS, 'plugins-dark.png'), fullPage: true });
    } finally {
      await page.close();
    }
  });

  it('should put the formula in the PDF text', () => {
    // Chromium sets MathML identifiers in mathematical italic (U+1D434 …): NFKC makes them letters
    const pdfText = run('pdftotext', [join(root, 'dist/book/field-notes.pdf'), '-'])
      .normalize('NFKC')
      .replace(/\s+/g, ' ');
    expect(pdfText).toContain('grows to A = P(1 + r)');
    expect(pdfText).toMatch(/∑/);
    expect(pdfText).toContain('def grow(principal, rate, years):');
  });

  it('should keep the code legible in MOBI and AZW3: its lines and indentation, monospaced, no colours', () => {
    const out = mkdtempSync(join(tmpdir(), 'postbound-kindle-'));
    try {
      // MOBI: Calibre's text of the book keeps each line of the block
      run('ebook-convert', [join(root, 'dist/book/field-notes.mobi'), join(out, 'mobi.txt')]);
      const txt = readFileSync(join(out, 'mobi.txt'), 'utf8');
      expect(txt).toMatch(/def grow\(principal, rate, years\):\s*\n\s+# one payment of interest a year\s*\n\s+return principal/);
      // AZW3: Calibre's reading of the book, as HTML and CSS
      run('ebook-convert', [join(root, 'dist/book/field-notes.azw3'), join(out, 'azw3.epub')]);
      const files = unzipSync(readFileSync(join(out, 'azw3.epub')));
      const html = Object.keys(files)
        .filter((n) => n.endsWith('.html'))
        .map((n) => text(files, n))
        .join('\n');
      // the tokens are spans, so the text is looked for once the tags are gone
      const pre = [...html.matchAll(/<pre[^>]*class="([^"]+)"[^>]*>([\s\S]*?)<\/pre>/g)].find((m) =>
        m[2]!.replace(/<[^>]+>/g, '').includes('def grow'),
      )!;
      expect(pre).toBeDefined();
      const lines = pre[2]!.replace(/<[^>]+>/g, '').split('\n');
      expect(lines.slice(0, 3)).toEqual([
        'def grow(principal, rate, years):',
        '    # one payment of interest a year',
        '    return principal * (1 + rate) ** years',
      ]);
      expect(pre[0]).not.toMatch(/color|--shiki/);
      const css = Object.keys(files)
        .filter((n) => n.endsWith('.css'))
        .map((n) => text(files, n))
        .join('\n');
      const rule = new RegExp(`\\.${pre[1]!.split(' ')[0]}\\s*\\{([^}]*)\\}`).exec(css)?.[1] ?? '';
      expect(rule).toMatch(/font-family:\s*monospace/);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
