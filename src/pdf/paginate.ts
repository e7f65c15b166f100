// The paging engine: Chromium's own print, run twice. The first print tells where
// every anchor landed (Chromium writes a named destination for each element an
// internal link points at); those page numbers are written into the elements that
// ask for them (`data-page-of="id"`), whose width is fixed so no line moves, and
// the document is printed again. A third print happens only if the second one
// moved an anchor after all. Each print is linear in the length of the book.
// Given the numbers of the last print of the same book, the first print carries
// them: when every anchor lands where they say (an edit that moved no page), that
// print is already right and is the only one. A first print that is thrown away
// is made with the pictures hidden.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'puppeteer-core';
import { closePage } from '../browser/browser.ts';
import { SkiaPdf } from './pdf-file.ts';

export interface PaginateOptions {
  /** Ids whose page numbers are filled into `[data-page-of]` elements. */
  anchors: string[];
  /** Folder the HTML is written to; images referenced by file:// URL live there too. */
  workDir: string;
  /** At most this many prints (at least 2 when there are anchors). */
  maxPasses?: number;
  /** Anchor id → page, from the last print of this book: filled in before the first print. */
  guess?: Map<string, number>;
  /**
   * Anchors (chapter titles, each in a `section` of its own) that must land on a
   * right-hand, odd page. Chromium 156 ignores `break-before: right`, so a blank
   * page (`div.blank-page`, templates/pdf.css) is put before each section that
   * the first print placed on an even page.
   */
  openRight?: string[];
}

export interface PaginateResult {
  pdf: Uint8Array;
  pages: number;
  /** Anchor id → printed page number (the cover, or first page, is page 1). */
  anchorPages: Map<string, number>;
  /** Anchors no link reached or Chromium did not place. */
  missing: string[];
  passes: number;
  /** True when the last print still moved an anchor (should not happen with fixed-width numbers). */
  unstable: boolean;
  ms: { load: number; prints: number[] };
}

const PDF_OPTIONS = {
  preferCSSPageSize: true,
  printBackground: true,
  outline: true,
  tagged: true,
  timeout: 0,
} as const;

/** Loads `html` from a file in `workDir` and waits for its fonts and images. */
export async function openDocument(browser: Browser, html: string, workDir: string): Promise<Page> {
  const file = join(workDir, 'book.html');
  await writeFile(file, html);
  const page = await browser.newPage();
  try {
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load', timeout: 0 });
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
  } catch (error) {
    await closePage(page);
    throw error;
  }
  return page;
}

async function fill(page: Page, numbers: Record<string, number>): Promise<void> {
  await page.evaluate((map: Record<string, number>) => {
    for (const el of document.querySelectorAll<HTMLElement>('[data-page-of]')) {
      const n = map[el.dataset.pageOf ?? ''];
      el.textContent = n === undefined ? '?' : String(n);
    }
  }, numbers);
}

function placed(pdf: Uint8Array, anchors: string[]): { pages: number; at: Map<string, number> } {
  const doc = new SkiaPdf(pdf);
  const dests = doc.destinations();
  const at = new Map<string, number>();
  for (const id of anchors) {
    const index = dests.get(id);
    if (index !== undefined) at.set(id, index + 1);
  }
  return { pages: doc.pageCount, at };
}

/**
 * Where blank pages go so that every `right` anchor lands on an odd page, and
 * where every anchor lands then. A blank page before a section that starts a
 * page moves everything after it by one page and nothing before it, so one
 * print tells it all. `anchors` are in reading order.
 */
export function blankPages(
  anchors: string[],
  at: Map<string, number>,
  right: ReadonlySet<string>,
): { before: string[]; at: Map<string, number> } {
  const before: string[] = [];
  const moved = new Map<string, number>();
  let offset = 0;
  for (const id of anchors) {
    const page = at.get(id);
    if (page === undefined) continue;
    if (right.has(id) && (page + offset) % 2 === 0) {
      before.push(id);
      offset++;
    }
    moved.set(id, page + offset);
  }
  return { before, at: moved };
}

async function insertBlanks(page: Page, before: string[]): Promise<void> {
  await page.evaluate((ids: string[]) => {
    for (const id of ids) {
      const section = document.getElementById(id)?.closest('section');
      if (!section) continue;
      const blank = document.createElement('div');
      blank.className = 'blank-page';
      section.before(blank);
    }
  }, before);
}

/**
 * Hides every picture, or shows them again. `visibility` keeps each box where it
 * is, so a print made this way places every anchor on the same page; Chromium
 * then has no picture to compress into it, which is most of a print's time (a
 * book of 35 sketches: 1.08 s a print, 0.19 s with the pictures hidden).
 */
async function showPictures(page: Page, shown: boolean): Promise<void> {
  await page.evaluate((on: boolean) => {
    const id = 'postbound-pictures-hidden';
    if (on) document.getElementById(id)?.remove();
    else {
      const style = document.createElement('style');
      style.id = id;
      style.textContent = 'img, svg, picture, video, canvas { visibility: hidden !important; }';
      document.head.append(style);
    }
  }, shown);
}

const same = (a: Map<string, number>, b: Map<string, number>) => a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);

export async function paginate(browser: Browser, html: string, options: PaginateOptions): Promise<PaginateResult> {
  const started = performance.now();
  const page = await openDocument(browser, html, options.workDir);
  const load = performance.now() - started;
  const prints: number[] = [];
  const print = async () => {
    const t = performance.now();
    const pdf = await page.pdf(PDF_OPTIONS);
    prints.push(performance.now() - t);
    return pdf;
  };
  try {
    const rightHand = new Set(options.openRight ?? []);
    // blank pages are only known from a print: a guess cannot say where they go
    const guessed = options.guess && options.anchors.length > 0 && rightHand.size === 0 ? options.guess : undefined;
    if (guessed) await fill(page, Object.fromEntries(guessed));
    // without a guess, the first print only tells where the anchors land: it is
    // thrown away, so it is made without pictures (see showPictures)
    const probe = options.anchors.length > 0 && !guessed;
    if (probe) await showPictures(page, false);
    let pdf = await print();
    if (probe) await showPictures(page, true);
    let found = placed(pdf, options.anchors);
    if (rightHand.size > 0) {
      const blanks = blankPages(options.anchors, found.at, rightHand);
      if (blanks.before.length > 0) {
        await insertBlanks(page, blanks.before);
        found = { pages: found.pages + blanks.before.length, at: blanks.at };
      }
    }
    const max = Math.max(2, options.maxPasses ?? 3);
    let unstable = false;
    // the numbers printed are the pages the anchors landed on: nothing to fix
    const right = guessed !== undefined && same(guessed, found.at);
    if (options.anchors.length > 0 && !right) {
      unstable = true;
      while (prints.length < max) {
        await fill(page, Object.fromEntries(found.at));
        pdf = await print();
        const again = placed(pdf, options.anchors);
        // filling the numbers in must move nothing: same anchors on the same pages, same length
        const stable = same(found.at, again.at) && found.pages === again.pages;
        found = again;
        if (stable) {
          unstable = false;
          break;
        }
      }
    }
    return {
      pdf,
      pages: found.pages,
      anchorPages: found.at,
      missing: options.anchors.filter((id) => !found.at.has(id)),
      passes: prints.length,
      unstable,
      ms: { load, prints },
    };
  } finally {
    await closePage(page);
  }
}

/**
 * Chromium's plain print of the same document, once, for comparison (bench/pdf.ts);
 * `outline` adds the bookmarks pass the engine's prints include.
 */
export async function printPlain(browser: Browser, html: string, workDir: string, outline = false): Promise<Uint8Array> {
  const page = await openDocument(browser, html, workDir);
  try {
    return await page.pdf({ ...PDF_OPTIONS, outline });
  } finally {
    await closePage(page);
  }
}
