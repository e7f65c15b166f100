// The release kit read back with real tools: sharp for image sizes, poppler for
// the summary PDF, Chromium for the layout measurements, yauzl and unzip for the
// bundle. Runs on a synthetic book (test/unit/release/fixture.ts).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SharedBrowser } from '../../src/browser/browser.ts';
import { openHtml } from '../../src/browser/html-page.ts';
import { buildBundle } from '../../src/bundle/index.ts';
import { build as buildCover, renderCover } from '../../src/cover/index.ts';
import type { OutputFile } from '../../src/pipeline/context.ts';
import { build as buildSummary, renderSummary, SummaryOverflowError, summaryHtml } from '../../src/summary/index.ts';
import { type Fixture, type FixtureOptions, makeFixture } from '../unit/release/fixture.ts';
import { readZip } from '../unit/release/zip-read.ts';

const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
/** Text compared without spaces or hyphens: wrapping and hyphenation add both. */
const flat = (s: string) => s.replace(/[\s\u00ad-]+/g, '').toLowerCase();
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

// one Chromium for the whole file, as in a build
const browser = new SharedBrowser();
const fixtures: Fixture[] = [];
async function fixture(options: FixtureOptions = {}): Promise<Fixture> {
  const f = await makeFixture(options, browser);
  // wire the shared artifacts the way the orchestrator does: made once, on demand
  const covers = new Map<string, Promise<Buffer>>();
  const summaries = new Map<string, Promise<{ png: Buffer; pdf: Buffer }>>();
  f.ctx.artifacts = {
    cover: (book) => covers.get(book.slug) ?? covers.set(book.slug, renderCover(book, f.ctx)).get(book.slug)!,
    summary: (book) => summaries.get(book.slug) ?? summaries.set(book.slug, renderSummary(book, f.ctx)).get(book.slug)!,
  };
  fixtures.push(f);
  return f;
}

/** Where the pictures are left for a person to look at (downscaled). */
const VIEW = join(tmpdir(), 'postbound-release-view');

beforeAll(() => {
  mkdirSync(VIEW, { recursive: true });
});
afterAll(async () => {
  await browser.close();
});

describe('cover', () => {
  it('should generate a 1600×2560 JPEG from the template', async () => {
    const f = await fixture({ chapters: 6 });
    const jpeg = await renderCover(f.book, f.ctx);
    const meta = await sharp(jpeg).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 1600, 2560]);
    expect(f.ctx.buildFile.messages).toEqual([]);
    // the book colour at the edge; the sketch's paper sheet, left of its strokes, is light
    const mean = async (left: number, top: number) => {
      // raw pixels: sharp's stats() describes the whole input, not the extract
      const data = await sharp(jpeg).extract({ left, top, width: 20, height: 20 }).raw().toBuffer();
      const sum = [0, 0, 0];
      for (let i = 0; i < data.length; i++) sum[i % 3]! += data[i]!;
      return sum.map((v) => v / (data.length / 3)) as [number, number, number];
    };
    const [r, g, b] = await mean(20, 1280);
    expect(Math.abs(r - 0x1f) + Math.abs(g - 0x3a) + Math.abs(b - 0x5f)).toBeLessThan(60);
    expect(Math.min(...(await mean(190, 1530)))).toBeGreaterThan(200);
    await sharp(jpeg).resize(600).toFile(join(VIEW, 'cover.png'));
  });

  it('should shrink a long title on the cover instead of cutting it', async () => {
    const f = await fixture({
      chapters: 4,
      title: 'An Unreasonably Long Title for a Small Book About Finishing What You Start, Even on Tuesdays',
    });
    const jpeg = await renderCover(f.book, f.ctx);
    expect((await sharp(jpeg).metadata()).height).toBe(2560);
    expect(f.ctx.buildFile.messages.map((m) => m.ruleId)).not.toContain('cover-title-overflow');
    await sharp(jpeg).resize(600).toFile(join(VIEW, 'cover-long-title.png'));
  });

  it("should fit the writer's own image and warn when it is small and the wrong shape", async () => {
    const f = await fixture({ chapters: 2, coverImage: { width: 800, height: 1000 } });
    const jpeg = await renderCover(f.book, f.ctx);
    const meta = await sharp(jpeg).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 1600, 2560]);
    expect(f.ctx.buildFile.messages.map((m) => m.ruleId).sort()).toEqual(['cover-ratio', 'cover-small']);
  });

  it('should not warn about a large image of the right shape', async () => {
    const f = await fixture({ chapters: 2, coverImage: { width: 1800, height: 2880 } });
    expect((await sharp(await renderCover(f.book, f.ctx)).metadata()).width).toBe(1600);
    expect(f.ctx.buildFile.messages).toEqual([]);
  });

  it('should write the cover, a transparent mock-up and an Open Graph picture', async () => {
    const f = await fixture({ chapters: 8 });
    const files = await buildCover(f.ctx);
    const slug = f.book.slug;
    expect(files.map((o) => o.path)).toEqual([`book/${slug}-cover.jpg`, `book/${slug}-mockup.png`, `book/${slug}-og.png`]);
    const size = async (p: string) => {
      const m = await sharp(join(f.ctx.outDir, p)).metadata();
      return [m.format, m.width, m.height, m.hasAlpha];
    };
    expect((await size(`book/${slug}-cover.jpg`)).slice(0, 3)).toEqual(['jpeg', 1600, 2560]);
    expect(await size(`book/${slug}-mockup.png`)).toEqual(['png', 1600, 1200, true]);
    expect((await size(`book/${slug}-og.png`)).slice(0, 3)).toEqual(['png', 1200, 630]);
    const mockup = join(f.ctx.outDir, `book/${slug}-mockup.png`);
    // corners transparent, the middle (the book) opaque
    const { data, info } = await sharp(mockup).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    const alpha = (x: number, y: number) => data[(y * info.width + x) * 4 + 3];
    expect(alpha(2, 2)).toBe(0);
    expect(alpha(info.width - 3, 2)).toBe(0);
    expect(alpha(800, 600)).toBe(255);
    for (const o of files) expect(o.bytes).toBe(readFileSync(join(f.ctx.outDir, o.path)).length);
    await sharp(mockup).flatten({ background: '#c8c8c8' }).resize(1000).toFile(join(VIEW, 'mockup.png'));
    await sharp(join(f.ctx.outDir, `book/${slug}-og.png`)).toFile(join(VIEW, 'og.png'));
  });
});

describe('one-page summary', () => {
  it('should write a PNG of the configured size and a one-page PDF with every answer as text', async () => {
    const f = await fixture({ chapters: 8 });
    const files = await buildSummary(f.ctx);
    const slug = f.book.slug;
    expect(files.map((o) => o.path)).toEqual([`book/${slug}-summary.png`, `book/${slug}-summary.pdf`]);
    const png = join(f.ctx.outDir, `book/${slug}-summary.png`);
    const meta = await sharp(png).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 2550, 3300]);
    const pdf = join(f.ctx.outDir, `book/${slug}-summary.pdf`);
    const info = run('pdfinfo', [pdf]);
    expect(info).toMatch(/^Pages:\s+1$/m);
    // 816×1056 CSS px is US Letter: 612×792 pt
    expect(info).toMatch(/^Page size:\s+612(\.\d+)? x 792(\.\d+)? pts/m);
    const text = flat(run('pdftotext', [pdf, '-']));
    expect(text).toContain(flat(f.book.title));
    for (const post of f.book.chapters) {
      expect(text, post.slug).toContain(flat(post.answer!));
      expect(text, post.slug).toContain(flat(post.problem!));
    }
    // real embedded fonts, so the text is vector and searchable
    expect(run('pdffonts', [pdf])).toMatch(/SourceSerif4|SourceSans3/);
    await sharp(png).resize(1000).toFile(join(VIEW, 'summary-8.png'));
  });

  it('should honour another page size', async () => {
    const f = await fixture({ chapters: 5, summary: { width: 1240, height: 1754 } });
    const { pngs, pdf } = await renderSummary(f.book, f.ctx);
    // 1240 px at 300 dpi prints 4.1 in wide: 7 pt text and 1 in sketches take
    // twice the share of the page they take on Letter, so five cards may need
    // two pages (the old test wanted one page, which meant 3 pt text)
    for (const png of pngs) {
      const meta = await sharp(png).metadata();
      expect([meta.width, meta.height]).toEqual([1240, 1754]);
    }
    const file = join(f.dir, 'a4.pdf');
    writeFileSync(file, pdf);
    const info = run('pdfinfo', [file]);
    expect(info).toMatch(new RegExp(`^Pages:\\s+${pngs.length}$`, 'm'));
    const m = /^Page size:\s+([\d.]+) x ([\d.]+) pts/m.exec(info)!;
    expect(Number(m[2]) / Number(m[1])).toBeCloseTo(1754 / 1240, 2);
  });

  const long = (i: number) =>
    `Answer ${i + 1}: write the smallest version that could possibly work, show it to one person who will use it, ` +
    'listen without defending it, change what they stumbled on, and only then polish the parts that people keep ' +
    `returning to, because those are the parts that carry the weight (${'x'.repeat(40)}).`;

  for (const [count, answer] of [
    [4, undefined],
    [10, undefined],
    [24, undefined],
    [4, long],
    [10, long],
    [24, long],
  ] as const) {
    it(`should fit ${count} chapters${answer ? ' with very long answers' : ''} without any overflow`, async () => {
      const f = await fixture({ chapters: count, answer });
      const html = await summaryHtml(f.book, f.ctx);
      // many chapters, or long ones, run onto more pages rather than shrink
      const pages = html.split('<main class="page').length - 1;
      const page = await (await browser.get()).newPage();
      try {
        await page.setViewport({ width: 816, height: 1056 * pages });
        await openHtml(page, html);
        await page.waitForFunction('document.documentElement.dataset.fitted === "true"');
        // measured here, independently of what the fitting script reports
        const m = (await page.evaluate(`(() => {
          const r = (el) => el.getBoundingClientRect();
          const page = document.querySelector('.page');
          const cards = Array.from(document.querySelectorAll('.card')).map((c) => {
            const t = c.querySelector('.card-text');
            const own = c.closest('.page');
            return { card: [c.scrollHeight, c.clientHeight, c.scrollWidth, c.clientWidth],
                     text: [t.scrollHeight, t.clientHeight, t.scrollWidth, t.clientWidth],
                     box: [r(c).left, r(c).top, r(c).right, r(c).bottom],
                     foot: r(own.querySelector('.foot')).top };
          });
          const pages = Array.from(document.querySelectorAll('.page')).map((p) => ({
            page: [r(p).right, r(p).bottom], grid: r(p.querySelector('.grid')).bottom, foot: r(p.querySelector('.foot')).top }));
          const fs = Math.min(...Array.from(document.querySelectorAll('.grid')).map((g) => parseFloat(getComputedStyle(g).fontSize)));
          return { cards, pages, vw: innerWidth, vh: innerHeight, fs };
        })()`)) as {
          cards: { card: number[]; text: number[]; box: number[]; foot: number }[];
          pages: { page: number[]; grid: number; foot: number }[];
          vw: number;
          vh: number;
          fs: number;
        };
        expect(m.cards).toHaveLength(count);
        for (const [i, c] of m.cards.entries()) {
          const [sh, ch, sw, cw] = c.card as [number, number, number, number];
          const [tsh, tch, tsw, tcw] = c.text as [number, number, number, number];
          expect(sh, `card ${i + 1} height`).toBeLessThanOrEqual(ch + 1);
          expect(sw, `card ${i + 1} width`).toBeLessThanOrEqual(cw + 1);
          expect(tsh, `card ${i + 1} text height`).toBeLessThanOrEqual(tch + 1);
          expect(tsw, `card ${i + 1} text width`).toBeLessThanOrEqual(tcw + 1);
          expect(c.box[2]!, `card ${i + 1} right edge`).toBeLessThanOrEqual(m.vw);
          expect(c.box[3]!, `card ${i + 1} bottom edge`).toBeLessThanOrEqual(c.foot);
        }
        expect(m.pages).toHaveLength(pages);
        for (const [i, p] of m.pages.entries()) {
          expect(p.page[0], `page ${i + 1}`).toBeLessThanOrEqual(m.vw);
          expect(p.page[1], `page ${i + 1}`).toBeLessThanOrEqual(1056 * (i + 1) + 1);
          expect(p.grid, `page ${i + 1}`).toBeLessThanOrEqual(p.foot);
        }
        // never below the floor size the fitting script may use: 7 pt printed
        // (9.33 CSS px on Letter; it was 6.5 px, 4.9 pt, before)
        expect(m.fs).toBeGreaterThanOrEqual((7 / 72) * 96);
        if (count === 24 || answer) {
          const shot = await page.screenshot({ type: 'png' });
          await sharp(shot).toFile(join(VIEW, `summary-${count}${answer ? '-long' : ''}.png`));
        }
      } finally {
        await page.close();
      }
    });
  }

  it('should refuse, with a fatal message, text that cannot fit at the smallest size', async () => {
    const f = await fixture({ chapters: 24, answer: (i) => `${i} ${'far too much to say '.repeat(60)}` });
    await expect(renderSummary(f.book, f.ctx)).rejects.toThrow(SummaryOverflowError);
    const msg = f.ctx.buildFile.messages.find((m) => m.ruleId === 'summary-overflow');
    expect(msg?.fatal).toBe(true);
    expect(msg?.reason).toMatch(/Shorten the `problem` and `answer`/);
  });
});

describe('bundle', () => {
  it('should zip every format with the summary, cover, licence and readme, checksums matching', async () => {
    const f = await fixture({ chapters: 6 });
    const slug = f.book.slug;
    const built: OutputFile[] = [...(await buildCover(f.ctx)), ...(await buildSummary(f.ctx))];
    // the ebook formats come from other targets; distinct stand-in bytes are enough here
    for (const ext of ['epub', 'pdf', 'mobi', 'azw3']) {
      const path = `book/${slug}.${ext}`;
      const bytes = Buffer.from(`${ext} `.repeat(1000));
      writeFileSync(join(f.ctx.outDir, path), bytes);
      built.push({ path, bytes: bytes.length });
    }
    const out = await buildBundle(f.ctx, f.book, built);
    const zipPath = join(f.ctx.outDir, out.path);
    // unzip's own integrity check, then yauzl for the contents
    expect(run('unzip', ['-t', zipPath])).toMatch(/No errors detected/);
    const members = await readZip(readFileSync(zipPath));
    const names = members.map((m) => m.name.replace(`${slug}/`, ''));
    expect(names.sort()).toEqual(
      [
        `${slug}.epub`,
        `${slug}.pdf`,
        `${slug}.mobi`,
        `${slug}.azw3`,
        `${slug}-summary.png`,
        `${slug}-summary.pdf`,
        `${slug}-cover.jpg`,
        'LICENSE.txt',
        'README.txt',
      ].sort(),
    );
    const checksums = out.info?.checksums as Record<string, string>;
    for (const m of members) {
      expect(checksums[m.name], m.name).toBe(sha256(m.data));
      const onDisk = join(f.ctx.outDir, 'book', m.name.replace(`${slug}/`, ''));
      if (!m.name.endsWith('.txt')) expect(sha256(readFileSync(onDisk)), m.name).toBe(checksums[m.name]);
    }
    const readme = members.find((m) => m.name.endsWith('README.txt'))!.data.toString('utf8');
    expect(readme).toContain(f.book.pwyw!);
    const licence = members.find((m) => m.name.endsWith('LICENSE.txt'))!.data.toString('utf8');
    expect(licence).toContain('https://creativecommons.org/licenses/by/4.0/');
  });
});
