// The one-page summary target: the book's chapters as cards on a single page
// (or, for a book of many chapters, as few pages as keep it legible), rendered
// by the shared Chromium to a PNG per page (for screens and the site) and a
// vector PDF with real text (for printing).
import sharp from 'sharp';
import { closePage } from '../browser/browser.ts';
import { openHtml, screenshotOf } from '../browser/html-page.ts';
import { drawCached } from '../browser/render-cache.ts';
import type { Book } from '../content/model.ts';
import { withPrintDate } from '../pdf/pdf-update.ts';
import type { BuildContext, OutputFile, Target } from '../pipeline/context.ts';
import { writeOutput } from '../pipeline/output.ts';
import { FIT_SCRIPT, type FitResult } from './fit.ts';
import { checkChapters, summaryHtml, summaryPages } from './html.ts';
import { maxSummaryPages, pageGeometry } from './layout.ts';

export { FIT_SCRIPT, type FitResult } from './fit.ts';
export { type SummaryHtmlOptions, summaryHtml, summaryPages, summaryText } from './html.ts';
export { chooseGrid, legibleMinimums, pageGeometry } from './layout.ts';

export class SummaryOverflowError extends Error {
  override name = 'SummaryOverflowError';
}

export interface RenderedSummary {
  /** The first page (what the e-books, the bundle and the downloads page show). */
  png: Buffer;
  /** Every page, the first included: a book of many chapters runs onto more pages. */
  pngs: Buffer[];
  /** One PDF page per summary page. */
  pdf: Buffer;
  /** What the fitting step measured in the page. */
  fit: FitResult;
}

/** Pages tried beyond the estimate before the text is called too long. */
const EXTRA_PAGES = 2;

/**
 * Renders the summary of `book` to PNG and PDF in the shared browser. The cards
 * keep the legible minimums (7 pt text, 1 in thumbnails at the printed size):
 * when they do not fit on the pages estimated, the summary gets another page.
 */
export async function renderSummary(book: Book, ctx: BuildContext): Promise<RenderedSummary> {
  const width = book.config.summary?.width ?? 2550;
  const height = book.config.summary?.height ?? 3300;
  const { cssWidth, cssHeight, scale } = pageGeometry(width, height);
  checkChapters(book);
  const most = Math.min(Math.max(1, book.chapters.length), maxSummaryPages(book.chapters.length));
  const estimate = Math.min(summaryPages(book), most);
  const last = Math.min(most, estimate + EXTRA_PAGES);
  const first = await summaryHtml(book, ctx, { script: false, pages: estimate });
  const drawn = await drawCached(ctx.cacheDir, 'summary', ['pages-v2', first, width, height], async () => {
    const browser = await ctx.browser.get();
    const page = await browser.newPage();
    try {
      let fit: FitResult | undefined;
      let pages = estimate;
      for (; ; pages++) {
        const html = pages === estimate ? first : await summaryHtml(book, ctx, { script: false, pages });
        await page.setViewport({ width: cssWidth, height: cssHeight * pages, deviceScaleFactor: scale });
        await openHtml(page, html);
        fit = (await page.evaluate(FIT_SCRIPT)) as FitResult;
        if ((fit.overflowing.length === 0 && !fit.pageOverflow) || pages >= last) break;
      }
      if (fit.overflowing.length > 0 || fit.pageOverflow) {
        const which = fit.overflowing.map((i) => `"${book.chapters[i]?.title}"`).join(', ');
        const reason =
          `The one-page summary of "${book.title}" does not fit on ${pages} page${pages === 1 ? '' : 's'} at the smallest legible size ` +
          `(7 pt text, 1 in sketches): ` +
          (which ? `the text of ${which} is cut off. ` : 'the cards run past the page. ') +
          'Shorten the `problem` and `answer` lines of those chapters, or make the page larger with `summary.width`/`summary.height`.';
        const msg = ctx.buildFile.message(reason, book.configAt?.('summary'), 'postbound:summary-overflow');
        msg.fatal = true;
        throw new SummaryOverflowError(reason);
      }
      const files: Record<string, Buffer> = {};
      for (let i = 0; i < pages; i++) {
        // Chromium's fast PNG (a third of the time of its default for 8 megapixels),
        // then sharp's deflate, which is quicker still and gives a smaller file
        const shot = Buffer.from(
          await ctx.browser.oneAtATime(() =>
            screenshotOf(page, {
              type: 'png',
              optimizeForSpeed: true,
              clip: { x: 0, y: i * cssHeight, width: cssWidth, height: cssHeight },
            }),
          ),
        );
        const meta = await sharp(shot).metadata();
        // a page size that is not a multiple of the scale can come out a pixel short
        const fitted =
          meta.width === width && meta.height === height ? sharp(shot) : sharp(shot).resize(width, height, { fit: 'fill' });
        files[`page-${String(i + 1).padStart(2, '0')}.png`] = await fitted.png().toBuffer();
      }
      // the book's date for the print time, so that two builds of a book give the same file
      files.pdf = withPrintDate(
        await page.pdf({
          width: `${cssWidth}px`,
          height: `${cssHeight}px`,
          printBackground: true,
          margin: { top: 0, right: 0, bottom: 0, left: 0 },
        }),
        new Date(book.modified),
      );
      files.fit = Buffer.from(JSON.stringify(fit));
      return { files, keep: true };
    } finally {
      await closePage(page);
    }
  });
  const pngs = Object.keys(drawn)
    .filter((n) => /^page-\d+\.png$/.test(n))
    .sort()
    .map((n) => drawn[n]!);
  const fit = JSON.parse(drawn.fit!.toString('utf8')) as FitResult;
  return { png: pngs[0]!, pngs, pdf: drawn.pdf!, fit };
}

/** The output path of page `n` of a book's summary: `-summary.png`, then `-summary-2.png`... */
export function summaryPngPath(slug: string, n: number): string {
  return n === 1 ? `book/${slug}-summary.png` : `book/${slug}-summary-${n}.png`;
}

/**
 * Writes `book/<slug>-summary.png` and `.pdf` for every book; a summary of more
 * than one page also writes `-summary-2.png` and so on, and its PDF has every page.
 */
export const build: Target = async (ctx) => {
  const out: OutputFile[] = [];
  for (const book of ctx.site.books) {
    ctx.progress.step(`summary: ${book.slug}`);
    const made: { png: Buffer; pngs?: Buffer[]; pdf: Buffer; fit?: FitResult } = await ctx.artifacts.summary(book);
    const pngs = made.pngs ?? [made.png];
    const files: [string, Buffer][] = [
      ...pngs.map((png, i): [string, Buffer] => [summaryPngPath(book.slug, i + 1), png]),
      [`book/${book.slug}-summary.pdf`, made.pdf],
    ];
    for (const [path, bytes] of files) {
      out.push(
        await writeOutput(ctx, path, bytes, {
          book: book.slug,
          chapters: book.chapters.length,
          width: book.config.summary?.width ?? 2550,
          height: book.config.summary?.height ?? 3300,
          pages: pngs.length,
          // the type size the page settled on, in CSS px (9.33 = 7 pt printed on Letter)
          ...(made.fit ? { fontSize: made.fit.fontSize, thumb: made.fit.thumb } : {}),
        }),
      );
    }
  }
  return out;
};
