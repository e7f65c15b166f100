// The site's header with two books: one link per book, named by the book's
// title (not two identical "The book" links), and still usable on a phone.
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { reporter } from 'vfile-reporter';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_ARGS, resolveBrowser } from '../../src/browser/browser.ts';
import { buildProject } from '../../src/pipeline/build.ts';
import { makeProject, post } from '../helpers/project.ts';
import { serveDir } from '../helpers/serve.ts';

const config = `site:
  title: Test Blog
  author: Ada Tester
  url: https://test.example.org/
  language: en
  postsPerPage: 1
books:
  - slug: test-book
    title: The Test Book
    series: getting-started
  - slug: walking-book
    title: Walking the Long Coast Path in Winter
    series: coast-walks
`;

let root: string;
let browser: Browser;
let server: Awaited<ReturnType<typeof serveDir>>;

beforeAll(async () => {
  root = await makeProject(
    {
      'content/posts/2025-02-01-coast.md': post(
        {
          title: 'Day one',
          date: '2025-02-01',
          series: 'Coast walks',
          part: 1,
          problem: 'Cold.',
          answer: 'Layers.',
          tags: ['coast'],
        },
        'The first day.',
      ),
      'content/posts/2025-02-02-coast-two.md': post(
        {
          title: 'Day two',
          date: '2025-02-02',
          series: 'Coast walks',
          part: 2,
          problem: 'Wind.',
          answer: 'Shelter.',
          tags: ['coast'],
        },
        'The second day.',
      ),
      'content/posts/2025-02-03-coast-three.md': post(
        {
          title: 'Day three',
          date: '2025-02-03',
          series: 'Coast walks',
          part: 3,
          problem: 'Rain.',
          answer: 'A hood.',
          tags: ['coast'],
        },
        'The third day.',
      ),
    },
    { config },
  );
  const built = await buildProject({ root, only: ['site'] });
  expect(built.ok, reporter(built.files, { quiet: true })).toBe(true);
  server = await serveDir(join(root, 'dist', 'site'));
  browser = await puppeteer.launch({ executablePath: resolveBrowser(), args: BROWSER_ARGS, headless: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('site header with two books', () => {
  it('should have one link per book, each with its title', () => {
    const html = readFileSync(join(root, 'dist', 'site', 'index.html'), 'utf8');
    const nav = /<nav aria-label="Site">([\s\S]*?)<\/nav>/.exec(html)![1]!;
    const links = [...nav.matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)].map((m) => [m[1], m[2]]);
    expect(links).toContainEqual(['/books/test-book/', 'The Test Book']);
    expect(links).toContainEqual(['/books/walking-book/', 'Walking the Long Coast Path in Winter']);
    expect(nav).not.toContain('The book<');
  });

  it('should stay inside a 375 px wide phone screen', async () => {
    const page = await browser.newPage();
    try {
      await page.setViewport({ width: 375, height: 700, deviceScaleFactor: 2 });
      await page.goto(`${server.url}/`, { waitUntil: 'load' });
      const m = (await page.evaluate(`(() => {
        const r = (el) => el.getBoundingClientRect();
        const links = Array.from(document.querySelectorAll('.site-header nav a')).map((a) => {
          const b = r(a);
          return { text: a.textContent, left: b.left, right: b.right, top: b.top, bottom: b.bottom, visible: b.width > 0 && b.height > 0 };
        });
        return { links, scrollWidth: document.documentElement.scrollWidth, header: r(document.querySelector('.site-header')).height };
      })()`)) as {
        links: { text: string; left: number; right: number; top: number; bottom: number; visible: boolean }[];
        scrollWidth: number;
        header: number;
      };
      // no horizontal scrolling, every link on screen, none overlapping another
      expect(m.scrollWidth).toBeLessThanOrEqual(375);
      for (const l of m.links) {
        expect(l.visible, l.text).toBe(true);
        expect(l.left, l.text).toBeGreaterThanOrEqual(0);
        expect(l.right, l.text).toBeLessThanOrEqual(375);
      }
      for (const [i, a] of m.links.entries())
        for (const b of m.links.slice(i + 1)) {
          const apart = a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top;
          expect(apart, `${a.text} / ${b.text}`).toBe(true);
        }
      // a header, not half the screen
      expect(m.header).toBeLessThan(260);
      await page.screenshot({ path: join(tmpdir(), 'postbound-header-375.png') as `${string}.png` });
    } finally {
      await page.close();
    }
  });

  it('should list every book on one page, linked from the footer and in the sitemap', () => {
    const site = join(root, 'dist', 'site');
    const books = readFileSync(join(site, 'books', 'index.html'), 'utf8');
    const list = /<ul class="book-list">([\s\S]*?)<\/ul>/.exec(books)![1]!;
    const titles = [...list.matchAll(/<h2><a href="([^"]+)">([^<]+)<\/a><\/h2>/g)].map((m) => [m[1], m[2]]);
    expect(titles).toEqual([
      ['/books/test-book/', 'The Test Book'],
      ['/books/walking-book/', 'Walking the Long Coast Path in Winter'],
    ]);
    const home = readFileSync(join(site, 'index.html'), 'utf8');
    expect(/<footer[\s\S]*<\/footer>/.exec(home)![0]).toContain('<a href="/books/">All books</a>');
    expect(readFileSync(join(site, 'sitemap.xml'), 'utf8')).toContain('<loc>https://test.example.org/books/</loc>');
  });
});

describe('pagination of tag pages', () => {
  it('should split a tag into pages of postsPerPage, newest first, linked both ways', () => {
    const site = join(root, 'dist', 'site');
    const page = (rel: string) => readFileSync(join(site, rel), 'utf8');
    const titles = (html: string) => [...html.matchAll(/<h2><a href="[^"]+">([^<]+)<\/a><\/h2>/g)].map((m) => m[1]);
    expect(titles(page('tags/coast/index.html'))).toEqual(['Day three']);
    expect(titles(page('tags/coast/page/2/index.html'))).toEqual(['Day two']);
    expect(titles(page('tags/coast/page/3/index.html'))).toEqual(['Day one']);
    const second = page('tags/coast/page/2/index.html');
    expect(second).toContain('<a rel="prev" href="/tags/coast/">');
    expect(second).toContain('<a rel="next" href="/tags/coast/page/3/">');
    expect(second).toContain('Page 2 of 3');
    expect(page('tags/coast/page/3/index.html')).not.toContain('rel="next"');
  });
});
