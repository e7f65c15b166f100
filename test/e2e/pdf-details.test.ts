// PDF layout details on a 35-chapter book (test/e2e/pdf-details-fixture.ts) and on
// the sample: running heads on one line, destination names within the PDF's
// 127 bytes, chapter labels that extract as words, landscape sketches turned on a
// page of their own, and chapters opening on the right with openRight.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SharedBrowser } from '../../src/browser/browser.ts';
import { pageGeometry } from '../../src/pdf/trim.ts';
import { copySample } from '../helpers/sample.ts';
import { CHAPTERS, LANDSCAPE, makeLongBook, printProject, SHORT } from './pdf-details-fixture.ts';
import { allPages, namedDestinations, run, words } from './pdf-tools.ts';

const browser = new SharedBrowser();
const roots: string[] = [];
type Printed = Awaited<ReturnType<typeof printProject>> & { pages: string[] };
let long: Printed;
let right: Printed;
let sample: Printed;

async function print(root: string): Promise<Printed> {
  roots.push(root);
  const printed = await printProject(root, browser);
  return { ...printed, pages: allPages(printed.file) };
}

beforeAll(async () => {
  long = await print(await makeLongBook(false));
  right = await print(await makeLongBook(true));
  sample = await print(copySample());
}, 300_000);

afterAll(async () => {
  await browser.close();
  if (process.env.KEEP_PDF) console.log(`kept ${roots.join(' ')}`);
  else for (const r of roots) rmSync(r, { recursive: true, force: true });
});

/** Per page, the lines of text above the body (the running head), as strings. */
function headLines(p: Printed): string[][] {
  const trim = p.site.books[0]?.trim ?? '6x9';
  const top = pageGeometry(trim).marginIn[0] * 72;
  return words(p.file).map((page) => {
    const lines = new Map<number, string[]>();
    for (const w of page.words.filter((w) => w.yMax < top)) {
      const y = Math.round(w.yMin);
      lines.set(y, [...(lines.get(y) ?? []), w.text]);
    }
    return [...lines.values()].map((l) => l.join(' '));
  });
}

const books = () => ({ long, right, sample });

describe('running heads', () => {
  it.each(['long', 'right', 'sample'] as const)('should stand on one line on every page (%s)', (name) => {
    const p = books()[name];
    const heads = headLines(p);
    const twoLines = heads.map((h, i) => ({ page: i + 1, h })).filter((x) => x.h.length > 1);
    expect(twoLines).toEqual([]);
    // the check sees the heads at all: most body pages have one
    expect(heads.filter((h) => h.length === 1).length).toBeGreaterThan(p.pages.length / 3);
  });

  it('should use the shortTitle, and cut a long title at a word with an ellipsis', () => {
    const heads = headLines(long).flat();
    expect(heads).toContain(SHORT.shortTitle);
    const cut = heads.filter((h) => h.endsWith('…'));
    expect(cut.length).toBeGreaterThan(0);
    for (const h of cut) expect(h).toMatch(/^What the River Told Us About Patience, Silt, Floods and the…$/);
    expect(heads.some((h) => h.includes('(the long chapter'))).toBe(false);
  });
});

describe('named destinations', () => {
  it.each(['long', 'right', 'sample'] as const)('should all be within 127 bytes (%s)', async (name) => {
    const p = books()[name];
    const dests = await namedDestinations(p.bytes);
    const longest = Math.max(...[...dests.keys()].map((n) => Buffer.byteLength(n)));
    console.log(`${name}: ${dests.size} destinations, longest ${longest} bytes`);
    expect(longest).toBeLessThanOrEqual(127);
    expect([...dests.values()].every((page) => page > 0)).toBe(true);
    const qpdf = spawnSync('qpdf', ['--check', p.file], { encoding: 'utf8' });
    expect(qpdf.status, qpdf.stdout + qpdf.stderr).toBe(0);
    expect(qpdf.stderr + qpdf.stdout).not.toMatch(/warning|name/i);
    const poppler = spawnSync('pdfinfo', ['-dests', p.file], { encoding: 'utf8' });
    expect(poppler.stderr).not.toMatch(/longer than/);
  });

  it('should still take the links of the long book to their chapters', async () => {
    const dests = await namedDestinations(long.bytes);
    // 35 chapters, their long section, footnote and reference; the intro
    expect(dests.size).toBeGreaterThanOrEqual(CHAPTERS * 4);
    const toc = long.pages.find((t) => /^\s*Contents\s*$/m.test(t)) ?? '';
    expect(toc).toMatch(/Part 1: Notes on the river, day 1 +\d+/);
  });
});

describe('chapter labels', () => {
  it.each(['long', 'sample'] as const)('should extract as words, so "Part 1" is found (%s)', (name) => {
    const text = run('pdftotext', [books()[name].file, '-']);
    expect(text).toMatch(/(^|\f)part 1$/im);
    expect(text).not.toMatch(/P\s?A R T/);
  });
});

describe('openRight', () => {
  it('should open every chapter on an odd page and leave the pages before them blank', async () => {
    const dests = await namedDestinations(right.bytes);
    const book = right.site.books[0];
    const slugs = [...(book?.front ?? []), ...(book?.chapters ?? [])].map((p) => p.slug);
    const pages = slugs.map((s) => ({
      s,
      page: dests.get(s) ?? dests.get([...dests.keys()].find((k) => k.startsWith(s.slice(0, 100))) ?? ''),
    }));
    expect(pages.filter((p) => p.page === undefined)).toEqual([]);
    expect(pages.filter((p) => (p.page as number) % 2 === 0)).toEqual([]);
    // the blank pages the book gained are empty: no head, no page number
    const blank = right.pages.map((t, i) => ({ page: i + 1, t: t.trim() })).filter((p) => p.t === '');
    expect(right.pages.length).toBeGreaterThan(long.pages.length);
    // cover and summary are pictures; every other empty page is a blank left page before an opener
    for (const b of blank.slice(1, -1)) {
      expect(b.page % 2, `page ${b.page}`).toBe(0);
      // a chapter opens with its label, or its title when the title carries its number ("…, Part 5")
      expect(right.pages[b.page]).toMatch(OPENER);
    }
    expect(blank.length - 2).toBe(right.pages.length - long.pages.length);
    // without openRight some chapter opens on an even page: the test can fail
    const plain = await namedDestinations(long.bytes);
    expect(slugs.some((s) => (plain.get(s) ?? 1) % 2 === 0)).toBe(true);
  });
});

/** The first line of a chapter's opening page. */
const OPENER = /^\s*(Part \d+\b|What the River Told Us)/;

describe('landscape sketches', () => {
  it('should print each one turned on a page of its own, after its chapter text', () => {
    const caption = long.pages.map((t, i) => ({ page: i + 1, t })).filter((p) => p.t.includes('The river, wide.'));
    expect(caption.map((c) => c.page)).toHaveLength(LANDSCAPE.length);
    const all = words(long.file);
    for (const { page, t } of caption) {
      // nothing but the head, the caption and the page number on it
      const [head, ...rest] = t.trim().split('\n');
      // the labelled title (src/content/apparatus.ts), fitted to one line
      expect(head).toMatch(/^(Part \d+: Notes on the river, day \d+|What the River Told Us About Patience, [^\n]*…)$/);
      expect(
        rest
          .join(' ')
          .replace(/The river, wide\.|\d+/g, '')
          .trim(),
      ).toBe('');
      // the caption runs up the page: its words are taller than wide
      const word = all[page - 1]?.words.find((w) => w.text === 'river,');
      expect(word).toBeDefined();
      expect((word?.yMax ?? 0) - (word?.yMin ?? 0)).toBeGreaterThan((word?.xMax ?? 0) - (word?.xMin ?? 0));
      // the picture is longer than the text block is wide: it runs along the page
      const list = run('pdfimages', ['-list', '-f', String(page), '-l', String(page), long.file])
        .split('\n')
        .slice(2)
        .filter(Boolean);
      expect(list).toHaveLength(1);
      const cols = (list[0] as string).trim().split(/\s+/);
      // wider than the 1440 px a 6x9 text block takes at 300 dpi, and still printed at 250+ dpi
      expect(Number(cols[3])).toBeGreaterThan(1440);
      expect(Number(cols[12])).toBeGreaterThan(250);
      // the next page opens the next chapter: the text before flowed on undisturbed
      expect(long.pages[page]).toMatch(OPENER);
      const out = join(mkdtempSync(join(tmpdir(), 'postbound-landscape-')), `page-${page}`);
      roots.push(join(out, '..'));
      execFileSync('pdftoppm', ['-r', '40', '-png', '-f', String(page - 1), '-l', String(page), long.file, out]);
    }
  });
});
