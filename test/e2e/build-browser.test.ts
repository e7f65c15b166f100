// A long-running caller (the fuzzing's build worker) passes one browser to every
// build: the build prints with it and leaves it open; a build without one opens
// its own and closes it.
import { execFileSync } from 'node:child_process';
import { appendFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SharedBrowser } from '../../src/browser/browser.ts';
import { buildProject } from '../../src/pipeline/build.ts';
import { chromiumOf } from '../helpers/faults.ts';
import { makeProject } from '../helpers/project.ts';

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

describe('a browser kept across builds', () => {
  it('should print with the browser it is given, leave it open, and close only one it opened itself', async () => {
    const root = await makeProject();
    roots.push(root);
    const browser = new SharedBrowser();
    try {
      const first = await buildProject({ root, only: ['pdf'], browser });
      expect(first.ok).toBe(true);
      expect(first.report!.timings.map((t) => t.stage)).toContain('pdf');
      const chromium = await browser.get();
      expect(chromium.connected).toBe(true);

      // a chapter changed, so the PDF is printed again rather than restored from .cache/
      appendFileSync(join(root, 'content/posts/2025-01-03-second.md'), '\nOne more line.\n');
      const second = await buildProject({ root, only: ['pdf'], browser });
      expect(second.ok).toBe(true);
      expect(second.report!.timings.map((t) => t.stage)).toContain('pdf');
      expect(await browser.get()).toBe(chromium);
      expect(chromium.connected).toBe(true);
    } finally {
      await browser.close();
    }
    expect(chromiumOf(process.pid)).toEqual([]);

    appendFileSync(join(root, 'content/posts/2025-01-03-second.md'), '\nAnd another.\n');
    const own = await buildProject({ root, only: ['pdf'] });
    expect(own.ok).toBe(true);
    expect(own.report!.timings.map((t) => t.stage)).toContain('pdf');
    expect(chromiumOf(process.pid)).toEqual([]);
  });
});

describe('the full browser, where the headless shell is not installed', () => {
  it('should print the same book with Debian’s chromium (new headless mode)', async () => {
    const root = await makeProject();
    roots.push(root);
    const before = process.env.PUPPETEER_EXECUTABLE_PATH;
    process.env.PUPPETEER_EXECUTABLE_PATH = '/usr/bin/chromium';
    const browser = new SharedBrowser();
    try {
      const built = await buildProject({ root, only: ['pdf'], browser });
      expect(built.ok).toBe(true);
      const chromium = await browser.get();
      expect(await chromium.version()).toMatch(/^Chrome\//);
      const pdf = built.report!.files.find((f) => f.path.endsWith('.pdf'))?.path;
      expect(pdf).toBeDefined();
      const info = execFileSync('pdfinfo', [join(root, 'dist', pdf!)], { encoding: 'utf8' });
      expect(Number(/Pages:\s+(\d+)/.exec(info)?.[1])).toBeGreaterThan(1);
    } finally {
      await browser.close();
      if (before === undefined) delete process.env.PUPPETEER_EXECUTABLE_PATH;
      else process.env.PUPPETEER_EXECUTABLE_PATH = before;
    }
  });

  it('should run the headless shell by default when it is installed (.ci/run installs both)', async () => {
    const before = process.env.PUPPETEER_EXECUTABLE_PATH;
    delete process.env.PUPPETEER_EXECUTABLE_PATH;
    const browser = new SharedBrowser();
    try {
      expect(await (await browser.get()).version()).toMatch(/^HeadlessChrome\//);
    } finally {
      await browser.close();
      if (before !== undefined) process.env.PUPPETEER_EXECUTABLE_PATH = before;
    }
  });
});
