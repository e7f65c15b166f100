// The one-page summary target: the book's chapters as cards on a single page,
// rendered by the shared Chromium to a PNG (for screens and the site) and a
// one-page vector PDF with real text (for printing).
import sharp from 'sharp';
import { drawCached } from '../browser/render-cache.ts';
import type { Book } from '../content/model.ts';
import type { BuildContext, OutputFile, Target } from '../pipeline/context.ts';
import { writeOutput } from '../pipeline/output.ts';
import { FIT_SCRIPT, type FitResult } from './fit.ts';
import { checkChapters, summaryHtml } from './html.ts';
import { pageGeometry } from './layout.ts';

export { FIT_SCRIPT, type FitResult } from './fit.ts';
export { type SummaryHtmlOptions, summaryHtml, summaryText } from './html.ts';
export { chooseGrid, pageGeometry } from './layout.ts';

export class SummaryOverflowError extends Error {
  override name = 'SummaryOverflowError';
}

export interface RenderedSummary {
  png: Buffer;
  pdf: Buffer;
  /** What the fitting step measured in the page. */
  fit: FitResult;
}

/** Renders the summary page of `book` to PNG and PDF in the shared browser. */
export async function renderSummary(book: Book, ctx: BuildContext): Promise<RenderedSummary> {
  const width = book.config.summary?.width ?? 2550;
  const height = book.config.summary?.height ?? 3300;
  const { cssWidth, cssHeight, scale } = pageGeometry(width, height);
  checkChapters(book);
  const html = await summaryHtml(book, ctx, { script: false });
  const drawn = await drawCached(ctx.cacheDir, 'summary', [html, width, height], async () => {
    const browser = await ctx.browser.get();
    const page = await browser.newPage();
    try {
      await page.setViewport({ width: cssWidth, height: cssHeight, deviceScaleFactor: scale });
      await page.setContent(html, { waitUntil: 'load' });
      await page.evaluate('document.fonts.ready.then(() => true)');
      const fit = (await page.evaluate(FIT_SCRIPT)) as FitResult;
      if (fit.overflowing.length > 0 || fit.pageOverflow) {
        const which = fit.overflowing.map((i) => `"${book.chapters[i]?.title}"`).join(', ');
        const reason =
          `The one-page summary of "${book.title}" does not fit even at the smallest type size: ` +
          (which ? `the text of ${which} is cut off. ` : 'the cards run past the page. ') +
          'Shorten the `problem` and `answer` lines of those chapters, or make the page larger with `summary.width`/`summary.height`.';
        const msg = ctx.buildFile.message(reason, book.configAt?.('summary'), 'postbound:summary-overflow');
        msg.fatal = true;
        throw new SummaryOverflowError(reason);
      }
      // Chromium's fast PNG (a third of the time of its default for 8 megapixels),
      // then sharp's deflate, which is quicker still and gives a smaller file
      const shot = Buffer.from(
        await ctx.browser.oneAtATime(() =>
          page.screenshot({ type: 'png', optimizeForSpeed: true, clip: { x: 0, y: 0, width: cssWidth, height: cssHeight } }),
        ),
      );
      const meta = await sharp(shot).metadata();
      // a page size that is not a multiple of the scale can come out a pixel short
      const fitted =
        meta.width === width && meta.height === height ? sharp(shot) : sharp(shot).resize(width, height, { fit: 'fill' });
      const png = await fitted.png().toBuffer();
      const pdf = Buffer.from(
        await page.pdf({
          width: `${cssWidth}px`,
          height: `${cssHeight}px`,
          printBackground: true,
          margin: { top: 0, right: 0, bottom: 0, left: 0 },
          pageRanges: '1',
        }),
      );
      return { files: { png, pdf, fit: Buffer.from(JSON.stringify(fit)) }, keep: true };
    } finally {
      await page.close();
    }
  });
  return { png: drawn.png, pdf: drawn.pdf, fit: JSON.parse(drawn.fit.toString('utf8')) as FitResult };
}

/** Writes `book/<slug>-summary.png` and `.pdf` for every book. */
export const build: Target = async (ctx) => {
  const out: OutputFile[] = [];
  for (const book of ctx.site.books) {
    ctx.progress.step(`summary: ${book.slug}`);
    const made: { png: Buffer; pdf: Buffer; fit?: FitResult } = await ctx.artifacts.summary(book);
    const { png, pdf } = made;
    const files: [string, Buffer][] = [
      [`book/${book.slug}-summary.png`, png],
      [`book/${book.slug}-summary.pdf`, pdf],
    ];
    for (const [path, bytes] of files) {
      out.push(
        await writeOutput(ctx, path, bytes, {
          book: book.slug,
          chapters: book.chapters.length,
          width: book.config.summary?.width ?? 2550,
          height: book.config.summary?.height ?? 3300,
          // the type size the page settled on, in CSS px (8 = 6 pt printed)
          ...(made.fit ? { fontSize: made.fit.fontSize, thumb: made.fit.thumb } : {}),
        }),
      );
    }
  }
  return out;
};
