// A page of HTML for Chromium to draw, opened from a file: a page given its HTML
// with setContent is about:blank, where Chromium refuses file: URLs, so the
// pictures (variants in .cache/images/) and fonts (in node_modules) would have
// to be inlined as data URIs, megabytes of base64 sent over the pipe and kept in
// memory twice. Opened from a file, the page loads them from the disk itself.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page, ScreenshotOptions } from 'puppeteer-core';

/**
 * Loads `html` into `page`, with `beside` (name → bytes) written next to it for
 * relative URLs; the files are removed once the page has loaded.
 */
export async function openHtml(page: Page, html: string, beside: Record<string, Buffer> = {}): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'postbound-page-'));
  try {
    const file = join(dir, 'page.html');
    await Promise.all([writeFile(file, html), ...Object.entries(beside).map(([name, data]) => writeFile(join(dir, name), data))]);
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    await page.evaluate('document.fonts.ready.then(() => true)');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A file: URL for a page opened by openHtml. */
export const fileUrl = (path: string) => pathToFileURL(path).href;

/**
 * A screenshot of `page`, brought to the front first: Chromium draws no new frame
 * for a page behind another one of the same browser, so a screenshot of it could
 * wait minutes (seen with Chromium 156 when the cover, summary and validation
 * pages were open at once) and then fail on the protocol timeout. The clip is
 * always inside the viewport, so nothing is captured beyond it.
 */
export async function screenshotOf(page: Page, options: ScreenshotOptions): Promise<Uint8Array> {
  await page.bringToFront();
  return page.screenshot({ ...options, captureBeyondViewport: false });
}
