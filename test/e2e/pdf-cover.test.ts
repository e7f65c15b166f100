// The cover page of the printed book: the 1600×2560 cover fills the page and is
// cut evenly where the page is shorter, as object-fit: cover would cut it
// (templates/pdf.css places it by hand: Chromium prints object-fit's cut slowly).
// Read back by rendering page 1 with poppler and comparing it with the cover cut
// by sharp.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { SharedBrowser } from '../../src/browser/browser.ts';
import type { TrimSize } from '../../src/config/constants.ts';
import { COVER_HEIGHT, COVER_WIDTH } from '../../src/cover/index.ts';
import { bookDocument } from '../../src/pdf/book-html.ts';
import { bookCss } from '../../src/pdf/index.ts';
import { paginate } from '../../src/pdf/paginate.ts';
import { meanDifference } from '../helpers/pixels.ts';
import { syntheticBook } from './pdf-fixture.ts';
import { run } from './pdf-tools.ts';

const browser = new SharedBrowser();
const dirs: string[] = [];
afterAll(async () => {
  await browser.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A cover whose every band of 160 px has its own colour, so any other cut shows. */
async function stripedCover(): Promise<Buffer> {
  const bands = COVER_HEIGHT / 160;
  const rects = Array.from(
    { length: bands },
    (_, i) =>
      `<rect y="${i * 160}" width="${COVER_WIDTH}" height="160" fill="hsl(${(i * 360) / bands} 70% ${i % 2 ? 35 : 65}%)"/>`,
  ).join('');
  // and a dark left half, so a cut at the sides shows too
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${COVER_WIDTH}" height="${COVER_HEIGHT}">${rects}<rect width="${COVER_WIDTH / 2}" height="${COVER_HEIGHT}" fill="#000" fill-opacity="0.5"/></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 95 }).toBuffer();
}

describe('the cover page of the PDF', () => {
  it('should be a CSS ratio that is the cover target’s', () => {
    const css = readFileSync(new URL('../../templates/pdf.css', import.meta.url), 'utf8');
    expect(Number(/--cover-ratio:\s*([\d.]+)/.exec(css)?.[1])).toBeCloseTo(COVER_HEIGHT / COVER_WIDTH, 6);
  });

  for (const trim of ['6x9', 'letter', 'A5'] as TrimSize[]) {
    it(`should fill a ${trim} page with the cover cut evenly top and bottom`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'postbound-pdf-cover-'));
      dirs.push(dir);
      const book = await syntheticBook({ chapters: 1, paragraphs: 2, trim, dir });
      const cover = await stripedCover();
      writeFileSync(join(dir, 'cover.jpg'), cover);
      const { html, anchors } = bookDocument(book, bookCss());
      const result = await paginate(await browser.get(), html, { anchors, workDir: dir });
      const file = join(dir, 'book.pdf');
      writeFileSync(file, result.pdf);
      run('pdftoppm', ['-r', '30', '-f', '1', '-l', '1', '-png', '-singlefile', file, join(dir, 'page')]);
      const page = readFileSync(join(dir, 'page.png'));
      const { width, height } = await sharp(page).metadata();
      // what object-fit: cover shows: the cover at the page's width, its middle at the page's height
      const tall = Math.round((COVER_WIDTH * height!) / width!);
      const expected = await sharp(cover)
        .extract({ left: 0, top: Math.round((COVER_HEIGHT - tall) / 2), width: COVER_WIDTH, height: tall })
        .resize(width!, height!, { fit: 'fill' })
        .png()
        .toBuffer();
      // a cut from the top instead (half the difference off) is far from it, so the measure tells
      const fromTop = await sharp(cover)
        .extract({ left: 0, top: 0, width: COVER_WIDTH, height: tall })
        .resize(width!, height!, { fit: 'fill' })
        .png()
        .toBuffer();
      const off = await meanDifference(page, expected);
      expect(off).toBeLessThan(6);
      expect(await meanDifference(page, fromTop)).toBeGreaterThan(off + 10);
    }, 60_000);
  }
});
