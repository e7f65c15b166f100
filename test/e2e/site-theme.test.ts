// The sample site's theme in Chromium: axe-core's WCAG 2.1 AA rules on every
// page in both colour schemes, the scheme toggle, Pagefind search, the series
// box, the book's typefaces, social cards, pagination, and the pages without JavaScript.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import type { Root } from 'hast';
import { toString as hastText } from 'hast-util-to-string';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_ARGS, resolveBrowser } from '../../src/browser/browser.ts';
import { loadSite } from '../../src/content/load.ts';
import type { Site } from '../../src/content/model.ts';
import { builtSample } from '../helpers/sample.ts';
import { serveDir } from '../helpers/serve.ts';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WCAG21AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

let siteDir: string;
let server: Awaited<ReturnType<typeof serveDir>>;
let browser: Browser;
let site: Site;
let pages: string[];

beforeAll(async () => {
  const root = await builtSample();
  siteDir = join(root, 'dist', 'site');
  server = await serveDir(siteDir);
  browser = await puppeteer.launch({ executablePath: resolveBrowser(), args: BROWSER_ARGS, headless: true });
  site = (await loadSite(root)).site!;
  const sitemap = new XMLParser().parse(readFileSync(join(siteDir, 'sitemap.xml'), 'utf8'));
  pages = [sitemap.urlset.url].flat().map((u: { loc: string }) => new URL(u.loc).pathname);
  pages.push('/404.html');
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A page in a context of its own: no scheme chosen on an earlier page. */
async function open(path: string, setup?: (page: Page) => Promise<void>): Promise<Page> {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await setup?.(page);
  await page.goto(server.url + path, { waitUntil: 'load' });
  return page;
}

/** axe-core's WCAG 2.1 A and AA rules on the page as it is now: "rule: nodes" per violation. */
async function axe(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(AXE);
  return (await page.evaluate(
    (tags) =>
      // biome-ignore lint/suspicious/noExplicitAny: axe is injected as a global
      (globalThis as any).axe
        .run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })
        // biome-ignore lint/suspicious/noExplicitAny: axe's result shape
        .then((r: any) => r.violations.map((v: any) => `${v.id}: ${v.nodes.map((n: any) => n.target.join(' ')).join(', ')}`)),
    WCAG21AA,
  )) as string[];
}

const background = (page: Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);

describe('the sample site theme', () => {
  it('has no axe-core WCAG 2.1 AA violation on any page, light or dark, phone or desktop', async () => {
    expect(pages.length).toBeGreaterThan(25);
    const found: string[] = [];
    for (const scheme of ['light', 'dark'] as const) {
      for (const width of [375, 1280]) {
        const page = await (await browser.createBrowserContext()).newPage();
        await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
        await page.setViewport({ width, height: 900 });
        for (const path of pages) {
          await page.goto(server.url + path, { waitUntil: 'load' });
          const violations = await axe(page);
          for (const v of violations) found.push(`${scheme} ${width}px ${path} ${v}`);
        }
        await page.browserContext().close();
      }
    }
    expect(found).toEqual([]);
  }, 300_000);

  it('switches colours with the toggle, and keeps the choice on the next page', async () => {
    const page = await open('/', (p) => p.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]));
    const light = await background(page);
    const toggle = await page.$('.scheme-toggle');
    expect(await toggle!.isVisible()).toBe(true);
    expect(await page.$eval('.scheme-toggle', (b) => b.getAttribute('aria-pressed'))).toBe('false');
    await toggle!.click();
    const dark = await background(page);
    expect(dark).not.toBe(light);
    expect(await page.$eval('.scheme-toggle', (b) => b.getAttribute('aria-pressed'))).toBe('true');
    await page.goto(`${server.url}/archive/`, { waitUntil: 'load' });
    expect(await background(page)).toBe(dark);
    await page.click('.scheme-toggle');
    expect(await background(page)).toBe(light);
    await page.browserContext().close();
  });

  it("follows the device's dark scheme without a choice made", async () => {
    const page = await open('/', (p) => p.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'dark' }]));
    const [r, g, b] = (await background(page)).match(/\d+/g)!.map(Number);
    expect(r! + g! + b!).toBeLessThan(150);
    expect(await page.$eval('.scheme-toggle', (b) => b.getAttribute('aria-pressed'))).toBe('true');
    await page.browserContext().close();
  });

  it('without JavaScript: no toggle, and the search box is a link to the archive', async () => {
    const page = await open('/posts/no-time/', (p) => p.setJavaScriptEnabled(false));
    expect(await page.$eval('.scheme-toggle', (b) => (b as HTMLElement).offsetParent === null)).toBe(true);
    expect(await page.$eval('.search-form', (f) => (f as HTMLElement).offsetParent === null)).toBe(true);
    const link = await page.$eval('.search-link', (a) => ({
      href: a.getAttribute('href'),
      shown: (a as HTMLElement).offsetParent !== null,
    }));
    expect(link).toEqual({ href: '/archive/', shown: true });
    await page.browserContext().close();
  });

  it('finds a post by a word that occurs only in its body', async () => {
    const texts = site.posts.map((p) => hastText(p.hast as Root).toLowerCase());
    const words = (t: string) => new Set(t.match(/\p{L}{8,}/gu) ?? []);
    // a long word in one post only, whose first five letters are in no other post
    // (Pagefind stems: "looking" finds "look" and "looks")
    let chosen: { word: string; slug: string } | undefined;
    for (const [i, text] of texts.entries()) {
      for (const word of words(text)) {
        const stem = word.slice(0, 5);
        if (texts.every((t, j) => j === i || !t.includes(stem)) && !site.posts[i]!.title.toLowerCase().includes(stem)) {
          chosen = { word, slug: site.posts[i]!.slug };
          break;
        }
      }
      if (chosen) break;
    }
    expect(chosen).toBeDefined();
    const page = await open('/');
    expect(await page.$eval('.search-link', (a) => (a as HTMLElement).offsetParent === null)).toBe(true);
    await page.type('#search-input', chosen!.word);
    await page.waitForSelector(`.search-results[data-query="${chosen!.word}"]`, { timeout: 15_000 });
    const listed = await page.$$eval('.search-results li a', (as) => as.map((a) => a.getAttribute('href')));
    expect(listed).toEqual([`/posts/${chosen!.slug}/`]);
    expect(await page.$eval('.search-results li p', (p) => p.innerHTML)).toContain('<mark>');
    // the results, highlights included, pass axe in both schemes
    for (const scheme of ['light', 'dark']) {
      await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
      expect(await axe(page), scheme).toEqual([]);
    }
    // a word in no post says so
    await page.$eval('#search-input', (i) => {
      (i as HTMLInputElement).value = '';
    });
    await page.type('#search-input', 'zzqxjw');
    await page.waitForSelector('.search-results[data-query="zzqxjw"]', { timeout: 15_000 });
    expect(await page.$$('.search-results li')).toEqual([]);
    expect(await page.$eval('.search-count', (p) => p.textContent)).toBe('No post matches');
    await page.browserContext().close();
  });

  it('lists every part of the series in order on each post, the current one marked', async () => {
    const series = site.series[0]!;
    for (const post of series.posts) {
      const page = await open(`/posts/${post.slug}/`);
      const parts = await page.$$eval('.series-box li', (lis) =>
        lis.map((li) => ({
          text: li.querySelector('a, [aria-current]')!.textContent,
          current: !!li.querySelector('[aria-current="page"]'),
        })),
      );
      expect(parts.map((p) => p.text)).toEqual(series.posts.map((p) => p.title));
      expect(parts.filter((p) => p.current).map((p) => p.text)).toEqual([post.title]);
      await page.browserContext().close();
    }
  });

  it("sets the text in the book's typefaces, served from the site itself", async () => {
    const page = await open('/posts/no-time/');
    await page.evaluate(() => document.fonts.ready);
    const used = await page.evaluate(() =>
      [...document.fonts].filter((f) => f.status === 'loaded').map((f) => `${f.family} ${f.weight} ${f.style}`),
    );
    expect(used).toEqual(
      expect.arrayContaining(['Source Serif 4 400 normal', 'Source Sans 3 600 normal', 'JetBrains Mono 400 normal']),
    );
    expect(await page.evaluate(() => getComputedStyle(document.body).fontFamily)).toMatch(/^"Source Serif 4"/);
    const css = readFileSync(join(siteDir, 'style.css'), 'utf8');
    const urls = [...css.matchAll(/url\(([^)]+)\)/g)].map((m) => m[1]!);
    expect(urls.length).toBeGreaterThan(5);
    for (const url of urls) {
      expect(url).toMatch(/^\/fonts\/[\w-]+-latin(-ext)?-\d+-(normal|italic)\.woff2$/);
      expect(existsSync(join(siteDir, url))).toBe(true);
    }
    expect(css.match(/font-display: swap/g)?.length).toBe(urls.length);
    await page.browserContext().close();
  });

  it("gives each post Open Graph and Twitter cards with the post's sketch", async () => {
    const post = site.posts.find((p) => p.sketch)!;
    const html = readFileSync(join(siteDir, 'posts', post.slug, 'index.html'), 'utf8');
    const meta = (key: string) => new RegExp(`<meta (?:property|name)="${key}" content="([^"]*)">`).exec(html)?.[1];
    expect(meta('og:type')).toBe('article');
    expect(meta('og:title')).toBe(post.title);
    expect(meta('og:url')).toBe(`${site.config.site.url}posts/${post.slug}/`);
    expect(meta('twitter:card')).toBe('summary_large_image');
    const image = meta('og:image')!;
    expect(meta('twitter:image')).toBe(image);
    expect(image.startsWith(`${site.config.site.url}images/${post.sketch!.asset.stem}-`)).toBe(true);
    expect(existsSync(join(siteDir, new URL(image).pathname))).toBe(true);
    expect(meta('og:image:alt')).toBeTruthy();
  });

  it('splits the home page into pages linked newer and older', async () => {
    const perPage = site.config.site.postsPerPage;
    expect(site.posts.length).toBeGreaterThan(perPage);
    const page = await open('/');
    const titles = () => page.$$eval('.post-list h2 a', (as) => as.map((a) => a.textContent));
    expect(await titles()).toEqual(site.posts.slice(0, perPage).map((p) => p.title));
    await page.click('.pagination a[rel="next"]');
    await page.waitForSelector('.pagination a[rel="prev"]');
    expect(new URL(page.url()).pathname).toBe('/page/2/');
    expect(await titles()).toEqual(site.posts.slice(perPage, 2 * perPage).map((p) => p.title));
    expect(await page.$eval('.page-of', (e) => e.textContent)).toBe(`Page 2 of ${Math.ceil(site.posts.length / perPage)}`);
    await page.browserContext().close();
  });
});
