// `postbound serve` as a writer uses it: a page open in headless Chromium shows a
// saved change without a manual reload, shows a broken front matter as an
// overlay naming the file and line, and comes back when the file is fixed.
// The server never hands out a file from outside dist/site.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_ARGS, resolveBrowser } from '../../src/browser/browser.ts';
import { main } from '../../src/cli/main.ts';
import { OVERLAY_ID } from '../../src/serve/client.ts';
import { type ServeHandle, serve } from '../../src/serve/index.ts';
import { makeProject } from '../helpers/project.ts';

const POST = 'content/posts/2025-01-02-first.md';
let root: string;
let handle: ServeHandle;
let browser: Browser;
let profile: string;
let page: Page;
const logged: string[] = [];

beforeAll(async () => {
  root = await makeProject();
  handle = await serve({ root, port: 0, log: (line) => logged.push(line) });
  profile = mkdtempSync(join(tmpdir(), 'postbound-serve-chromium-'));
  browser = await puppeteer.launch({
    executablePath: resolveBrowser(),
    args: [...BROWSER_ARGS, `--user-data-dir=${profile}`],
    headless: true,
  });
  page = await browser.newPage();
});

afterAll(async () => {
  await browser?.close();
  await handle?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
  if (root) rmSync(root, { recursive: true, force: true });
});

/** Resolves when the page's script is listening (the server counts it). */
async function listening(): Promise<void> {
  for (let i = 0; i < 100 && handle.server.clients === 0; i++) await new Promise((ok) => setTimeout(ok, 50));
  expect(handle.server.clients).toBeGreaterThan(0);
}

function edit(path: string, change: (text: string) => string): void {
  const abs = join(root, path);
  writeFileSync(abs, change(readFileSync(abs, 'utf8')));
}

/** A raw request, sent exactly as written (fetch and URL would normalise the dots away). */
function rawGet(path: string): Promise<{ status: number; body: string }> {
  return new Promise((ok, fail) => {
    const req = request({ host: '127.0.0.1', port: handle.port, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => ok({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', fail);
    req.end();
  });
}

describe('postbound serve in a browser', () => {
  it('should serve the built site with the reload script in each page', async () => {
    expect(handle.initial.ok).toBe(true);
    const response = await page.goto(`${handle.url}posts/first/`, { waitUntil: 'load' });
    expect(response?.status()).toBe(200);
    expect(await page.$eval('h1', (h) => h.textContent)).toBe('First steps');
    expect(await page.$$eval('script[src="/__postbound/client.js"]', (s) => s.length)).toBe(1);
    await listening();
  });

  it('should show a saved change without a manual reload', async () => {
    const reloaded = page.waitForNavigation({ waitUntil: 'load', timeout: 20_000 });
    edit(POST, (t) => t.replace('## Begin here', 'A sentence written just now.\n\n## Begin here'));
    await reloaded;
    expect(await page.evaluate(() => document.body.innerText)).toContain('A sentence written just now.');
    await listening();
  });

  it('should show a broken front matter as an overlay with file and line, keeping the last good page', async () => {
    edit(POST, (t) => t.replace('date: "2025-01-02"', 'date: "2025-13-02"'));
    const overlay = await page.waitForSelector(`#${OVERLAY_ID}`, { timeout: 20_000 });
    const text = (await overlay!.evaluate((o) => (o as HTMLElement).innerText)) ?? '';
    // date is on line 3 of the file (line 1 is the opening ---)
    expect(text).toContain(`${POST}:3:`);
    expect(text).toMatch(/must be a real date/);
    expect(await page.evaluate(() => document.body.innerText)).toContain('A sentence written just now.');
    // the terminal got the same report, positioned
    expect(logged.join('\n')).toMatch(/3:\d+(-\d+:\d+)?\s+error/);
    // a page opened now still gets the overlay, over the last good page
    const other = await browser.newPage();
    await other.goto(`${handle.url}posts/first/`, { waitUntil: 'load' });
    await other.waitForSelector(`#${OVERLAY_ID}`, { timeout: 10_000 });
    await other.close();
  });

  it('should take the overlay away once the file is fixed, and show edits again', async () => {
    edit(POST, (t) => t.replace('date: "2025-13-02"', 'date: "2025-01-02"'));
    await page.waitForFunction((id) => !document.getElementById(id), { timeout: 20_000 }, OVERLAY_ID);
    await listening();
    const reloaded = page.waitForNavigation({ waitUntil: 'load', timeout: 20_000 });
    edit(POST, (t) => t.replace('A sentence written just now.', 'A second sentence, after the fix.'));
    await reloaded;
    const body = await page.evaluate(() => document.body.innerText);
    expect(body).toContain('A second sentence, after the fix.');
    expect(body).not.toContain('A sentence written just now.');
  });

  it('should re-render every page after a template change', async () => {
    await listening();
    const reloaded = page.waitForNavigation({ waitUntil: 'load', timeout: 20_000 });
    // templates/ does not exist yet: the watcher must notice it being made
    mkdirSync(join(root, 'templates'));
    const css = readFileSync(resolve(import.meta.dirname, '../../templates/site.css'), 'utf8');
    writeFileSync(join(root, 'templates', 'site.css'), `${css}\nbody { outline: 7px solid rgb(1, 2, 3); }\n`);
    await reloaded;
    expect(await page.evaluate(() => getComputedStyle(document.body).outlineColor)).toBe('rgb(1, 2, 3)');
  });
});

describe('postbound serve with a broken template', () => {
  it('should name the template in the overlay, and recover when it is removed', async () => {
    await listening();
    writeFileSync(join(root, 'templates', 'post.eta'), '<% layout("layout") %>\n<h1><%= it.post.nothing.here %></h1>\n');
    const overlay = await page.waitForSelector(`#${OVERLAY_ID}`, { timeout: 20_000 });
    expect(await overlay!.evaluate((o) => o.textContent)).toContain('templates/post.eta');
    const reloaded = page.waitForNavigation({ waitUntil: 'load', timeout: 20_000 });
    rmSync(join(root, 'templates', 'post.eta'));
    await reloaded;
    expect(await page.$(`#${OVERLAY_ID}`)).toBeNull();
    expect(await page.$eval('h1', (h) => h.textContent)).toBe('First steps');
  });
});

describe('postbound serve under a burst of saves', () => {
  it('should rebuild once (at most twice) for five saves that come close together, ending with the last text', async () => {
    const results: import('../../src/serve/dev-site.ts').Rebuild[] = [];
    const onRebuild = (r: import('../../src/serve/dev-site.ts').Rebuild) => results.push(r);
    handle.events.on('rebuild', onRebuild);
    const first = new Promise((ok) => handle.events.once('rebuild', ok));
    for (let i = 1; i <= 5; i++) {
      edit(POST, (t) => t.replace(/A second sentence, after the fix\.( \d)?/, `A second sentence, after the fix. ${i}`));
      await new Promise((ok) => setTimeout(ok, 5));
    }
    await first;
    const page = join(root, 'dist/site/posts/first/index.html');
    for (let i = 0; i < 100 && !readFileSync(page, 'utf8').includes('after the fix. 5'); i++)
      await new Promise((ok) => setTimeout(ok, 100));
    await new Promise((ok) => setTimeout(ok, 200));
    handle.events.off('rebuild', onRebuild);
    expect(readFileSync(page, 'utf8')).toContain('after the fix. 5');
    // one, or two when a save lands while the first rebuild runs (a busy machine): never one per save
    expect(results.length).toBeGreaterThanOrEqual(1);
    expect(results.length).toBeLessThanOrEqual(2);
  });
});

describe('postbound serve file access', () => {
  it('should refuse paths that climb out of dist/site, plain or percent-encoded', async () => {
    for (const path of [
      '/../postbound.yaml',
      '/../../postbound.yaml',
      '/%2e%2e/%2e%2e/postbound.yaml',
      '/%2E%2E/postbound.yaml',
      '/posts/..%2f..%2f..%2fpostbound.yaml',
      '/%252e%252e/postbound.yaml',
      '/..\\..\\postbound.yaml',
    ]) {
      const { status, body } = await rawGet(path);
      expect([400, 403, 404], path).toContain(status);
      expect(body, path).not.toContain('site:');
    }
  });

  it('should refuse a symlink that points outside the served folder', async () => {
    symlinkSync(join(root, 'postbound.yaml'), join(root, 'dist', 'site', 'leak.txt'));
    const { status, body } = await rawGet('/leak.txt');
    expect(status).toBe(403);
    expect(body).not.toContain('site:');
  });

  it('should answer an unknown page with the site 404 page and status 404', async () => {
    const { status, body } = await rawGet('/no/such/page/');
    expect(status).toBe(404);
    expect(body).toContain('__postbound/client.js');
  });
});

describe('postbound serve on the command line', () => {
  it('should refuse a folder without postbound.yaml (exit 1) and a bad port (exit 2)', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'postbound-serve-empty-'));
    const err: string[] = [];
    const io = { stdout: process.stdout, stderr: { write: (s: string) => err.push(s) } as unknown as NodeJS.WritableStream };
    expect(await main(['serve', empty], io)).toBe(1);
    expect(err.join('')).toMatch(/no postbound\.yaml.*postbound init/);
    expect(await main(['serve', empty, '--port', 'eighty'], io)).toBe(2);
    rmSync(empty, { recursive: true, force: true });
  });

  it('should print its address, serve the home page and stop on SIGINT with exit code 0', async () => {
    const dir = await makeProject();
    const bin = resolve(import.meta.dirname, '../../bin/postbound.mjs');
    const child = spawn(process.execPath, [bin, 'serve', dir, '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, CI: '1' },
    });
    let err = '';
    const url = await new Promise<string>((ok, fail) => {
      child.stderr.on('data', (d) => {
        err += d;
        const m = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(err);
        if (m) ok(m[1]);
      });
      child.on('exit', () => fail(new Error(`serve exited early:\n${err}`)));
    });
    const home = await fetch(url);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('Test Blog');
    const code = new Promise((ok) => child.on('exit', ok));
    child.kill('SIGINT');
    expect(await code).toBe(0);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('postbound serve --books', () => {
  it('should build the books in the background while the site keeps rebuilding, then link them from the downloads page', async () => {
    const dir = await makeProject();
    const lines: string[] = [];
    const books = await serve({ root: dir, port: 0, books: true, log: (line) => lines.push(line) });
    const timeout = setTimeout(() => console.error(`books test still waiting; the server said:\n${lines.join('\n')}`), 120_000);
    try {
      const done = new Promise<import('../../src/serve/books.ts').BooksResult>((ok) => books.events.once('books', ok));
      // the site answers a save while the books are being made
      const rebuilt = new Promise<import('../../src/serve/dev-site.ts').Rebuild>((ok) => books.events.once('rebuild', ok));
      writeFileSync(
        join(dir, POST),
        readFileSync(join(dir, POST), 'utf8').replace('## Begin here', 'Written while the books build.\n\n## Begin here'),
      );
      const site = await rebuilt;
      expect(site.ok).toBe(true);
      expect(readFileSync(join(dir, 'dist/site/posts/first/index.html'), 'utf8')).toContain('Written while the books build.');
      const result = await done;
      expect(lines.join('\n')).toContain('Building the books');
      const made = result.files.map((f) => f.path);
      // each target stands alone: one that fails does not take the others' files away
      expect(made, lines.join('\n')).toContain('book/test-book.pdf');
      expect(made, lines.join('\n')).toContain('book/test-book.epub');
      const pdf = readFileSync(join(dir, 'dist/book/test-book.pdf'));
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      const downloads = await (await fetch(`${books.url}books/test-book/`)).text();
      expect(downloads).toContain('test-book.pdf');
      const file = await fetch(`${books.url}books/test-book/test-book.pdf`);
      expect(file.status).toBe(200);
      expect(file.headers.get('content-type')).toBe('application/pdf');
    } finally {
      clearTimeout(timeout);
      await books.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('postbound serve on a project that does not build at start', () => {
  it('should serve the error to open pages, then the site once the post is fixed', async () => {
    const dir = await makeProject();
    const abs = join(dir, POST);
    const good = readFileSync(abs, 'utf8');
    writeFileSync(abs, good.replace('date: "2025-01-02"', 'date: "someday"'));
    const broken = await serve({ root: dir, port: 0, log: () => {} });
    const controller = new AbortController();
    try {
      expect(broken.initial.ok).toBe(false);
      const missing = await fetch(`${broken.url}posts/first/`);
      expect(missing.status).toBe(404);
      expect(await missing.text()).toContain('/__postbound/client.js');
      const stream = await fetch(`http://127.0.0.1:${broken.port}/__postbound/events`, { signal: controller.signal });
      const reader = stream.body!.getReader();
      let text = '';
      const until = async (what: string) => {
        while (!text.includes(what)) text += new TextDecoder().decode((await reader.read()).value);
      };
      await until('event: problem');
      await until('2025-01-02-first.md');
      writeFileSync(abs, good);
      await until('event: reload');
      await until('data: {"pages"');
      expect(text.slice(text.indexOf('event: reload'))).toContain('data: {"pages":["*"]}');
      const page = await fetch(`${broken.url}posts/first/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('First steps');
    } finally {
      controller.abort();
      await broken.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
