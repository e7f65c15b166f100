// The sample's site, read back the way a visitor reads it: every page in headless
// Chromium, no console error, every image loaded, every internal link resolving,
// the series navigation, and the feed read by a real feed parser.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import puppeteer, { type Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_ARGS, resolveBrowser } from '../../src/browser/browser.ts';
import { loadSite } from '../../src/content/load.ts';
import type { Site } from '../../src/content/model.ts';
import { builtSample } from '../helpers/sample.ts';
import { serveDir } from '../helpers/serve.ts';

let root: string;
let siteDir: string;
let server: Awaited<ReturnType<typeof serveDir>>;
let browser: Browser;
let site: Site;
let pages: string[];

beforeAll(async () => {
  root = await builtSample();
  siteDir = join(root, 'dist', 'site');
  server = await serveDir(siteDir);
  browser = await puppeteer.launch({ executablePath: resolveBrowser(), args: BROWSER_ARGS, headless: true });
  const loaded = await loadSite(root);
  site = loaded.site!;
  const sitemap = new XMLParser().parse(readFileSync(join(siteDir, 'sitemap.xml'), 'utf8'));
  const base = new URL(site.config.site.url);
  pages = [sitemap.urlset.url].flat().map((u: { loc: string }) => new URL(u.loc).pathname.replace(base.pathname, '/'));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

interface PageReport {
  errors: string[];
  failed: string[];
  brokenImages: string[];
  links: string[];
}

async function visit(path: string): Promise<PageReport> {
  const page = await browser.newPage();
  const report: PageReport = { errors: [], failed: [], brokenImages: [], links: [] };
  page.on('console', (m) => {
    if (m.type() === 'error') report.errors.push(m.text());
  });
  page.on('pageerror', (e) => report.errors.push(String(e)));
  page.on('requestfailed', (r) => report.failed.push(r.url()));
  page.on('response', (r) => {
    if (r.status() >= 400 && !r.url().endsWith('/404.html')) report.failed.push(`${r.status()} ${r.url()}`);
  });
  const response = await page.goto(server.url + path, { waitUntil: 'load' });
  expect(response?.status(), path).toBe(200);
  // Lazy images load when scrolled to: load them all now, then check each decoded.
  report.brokenImages = await page.evaluate(async () => {
    const images = [...document.images];
    for (const img of images) img.loading = 'eager';
    await Promise.all(
      images.map((img) =>
        img.complete
          ? null
          : new Promise((ok) => {
              img.onload = img.onerror = ok;
            }),
      ),
    );
    return images.filter((img) => img.naturalWidth === 0).map((img) => img.currentSrc || img.src);
  });
  report.links = await page.evaluate(() => [...document.querySelectorAll('a[href]')].map((a) => (a as HTMLAnchorElement).href));
  await page.close();
  return report;
}

describe('the sample site in Chromium', () => {
  it('lists at least the posts, series, tags, archive and downloads pages in the sitemap', () => {
    expect(pages).toContain('/');
    for (const post of site.posts) expect(pages).toContain(`/posts/${post.slug}/`);
    for (const series of site.series) expect(pages).toContain(`/series/${series.slug}/`);
    for (const book of site.books) expect(pages).toContain(`/books/${book.slug}/`);
    expect(pages).toContain('/archive/');
    expect(pages).toContain('/tags/');
  });

  it('loads every page with no console error, no failed request and every image decoded', async () => {
    const problems: string[] = [];
    for (const path of [...pages, '/404.html']) {
      const r = await visit(path);
      for (const e of r.errors) problems.push(`${path}: console error ${e}`);
      for (const f of r.failed) problems.push(`${path}: failed request ${f}`);
      for (const i of r.brokenImages) problems.push(`${path}: image did not load ${i}`);
    }
    expect(problems).toEqual([]);
  });

  it('has every internal link resolve to a page, and every #fragment to an element', async () => {
    const targets = new Set<string>();
    for (const path of pages) for (const link of (await visit(path)).links) if (link.startsWith(server.url)) targets.add(link);
    const broken: string[] = [];
    const page = await browser.newPage();
    for (const target of targets) {
      const url = new URL(target);
      // Downloads (EPUB, PDF, zip) are fetched, not navigated to: a browser would start a download.
      const response = await fetch(url.href.replace(url.hash, ''));
      if (response.status !== 200) broken.push(`${target} → ${response.status}`);
      else if (url.hash) {
        await page.goto(url.href, { waitUntil: 'domcontentloaded' });
        if (!(await page.$(`[id="${decodeURIComponent(url.hash.slice(1))}"]`))) broken.push(`${target}: no such id`);
      }
    }
    await page.close();
    expect(targets.size).toBeGreaterThan(20);
    expect(broken).toEqual([]);
  });

  it('shows "part N of M" with working previous and next links on every post of a series', async () => {
    const page = await browser.newPage();
    for (const series of site.series) {
      const m = series.posts.length;
      for (const [i, post] of series.posts.entries()) {
        await page.goto(`${server.url}/posts/${post.slug}/`);
        const note = await page.$eval('.series-note', (e) => e.textContent ?? '');
        expect(note.replace(/\s+/g, ' ')).toContain(`This post is part ${i + 1} of ${m} in the series ${series.title}`);
        const prev = await page.$eval('a[rel="prev"]', (a) => a.getAttribute('href')).catch(() => null);
        const next = await page.$eval('a[rel="next"]', (a) => a.getAttribute('href')).catch(() => null);
        expect(prev).toBe(i > 0 ? `/posts/${series.posts[i - 1].slug}/` : null);
        expect(next).toBe(i < m - 1 ? `/posts/${series.posts[i + 1].slug}/` : null);
      }
    }
    await page.close();
  });

  it('serves responsive images: srcset, sizes, width, height and lazy loading', async () => {
    const post = site.posts.find((p) => p.images.length > 0)!;
    const html = readFileSync(join(siteDir, 'posts', post.slug, 'index.html'), 'utf8');
    expect(html).toMatch(/<source type="image\/webp" srcset="[^"]+ \d+w/);
    expect(html).toMatch(/<img [^>]*srcset="[^"]+\.jpg \d+w[^>]*sizes="[^"]+"[^>]*loading="lazy"/);
    expect(html).toMatch(/<img [^>]*width="\d+" height="\d+"/);
  });

  it('writes an Atom feed that a real feed parser reads without complaint', () => {
    const script = [
      'import json, sys, feedparser',
      'd = feedparser.parse(sys.argv[1])',
      'print(json.dumps({"bozo": bool(d.bozo), "problem": str(d.get("bozo_exception", "")), "version": d.version, "title": d.feed.get("title"), "entries": [e.title for e in d.entries], "links": [e.link for e in d.entries]}))',
    ].join('\n');
    const out = JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, join(siteDir, 'feed.xml')], { encoding: 'utf8' }));
    expect(out.bozo, out.problem).toBe(false);
    expect(out.version).toBe('atom10');
    expect(out.title).toBe(site.config.site.title);
    expect(out.entries).toEqual(site.posts.slice(0, 20).map((p) => p.title));
    for (const link of out.links) expect(link.startsWith(site.config.site.url)).toBe(true);
  });

  it("links the downloads page from every post of the book's series", () => {
    const book = site.books[0];
    for (const post of book.chapters) {
      const html = readFileSync(join(siteDir, 'posts', post.slug, 'index.html'), 'utf8');
      expect(html).toContain(`href="/books/${book.slug}/"`);
      expect(html).toContain('This series is also a free e-book');
    }
  });
});
