// The summary stays legible at every size of book: measured in Chromium from the
// rendered HTML (computed font sizes and drawn thumbnail boxes, in pt and inches
// at the printed size), on books of 3, 12, 35 and 40 chapters. Where one page
// cannot hold that, the summary runs onto more pages: PNG per page, PDF with all.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { SharedBrowser } from '../../src/browser/browser.ts';
import { openHtml } from '../../src/browser/html-page.ts';
import { build as buildSummary, legibleMinimums, renderSummary, summaryHtml } from '../../src/summary/index.ts';
import { type Fixture, type FixtureOptions, makeFixture } from '../unit/release/fixture.ts';
import { type Measured, measureSummary } from './summary-measure.ts';

const browser = new SharedBrowser();
afterAll(async () => {
  await browser.close();
});
/** Where the pages are left for a person to look at (downscaled). */
const VIEW = join(tmpdir(), 'postbound-summary-view');
mkdirSync(VIEW, { recursive: true });

async function fixture(options: FixtureOptions): Promise<Fixture> {
  const f = await makeFixture(options, browser);
  const summaries = new Map<string, ReturnType<typeof renderSummary>>();
  f.ctx.artifacts = {
    cover: () => Promise.reject(new Error('no cover here')),
    summary: (book) => summaries.get(book.slug) ?? summaries.set(book.slug, renderSummary(book, f.ctx)).get(book.slug)!,
  };
  return f;
}

/** The summary's HTML as served (fitting itself on load), measured in Chromium. */
async function measured(f: Fixture, pages: number): Promise<Measured> {
  const width = f.book.config.summary?.width ?? 2550;
  const height = f.book.config.summary?.height ?? 3300;
  const html = await summaryHtml(f.book, f.ctx, { pages });
  const page = await (await browser.get()).newPage();
  try {
    await page.setViewport({ width: 816, height: Math.round((816 * height) / width) * pages });
    await openHtml(page, html);
    await page.waitForFunction('document.documentElement.dataset.fitted === "true"');
    return await measureSummary(page, legibleMinimums(width, height).pxPerInch);
  } finally {
    await page.close();
  }
}

const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8' });

describe('a legible summary at every size of book', () => {
  for (const count of [3, 12, 35, 40]) {
    it(`should keep ${count} chapters at 7 pt or more, with sketches 1 in wide or more`, async () => {
      const f = await fixture({ chapters: count });
      const files = await buildSummary(f.ctx);
      const made = await f.ctx.artifacts.summary(f.book);
      const pages = (made as Awaited<ReturnType<typeof renderSummary>>).fit.pages;
      // the PNGs: -summary.png, then -summary-2.png...; the PDF has them all
      const slug = f.book.slug;
      const pngPaths = Array.from({ length: pages }, (_, i) => `book/${slug}-summary${i ? `-${i + 1}` : ''}.png`);
      expect(files.map((o) => o.path)).toEqual([...pngPaths, `book/${slug}-summary.pdf`]);
      for (const [i, p] of pngPaths.entries()) {
        const meta = await sharp(join(f.ctx.outDir, p)).metadata();
        expect([meta.width, meta.height]).toEqual([2550, 3300]);
        await sharp(join(f.ctx.outDir, p))
          .resize(850)
          .toFile(join(VIEW, `summary-${count}-p${i + 1}.png`));
      }
      const pdf = join(f.ctx.outDir, `book/${slug}-summary.pdf`);
      expect(run('pdfinfo', [pdf])).toMatch(new RegExp(`^Pages:\\s+${pages}$`, 'm'));
      const text = run('pdftotext', [pdf, '-']).replace(/[\s\u00ad-]+/g, '');
      for (const post of f.book.chapters) expect(text, post.slug).toContain(post.title.replace(/[\s-]+/g, ''));

      const m = await measured(f, pages);
      writeFileSync(
        join(VIEW, `summary-${count}.json`),
        JSON.stringify({ pages, minPt: m.minPt, at: m.minPtAt, thumbIn: m.minThumbIn, thumbHeightIn: m.minThumbHeightIn }),
      );
      expect(m.cards).toBe(count);
      expect(m.thumbs).toBe(count);
      expect(m.pages).toBe(pages);
      expect(m.overflowing).toEqual([]);
      expect(m.minPt, `smallest text: ${m.minPtAt}`).toBeGreaterThanOrEqual(7);
      expect(m.minThumbIn).toBeGreaterThanOrEqual(1);
      // one page while it can hold that; more only for many chapters
      if (count <= 12) expect(pages).toBe(1);
    }, 180_000);
  }

  it('should show a summary without a label when a chapter has no problem or answer, and no empty line', async () => {
    const f = await fixture({ chapters: 4 });
    const [, second, third] = f.book.chapters;
    second!.problem = undefined;
    second!.answer = undefined;
    second!.summary = 'Only a summary: what the chapter is about, in one line.';
    third!.answer = undefined;
    third!.summary = 'A summary where the answer would be.';
    const m = await measured(f, 1);
    expect(m.labels[0]).toEqual(['Problem', 'Answer']);
    expect(m.labels[1]).toEqual([]);
    expect(m.labels[2]).toEqual(['Problem', 'In short']);
    expect(m.emptyLines).toBe(0);
    const html = await summaryHtml(f.book, f.ctx, { pages: 1 });
    const card = (i: number) => html.split('<li class="card"')[i + 1]!.split('</li>')[0]!;
    expect(card(1)).toContain('Only a summary: what the chapter is about, in one line.');
    expect(card(1)).not.toMatch(/class="(problem|answer)"|>Answer<|>Problem</);
    expect(card(2)).not.toContain('>Answer<');
    const { png } = await renderSummary(f.book, f.ctx);
    await sharp(png).resize(850).toFile(join(VIEW, 'summary-no-answer.png'));
    expect(readFileSync(join(VIEW, 'summary-no-answer.png')).length).toBeGreaterThan(0);
  }, 120_000);
});
