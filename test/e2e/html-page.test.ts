// The cover, summary and mock-up pages load their pictures and fonts by file URL
// (src/browser/html-page.ts): what each page shows must really be there.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { SharedBrowser } from '../../src/browser/browser.ts';
import { fileUrl, openHtml } from '../../src/browser/html-page.ts';
import { fontFaceCss } from '../../src/summary/fonts.ts';

const browser = new SharedBrowser();
const dirs: string[] = [];
afterAll(async () => {
  await browser.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const loaded = `(async () => {
  await document.fonts.ready;
  return {
    images: [...document.images].map((i) => i.complete && i.naturalWidth > 0),
    fonts: [...document.fonts].filter((f) => f.status === 'loaded').map((f) => f.family + ' ' + f.weight + ' ' + f.style),
  };
})()`;

describe('a page opened from a file', () => {
  it('should load pictures by file URL and beside it, and the fonts from their packages', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'postbound-html-page-'));
    dirs.push(dir);
    const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#336699' } })
      .png()
      .toBuffer();
    writeFileSync(join(dir, 'kept.png'), png);
    const html = `<!doctype html><html><head><style>${await fontFaceCss()} body{font-family:'Source Serif 4'}</style></head>
      <body><p>Text <b>bold</b> <i>italic</i> <span style="font-family:'Source Sans 3'">sans</span></p>
      <img src="${fileUrl(join(dir, 'kept.png'))}"><img src="beside.png"></body></html>`;
    const page = await (await browser.get()).newPage();
    try {
      await openHtml(page, html, { 'beside.png': png });
      const seen = (await page.evaluate(loaded)) as { images: boolean[]; fonts: string[] };
      expect(seen.images).toEqual([true, true]);
      expect(seen.fonts).toEqual(
        expect.arrayContaining(['Source Serif 4 400 normal', 'Source Serif 4 400 italic', 'Source Serif 4 700 normal']),
      );
      expect(seen.fonts.some((f) => f.startsWith('Source Sans 3'))).toBe(true);
    } finally {
      await page.close();
    }
    // the same HTML given to a new page with setContent is about:blank, where Chromium refuses file: URLs
    const blank = await (await browser.get()).newPage();
    try {
      await blank.setContent(html, { waitUntil: 'load' });
      expect(((await blank.evaluate(loaded)) as { images: boolean[] }).images).toEqual([false, false]);
    } finally {
      await blank.close();
    }
  });
});
