// The one-page summary as self-contained HTML: fonts and sketches are data URIs,
// so the same document renders in Chromium, on the downloads page and in an EPUB.

import { fileUrl } from '../browser/html-page.ts';
import { stringsOf } from '../content/apparatus.ts';
import type { Book, Post } from '../content/model.ts';
import { directionOf, fill } from '../i18n/index.ts';
import type { BuildContext } from '../pipeline/context.ts';
import { FIT_ON_LOAD } from './fit.ts';
import { fontFaceCss } from './fonts.ts';
import { chooseGrid, estimatePages, type Grid, legibleMinimums, maxColumns, pageGeometry } from './layout.ts';
import { readTemplate, renderTemplate } from './template.ts';

export interface SummaryHtmlOptions {
  /**
   * Embed the fitting script so the page sizes its own text when opened
   * (default true). Turn it off for an EPUB without scripting and give the
   * `fontSize`/`titleSize` that renderSummary measured instead.
   */
  script?: boolean;
  fontSize?: number;
  titleSize?: number;
  thumb?: number;
  /**
   * Pages to share the cards over (default: estimated from their text at the
   * legible minimums; renderSummary raises it when the cards do not fit).
   */
  pages?: number;
}

export interface SummaryCard {
  number: number;
  title: string;
  problem: string;
  answer: string;
  /** The chapter's summary, shown (under no label) when it has no answer. */
  summary: string;
  thumb?: string;
  alt: string;
  /** Grid line the card starts at, set on the first card of a short last row to centre that row. */
  start?: number;
}

/** Space kept for the header and footer when choosing the grid, in CSS px. */
const CHROME_HEIGHT = 170;
const PAGE_MARGIN = 40;

/** The line under the title: the configured tagline, else the book's description. */
export function tagline(book: Book): string {
  return book.config.summary?.tagline ?? book.description ?? book.subtitle ?? '';
}

/** The number shown on a chapter's card: its part in the series, else its position. */
export function chapterNumber(post: Post, index: number): number {
  return post.part ?? index + 1;
}

export function summaryCards(book: Book): SummaryCard[] {
  return book.chapters.map((post, i) => ({
    number: chapterNumber(post, i),
    title: post.title,
    problem: post.problem ?? '',
    answer: post.answer ?? '',
    summary: post.answer ? '' : (post.summary ?? ''),
    alt: post.sketch?.alt ?? '',
  }));
}

/**
 * Warns, on the chapter's own file, about chapters whose card says less than it
 * could: no problem, or no answer (a summary stands in for a missing answer).
 */
export function checkChapters(book: Book): void {
  for (const post of book.chapters) {
    for (const field of ['problem', 'answer'] as const) {
      if (post[field] || (field === 'answer' && post.summary)) continue;
      // a chapter with only a summary shows it whole: nothing is half empty
      if (field === 'problem' && !post.answer && post.summary) continue;
      const msg = post.file.message(
        `The chapter "${post.title}" has no \`${field}\` in its front matter, so its card on the one-page summary of ` +
          `"${book.title}" shows no ${field}. Add \`${field}: <one line>\` to the front matter.`,
        post.frontMatterAt?.(field),
        `postbound:summary-missing-${field}`,
      );
      msg.fatal = false;
    }
  }
}

function summarySize(book: Book): { width: number; height: number } {
  return { width: book.config.summary?.width ?? 2550, height: book.config.summary?.height ?? 3300 };
}

/** The card area of the first page, in CSS px. */
function cardArea(book: Book): { width: number; height: number } {
  const { width, height } = summarySize(book);
  const { cssWidth, cssHeight } = pageGeometry(width, height);
  return { width: cssWidth - 2 * PAGE_MARGIN, height: cssHeight - 2 * PAGE_MARGIN - CHROME_HEIGHT };
}

/** The pages the cards need at the legible minimums, estimated from their text. */
export function summaryPages(book: Book): number {
  const { width, height } = summarySize(book);
  const area = cardArea(book);
  const cards = summaryCards(book).map((c) => ({
    title: c.title,
    text: c.problem.length + c.answer.length + c.summary.length,
    thumb: true,
  }));
  return estimatePages(cards, area.width, area.height, legibleMinimums(width, height));
}

/** The grid of every page when the cards share `pages` pages. */
export function summaryGrid(book: Book, pages = 1): Grid {
  const { width, height } = summarySize(book);
  const area = cardArea(book);
  const perPage = Math.ceil(book.chapters.length / Math.max(1, pages));
  const cols = maxColumns(area.width, legibleMinimums(width, height).thumbMin);
  return chooseGrid(perPage, area.width, area.height, cols);
}

/** The summary page as one HTML document, to open with openHtml (its images and fonts are file URLs). */
export async function summaryHtml(book: Book, ctx: BuildContext, options: SummaryHtmlOptions = {}): Promise<string> {
  const width = book.config.summary?.width ?? 2550;
  const height = book.config.summary?.height ?? 3300;
  const { cssWidth, cssHeight } = pageGeometry(width, height);
  const mins = legibleMinimums(width, height);
  const cards = summaryCards(book);
  const pageCount = Math.max(1, Math.min(cards.length || 1, options.pages ?? summaryPages(book)));
  const grid = summaryGrid(book, pageCount);
  const perPage = Math.ceil(cards.length / pageCount) || 1;
  const pages: SummaryCard[][] = [];
  for (let i = 0; i < cards.length || pages.length === 0; i += perPage) pages.push(cards.slice(i, i + perPage));
  for (const onPage of pages) centreLastRow(onPage, grid.cols);
  // thumbnails are drawn at most ~2 in wide; 600 px keeps them sharp at 300 dpi,
  // and JPEG keeps a 24-chapter PDF small (scanned sketches make heavy PNGs)
  await Promise.all(
    book.chapters.map(async (post, i) => {
      if (!post.sketch) return;
      const variant = await ctx.images.variant(
        post.sketch.asset,
        { format: 'jpeg', width: 600, height: 600, quality: 82, background: '#ffffff', fromSource: true },
        // Chromium and then the e-book and the PDF wait for the summary
        { priority: 'urgent' },
      );
      cards[i]!.thumb = fileUrl(variant.file);
    }),
  );
  const root = ctx.site?.root;
  const [fonts, css] = await Promise.all([fontFaceCss(), readTemplate('summary.css', root)]);
  const count = cards.length;
  // starting sizes before fitting: generous for few chapters per page, modest for many
  const fsMax = Math.max(mins.fsMin + 2, Math.min(22, Math.max(11, 60 / Math.sqrt(perPage))));
  return renderTemplate(
    'summary.eta',
    {
      lang: book.language,
      dir: directionOf(book.language),
      t: stringsOf(book),
      fill,
      title: book.title,
      subtitle: book.subtitle ?? '',
      tagline: tagline(book),
      author: book.author,
      url: ctx.site?.config?.site?.url ?? '',
      license: book.license,
      pwyw: book.pwyw ?? '',
      accent: book.coverColor,
      cards,
      pages,
      grid,
      page: { width: cssWidth, height: cssHeight },
      sizes: {
        fsMax: options.fontSize ?? fsMax,
        // 7 pt at the printed size: no text is smaller, and no thumbnail narrower than 1 in
        fsMin: mins.fsMin,
        // about 8 pt: below it, the sketches give up some room first (never below thumbMin)
        fsReadable: Math.round(mins.fsMin * (8 / 7) * 100) / 100,
        thumb: options.thumb ?? 1,
        thumbMin: mins.thumbMin,
        // a crowded page keeps its title modest so the cards get the room
        titleMax: options.titleSize ?? (count > 12 ? 34 : 44),
        titleMin: 20,
      },
      fonts,
      css,
      script: options.script === false ? '' : FIT_ON_LOAD,
    },
    root,
  );
}

/**
 * The grid has two tracks per column so that a short last row can start half a
 * column in and sit in the middle, instead of leaving a hole at the right.
 */
export function centreLastRow(cards: SummaryCard[], cols: number): void {
  const left = cards.length % cols;
  if (left === 0) return;
  cards[cards.length - left]!.start = cols - left + 1;
}

/** The summary as plain text, for the EPUB's text alternative and the feed. */
export function summaryText(book: Book): string {
  const lines = [book.title];
  const line = tagline(book);
  if (line) lines.push(line);
  lines.push('');
  const t = stringsOf(book);
  const label = (word: string) => `${word}${t.labelSeparator}`;
  for (const card of summaryCards(book)) {
    lines.push(`${card.number}. ${card.title}`);
    if (card.problem) lines.push(`   ${label(t.problem)}${card.problem}`);
    if (card.answer) lines.push(`   ${label(t.answer)}${card.answer}`);
    if (card.summary) lines.push(`   ${card.problem ? label(t.inShort) : ''}${card.summary}`);
  }
  lines.push('', `${book.author}${book.license ? ` · ${book.license}` : ''}`);
  return `${lines.join('\n')}\n`;
}
