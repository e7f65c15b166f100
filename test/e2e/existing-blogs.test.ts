// Blogs made by other generators build in place, unchanged, with only the
// postbound.yaml that `postbound init --from` writes: the four fixture blogs in
// test/fixtures/blogs/ (Jekyll, Hugo, Eleventy, Astro), each read back with the
// real tools: Chromium for the site, Java EPUBCheck for the EPUB, libmobi for
// the MOBI, poppler for the PDF.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { unzipSync } from 'fflate';
import puppeteer, { type Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_ARGS, resolveBrowser } from '../../src/browser/browser.ts';
import { runBuild } from '../helpers/faults.ts';
import { serveDir } from '../helpers/serve.ts';
import { epubcheck } from './epub-fixture.ts';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'blogs');
const BIN = join(import.meta.dirname, '..', '..', 'bin', 'postbound.mjs');

interface Expect {
  generator: string;
  config: { url: string; basePath?: string };
  posts: { file: string; slug: string; title: string; path?: string; draft?: boolean; images?: number }[];
  notPosts?: { file: string }[];
  aliases?: { from: string; to: string }[];
  staticFiles?: string[];
  series?: { title: string; parts: string[] }[];
}

const cli = (cwd: string, ...args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true' }, maxBuffer: 1 << 26 });

/** Template syntax outside code: what must never reach a reader. */
const TEMPLATE = /\{\{<?|\{%|\{\{%/;
const outsideCode = (html: string) =>
  html
    .replace(/<pre[\s\S]*?<\/pre>/gi, '')
    .replace(/<code[\s\S]*?<\/code>/gi, '')
    .replace(/<script[\s\S]*?<\/script>/gi, '');

function walk(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

/** Letters and digits only: titles compared across smart quotes and markup. */
const letters = (s: string) =>
  s
    .replace(/<[^>]+>/g, '')
    .replace(/&[a-z]+;|&#\d+;/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, '')
    .toLowerCase();

let browser: Browser;
beforeAll(async () => {
  browser = await puppeteer.launch({ executablePath: resolveBrowser(), args: BROWSER_ARGS, headless: true });
});
afterAll(async () => {
  await browser?.close();
});

describe.each(['jekyll', 'hugo', 'eleventy', 'astro'])('an existing %s blog', (generator) => {
  const expected = JSON.parse(readFileSync(join(FIXTURES, `${generator}.expect.json`), 'utf8')) as Expect;
  let dir: string;
  let build: Awaited<ReturnType<typeof runBuild>>;
  const before = new Map<string, Buffer>();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), `postbound-${generator}-`));
    cpSync(join(FIXTURES, generator), dir, { recursive: true });
    for (const f of walk(dir)) before.set(relative(dir, f), readFileSync(f));
    const init = cli(dir, 'init', '--from', '.');
    expect(init.status, init.stderr + init.stdout).toBe(0);
    if (!expected.series?.length) {
      // a blog without a series gets no book from init: add one of all its posts, as a writer would
      const slugs = expected.posts.filter((p) => !p.draft).map((p) => p.slug);
      const config = readFileSync(join(dir, 'postbound.yaml'), 'utf8').replace(/^books:.*$/m, '');
      writeFileSync(
        join(dir, 'postbound.yaml'),
        `${config}\nbooks:\n  - slug: all-posts\n    title: All the Posts\n    posts: [${slugs.join(', ')}]\n`,
      );
    }
    // run without blocking this process, whose Chromium stays open meanwhile
    build = await runBuild(dir);
  });

  it('builds with exit 0, with no post edited, only postbound.yaml written', () => {
    expect(build.code, build.err).toBe(0);
    for (const [rel, bytes] of before) expect(readFileSync(join(dir, rel)).equals(bytes), rel).toBe(true);
    const written = walk(dir)
      .map((f) => relative(dir, f))
      .filter((rel) => !before.has(rel) && !rel.startsWith('dist/') && !rel.startsWith('.cache/'));
    expect(written).toEqual(['postbound.yaml']);
  });

  it('gives every post the address it had, and no page to what is not a post', () => {
    const site = join(dir, 'dist', 'site');
    for (const post of expected.posts.filter((p) => !p.draft && p.path)) {
      const rel = post.path!.replace(/^\//, '');
      const page = join(site, /\.html?$/.test(rel) ? rel : join(rel, 'index.html'));
      expect(existsSync(page), `${post.file} at ${post.path}`).toBe(true);
      expect(readFileSync(page, 'utf8')).toContain(post.title.replace(/&/g, '&amp;').replace(/'/g, '’').slice(0, 12));
    }
    for (const draft of expected.posts.filter((p) => p.draft && p.path)) {
      expect(existsSync(join(site, draft.path!.replace(/^\//, ''), 'index.html')), draft.file).toBe(false);
    }
    for (const alias of expected.aliases ?? []) {
      const page = join(site, alias.from.replace(/^\//, ''), 'index.html');
      expect(readFileSync(page, 'utf8'), alias.from).toContain(alias.to);
    }
    for (const file of expected.staticFiles ?? []) {
      const served = walk(site).find((f) => f.endsWith(file.split('/').at(-1)!));
      expect(served, file).toBeDefined();
    }
  });

  it('leaves no template syntax outside code in the site, the EPUB, the MOBI or the PDF', () => {
    const site = join(dir, 'dist', 'site');
    for (const file of walk(site).filter((f) => f.endsWith('.html') || f.endsWith('.xml'))) {
      const raw = readFileSync(file, 'utf8');
      // the feed carries each post's HTML escaped
      const html = file.endsWith('.xml')
        ? raw
            .replace(/&lt;/g, '<')
            .replace(/&gt;/g, '>')
            .replace(/&quot;/g, '"')
            .replace(/&amp;/g, '&')
        : raw;
      const text = outsideCode(html);
      const hit = TEMPLATE.exec(text);
      expect(hit ? text.slice(Math.max(0, hit.index - 40), hit.index + 40) : undefined, relative(site, file)).toBeUndefined();
    }
    for (const epub of walk(join(dir, 'dist', 'book')).filter((f) => f.endsWith('.epub'))) {
      const entries = unzipSync(readFileSync(epub));
      for (const [name, bytes] of Object.entries(entries).filter(([n]) => n.endsWith('.xhtml'))) {
        const text = outsideCode(Buffer.from(bytes).toString('utf8'));
        expect(TEMPLATE.test(text), `${epub}:${name}`).toBe(false);
      }
    }
    for (const mobi of walk(join(dir, 'dist', 'book')).filter((f) => f.endsWith('.mobi'))) {
      const out = mkdtempSync(join(tmpdir(), 'postbound-mobi-'));
      spawnSync('mobitool', ['-d', '-o', out, mobi], { encoding: 'utf8' });
      const html = walk(out).filter((f) => /\.(html|rawml|txt)$/.test(f));
      expect(html.length).toBeGreaterThan(0);
      for (const f of html) expect(TEMPLATE.test(outsideCode(readFileSync(f, 'utf8'))), f).toBe(false);
    }
    for (const pdf of walk(join(dir, 'dist', 'book')).filter((f) => f.endsWith('.pdf') && !f.endsWith('-summary.pdf'))) {
      const text = spawnSync('pdftotext', [pdf, '-'], { encoding: 'utf8', maxBuffer: 1 << 26 }).stdout;
      expect(text.length).toBeGreaterThan(100);
      // code blocks in the PDF keep their braces; what matters is no Liquid tag or shortcode
      expect(/\{%|\{\{[<%]/.test(text), pdf).toBe(false);
    }
  });

  it('shows every image of every post in Chromium', async () => {
    const base = expected.config.basePath ?? new URL(expected.config.url).pathname;
    const server = await serveDir(join(dir, 'dist', 'site'), base);
    try {
      const page = await browser.newPage();
      for (const post of expected.posts.filter((p) => !p.draft && p.path)) {
        await page.goto(`${server.url}${base}${post.path!.replace(/^\//, '')}`, { waitUntil: 'load' });
        // lazy images below the fold load only when asked
        const count = await page.$$eval('article img', (imgs) => {
          for (const img of imgs) img.loading = 'eager';
          return imgs.length;
        });
        await page.waitForNetworkIdle({ idleTime: 100, timeout: 15_000 });
        const broken = await page.$$eval('article img', (imgs) =>
          imgs.filter((img) => !(img.complete && img.naturalWidth > 0)).map((img) => img.currentSrc || img.src),
        );
        expect(broken, post.file).toEqual([]);
        if (post.images !== undefined) expect(count, `${post.file}: images`).toBeGreaterThanOrEqual(post.images);
      }
      await page.close();
    } finally {
      await server.close();
    }
  });

  it('makes books that pass EPUBCheck with 0 errors and 0 warnings, chapters in series order', () => {
    const epubs = walk(join(dir, 'dist', 'book')).filter((f) => f.endsWith('.epub'));
    expect(epubs.length).toBeGreaterThan(0);
    for (const epub of epubs) {
      const messages = epubcheck(epub).filter((m) => m.severity !== 'INFO' && m.severity !== 'USAGE');
      expect(messages, epub).toEqual([]);
      expect(statSync(epub).size).toBeGreaterThan(1000);
    }
    // the first book's contents list its series' parts in order
    const series = expected.series?.[0];
    if (series) {
      const nav = Object.entries(unzipSync(readFileSync(epubs[0]!))).find(([n]) => n.endsWith('nav.xhtml'))!;
      const text = letters(Buffer.from(nav[1]).toString('utf8'));
      const at = series.parts.map((slug) => text.indexOf(letters(expected.posts.find((p) => p.slug === slug)!.title)));
      expect(
        at.every((i) => i >= 0),
        `${series.title}: ${at}`,
      ).toBe(true);
      expect([...at].sort((x, y) => x - y)).toEqual(at);
    }
  });
});
