// The paging engine on a synthetic book, read back with poppler and pdf-lib.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SharedBrowser } from '../../src/browser/browser.ts';
import { bookDocument, type PrintBook } from '../../src/pdf/book-html.ts';
import { bookCss } from '../../src/pdf/index.ts';
import { paginate } from '../../src/pdf/paginate.ts';
import { withDocumentInfo } from '../../src/pdf/pdf-update.ts';
import { pageGeometry } from '../../src/pdf/trim.ts';
import { chapterTitle, syntheticBook } from './pdf-fixture.ts';
import {
  allPages,
  internalLinks,
  namedDestinations,
  outline,
  overflowing,
  pageText,
  pdffonts,
  pdfinfo,
  run,
  squash,
} from './pdf-tools.ts';

const CHAPTERS = 6;
const browser = new SharedBrowser();
let dir: string;
let file: string;
let bytes: Buffer;
let book: PrintBook;
let pages: string[];
let passes = 0;
let firstAnchors: Map<string, number>;
let html: string;
let anchors: string[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'postbound-pdf-e2e-'));
  book = await syntheticBook({ chapters: CHAPTERS, paragraphs: 7, dir });
  ({ html, anchors } = bookDocument(book, bookCss()));
  const result = await paginate(await browser.get(), html, { anchors, workDir: dir });
  passes = result.passes;
  firstAnchors = result.anchorPages;
  bytes = withDocumentInfo(result.pdf, {
    title: book.title,
    author: book.author,
    subject: 'A synthetic book',
    keywords: ['test'],
  });
  file = join(dir, 'book.pdf');
  writeFileSync(file, bytes);
  pages = allPages(file);
}, 120_000);

afterAll(async () => {
  await browser.close();
  if (process.env.KEEP_PDF) console.log(`kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
});

/** Printed page number in the contents for `label` (title as it appears in the contents). */
function tocNumber(label: string): number {
  const toc = pages
    .map((text, i) => ({ text, n: i + 1 }))
    .filter(({ text }) => /^\s*Contents\s*$/m.test(text) || text.includes('Section 1.1'));
  const joined = squash(toc.map((p) => p.text).join(' '));
  const m = new RegExp(`${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} (\\d+)`).exec(joined);
  if (!m) throw new Error(`"${label}" not found in the contents: ${joined.slice(0, 400)}`);
  return Number(m[1]);
}

/** The page on which a chapter's opening title (its own line, not a running head) stands. */
function openingPage(title: string): number {
  const found = pages.findIndex(
    (text) => text.split('\n').some((l) => l.trim() === title) && /^\s*P\s*A\s*R\s*T \d+\s*$/im.test(text),
  );
  return found + 1;
}

describe('the PDF paging engine (synthetic book)', () => {
  it('should print on the trim size, with title, author and tags', () => {
    const info = pdfinfo(file);
    expect(info['Page size']).toBe('432 x 648 pts');
    expect(info.Title).toBe('Synthetic Field Guide');
    expect(info.Author).toBe('Ada Example');
    expect(info.Subject).toBe('A synthetic book');
    expect(info.Tagged).toBe('yes');
    expect(Number(info.Pages)).toBe(pages.length);
    expect(passes).toBe(2);
  });

  it('should embed every font', () => {
    const fonts = pdffonts(file);
    expect(fonts.length).toBeGreaterThanOrEqual(3);
    expect(fonts.filter((f) => !f.embedded)).toEqual([]);
    expect(fonts.some((f) => /SourceSerif4/.test(f.name))).toBe(true);
    expect(fonts.some((f) => /SourceSans3/.test(f.name))).toBe(true);
    expect(fonts.some((f) => /JetBrainsMono/.test(f.name))).toBe(true);
  });

  it('should show, in the contents, the page on which each chapter and section opens', () => {
    for (let c = 0; c < CHAPTERS; c++) {
      const title = chapterTitle(c);
      const printed = tocNumber(`Part ${c + 1}: ${title}`);
      expect(squash(pageText(file, printed))).toContain(title);
      expect(openingPage(title)).toBe(printed);
      for (const s of [1, 2]) {
        const n = tocNumber(`Section ${c + 1}.${s}`);
        expect(pageText(file, n)).toMatch(new RegExp(`^\\s*Section ${c + 1}\\.${s}\\s*$`, 'm'));
        expect(pageText(file, n - 1)).not.toMatch(new RegExp(`^\\s*Section ${c + 1}\\.${s}\\s*$`, 'm'));
      }
    }
  });

  it('should number pages from the cover, and leave cover, title, copyright and openers bare', () => {
    const lastLine = (n: number) => pageText(file, n).trim().split('\n').at(-1)?.trim();
    const opener = openingPage(chapterTitle(2));
    // the page after an opener carries its own number in the footer
    expect(lastLine(opener + 1)).toBe(String(opener + 1));
    expect(lastLine(opener)).not.toBe(String(opener));
    expect(pageText(file, 1).trim()).toBe('');
    expect(squash(pageText(file, 2))).toBe('Synthetic Field Guide A test book Ada Example');
    expect(lastLine(3)).not.toMatch(/^\d+$/);
    expect(squash(pageText(file, 3))).toContain('Creative Commons Attribution 4.0 International');
    expect(squash(pageText(file, 3))).toContain('https://creativecommons.org/licenses/by/4.0/');
  });

  it('should run the chapter title on right-hand pages and the book title on left-hand ones', () => {
    const opener = openingPage(chapterTitle(1));
    const next = openingPage(chapterTitle(2));
    expect(next - opener).toBeGreaterThan(3);
    for (let n = opener + 1; n < next; n++) {
      const head = pageText(file, n)
        .split('\n')
        .find((l) => l.trim())
        ?.trim();
      expect(head).toBe(n % 2 === 1 ? `Part 2: ${chapterTitle(1)}` : 'Synthetic Field Guide');
    }
  });

  it('should have an outline that lists every chapter in order, with its sections', async () => {
    const items = await outline(bytes);
    expect(items.map((i) => i.title)).toEqual(Array.from({ length: CHAPTERS }, (_, c) => chapterTitle(c)));
    expect(items[2]?.children.map((i) => i.title)).toEqual(['Section 3.1', 'Section 3.2']);
  });

  it('should link contents entries and cross-references to where they point', async () => {
    const links = await internalLinks(bytes);
    const dests = await namedDestinations(bytes);
    const tocPage = tocNumber('Part 1: ' + chapterTitle(0)) > 0 ? pages.findIndex((t) => /^\s*Contents\s*$/m.test(t)) + 1 : 0;
    const fromToc = links.filter((l) => l.page === tocPage).map((l) => l.dest);
    expect(fromToc).toContain('post-4');
    expect(dests.get('post-4')).toBe(openingPage(chapterTitle(3)));
    const crossRefs = links.filter((l) => l.page > tocPage && l.dest === 'post-1--section-2');
    expect(crossRefs.length).toBe(CHAPTERS - 1);
    expect(dests.get('post-1--section-2')).toBe(tocNumber('Section 1.2'));
  });

  it('should print the cover first and the one-page summary last, full bleed', async () => {
    const images = (n: number) =>
      run('pdfimages', ['-list', '-f', String(n), '-l', String(n), file])
        .split('\n')
        .slice(2)
        .filter(Boolean)
        .map((l) => l.trim().split(/\s+/));
    // columns: page num type width height …
    // the cover is cut to the page's proportions (as object-fit: cover would cut it), so its width is kept
    expect(images(1).map((r) => r[3])).toEqual(['1600']);
    // and it reaches every edge: no white paper left in the corners
    run('pdftoppm', ['-r', '20', '-f', '1', '-l', '1', '-png', '-singlefile', file, join(dir, 'cover')]);
    const { data, info } = await sharp(join(dir, 'cover.png')).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    for (const [x, y] of [
      [0, 0],
      [info.width - 1, 0],
      [0, info.height - 1],
      [info.width - 1, info.height - 1],
    ] as const) {
      const at = (y * info.width + x) * 3;
      expect([...data.subarray(at, at + 3)].map((v) => Math.round(v / 16))).toEqual(
        [0x1f, 0x3a, 0x5f].map((v) => Math.round(v / 16)),
      );
    }
    expect(images(pages.length).map((r) => [r[3], r[4]])).toEqual([['1275', '1650']]);
    expect(pageText(file, pages.length).trim()).toBe('');
  });

  it('should wrap long code lines inside the text block', () => {
    // 6x9: 0.6 in side margins
    expect(overflowing(file, 43.2, 43.2)).toEqual([]);
    const code = pages.find((t) => t.includes('const answer'));
    expect(code).toBeDefined();
    const line = code?.split('\n').find((l) => l.includes('const answer')) as string;
    expect(line).not.toContain('has to wrap');
    expect(code).toContain('has to wrap');
  });

  it('should render an opener and a page with a figure for a look', () => {
    const figurePage = pages.findIndex((t) => t.includes('Figure 2: a river bend')) + 1;
    expect(figurePage).toBeGreaterThan(0);
    const opener = openingPage(chapterTitle(1));
    for (const [n, name] of [
      [opener, 'opener'],
      [figurePage, 'figure'],
    ] as const) {
      run('pdftoppm', ['-r', '60', '-f', String(n), '-l', String(n), '-png', '-singlefile', file, join(dir, name)]);
      expect(
        readFileSync(join(dir, `${name}.png`))
          .subarray(1, 4)
          .toString(),
      ).toBe('PNG');
    }
  });
});

describe('the paging engine given the numbers of the last print', () => {
  it('prints once when they are right, and gives the same pages', async () => {
    const again = await paginate(await browser.get(), html, { anchors, workDir: dir, guess: firstAnchors });
    expect(again.passes).toBe(1);
    expect(again.unstable).toBe(false);
    expect(again.anchorPages).toEqual(firstAnchors);
    const out = join(dir, 'again.pdf');
    writeFileSync(out, again.pdf);
    expect(allPages(out)).toEqual(pages);
  }, 60_000);

  it('prints again when they are wrong, and still gets every number right', async () => {
    const wrong = new Map([...firstAnchors].map(([id, n]) => [id, n + 1]));
    const again = await paginate(await browser.get(), html, { anchors, workDir: dir, guess: wrong });
    expect(again.passes).toBeGreaterThanOrEqual(2);
    expect(again.anchorPages).toEqual(firstAnchors);
    const out = join(dir, 'again-wrong.pdf');
    writeFileSync(out, again.pdf);
    expect(allPages(out)).toEqual(pages);
  }, 60_000);
});

describe.each(['A5', 'letter', 'A4'] as const)('the paging engine on %s', (trim) => {
  it('should print on the trim size with matching contents numbers', async () => {
    const dir2 = mkdtempSync(join(tmpdir(), `postbound-pdf-${trim}-`));
    try {
      const small = await syntheticBook({ chapters: 3, paragraphs: 5, trim, dir: dir2 });
      const { html, anchors } = bookDocument(small, bookCss());
      const result = await paginate(await browser.get(), html, { anchors, workDir: dir2 });
      const out = join(dir2, 'book.pdf');
      writeFileSync(out, result.pdf);
      const g = pageGeometry(trim);
      const [w, h] = (pdfinfo(out)['Page size'] as string).split(/ x | pts/).map(Number);
      expect(Math.abs((w as number) - g.widthIn * 72)).toBeLessThan(1);
      expect(Math.abs((h as number) - g.heightIn * 72)).toBeLessThan(1);
      const text = allPages(out);
      const toc = squash(text.filter((t) => /^\s*Contents\s*$/m.test(t)).join(' '));
      for (let c = 0; c < 3; c++) {
        const n = Number(new RegExp(`${chapterTitle(c)} (\\d+)`).exec(toc)?.[1]);
        expect(text[n - 1]?.split('\n').map((l) => l.trim())).toContain(chapterTitle(c));
      }
      expect(overflowing(out, g.marginIn[3] * 72, g.marginIn[1] * 72)).toEqual([]);
    } finally {
      rmSync(dir2, { recursive: true, force: true });
    }
  }, 60_000);
});
