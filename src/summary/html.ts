// The one-page summary as self-contained HTML: fonts and sketches are data URIs,
// so the same document renders in Chromium, on the downloads page and in an EPUB.

import type { Book, Post } from '../content/model.ts';
import type { BuildContext } from '../pipeline/context.ts';
import { FIT_ON_LOAD } from './fit.ts';
import { dataUri, fontFaceCss } from './fonts.ts';
import { chooseGrid, type Grid, pageGeometry } from './layout.ts';
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
}

export interface SummaryCard {
  number: number;
  title: string;
  problem: string;
  answer: string;
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
    answer: post.answer ?? post.summary ?? '',
    alt: post.sketch?.alt ?? '',
  }));
}

/** Warns, on the chapter's own file, about chapters whose card would be half empty. */
export function checkChapters(book: Book): void {
  for (const post of book.chapters) {
    for (const field of ['problem', 'answer'] as const) {
      if (post[field] || (field === 'answer' && post.summary)) continue;
      const msg = post.file.message(
        `The chapter "${post.title}" has no \`${field}\` in its front matter, so its card on the one-page summary of ` +
          `"${book.title}" has an empty ${field} line. Add \`${field}: <one line>\` to the front matter.`,
        post.frontMatterAt?.(field),
        `postbound:summary-missing-${field}`,
      );
      msg.fatal = false;
    }
  }
}

export function summaryGrid(book: Book): Grid {
  const { cssWidth, cssHeight } = pageGeometry(book.config.summary?.width ?? 2550, book.config.summary?.height ?? 3300);
  return chooseGrid(book.chapters.length, cssWidth - 2 * PAGE_MARGIN, cssHeight - 2 * PAGE_MARGIN - CHROME_HEIGHT);
}

/** The summary page as one HTML document, images inlined. */
export async function summaryHtml(book: Book, ctx: BuildContext, options: SummaryHtmlOptions = {}): Promise<string> {
  const width = book.config.summary?.width ?? 2550;
  const height = book.config.summary?.height ?? 3300;
  const { cssWidth, cssHeight } = pageGeometry(width, height);
  const grid = summaryGrid(book);
  const cards = summaryCards(book);
  centreLastRow(cards, grid.cols);
  // thumbnails are drawn at most ~2 in wide; 600 px keeps them sharp at 300 dpi,
  // and JPEG keeps a 24-chapter PDF small (scanned sketches make heavy PNGs)
  await Promise.all(
    book.chapters.map(async (post, i) => {
      if (!post.sketch) return;
      const variant = await ctx.images.variant(
        post.sketch.asset,
        { format: 'jpeg', width: 600, height: 600, quality: 82, background: '#ffffff' },
        // Chromium and then the e-book and the PDF wait for the summary
        { priority: 'urgent' },
      );
      cards[i]!.thumb = dataUri(variant.buffer, 'image/jpeg');
    }),
  );
  const root = ctx.site?.root;
  const [fonts, css] = await Promise.all([fontFaceCss(), readTemplate('summary.css', root)]);
  const count = cards.length;
  // starting sizes before fitting: generous for few chapters, modest for many
  const fsMax = Math.min(22, Math.max(11, 60 / Math.sqrt(count || 1)));
  return renderTemplate(
    'summary.eta',
    {
      lang: book.language,
      title: book.title,
      subtitle: book.subtitle ?? '',
      tagline: tagline(book),
      author: book.author,
      url: ctx.site?.config?.site?.url ?? '',
      license: book.license,
      pwyw: book.pwyw ?? '',
      accent: book.coverColor,
      cards,
      grid,
      page: { width: cssWidth, height: cssHeight },
      sizes: {
        fsMax: options.fontSize ?? fsMax,
        fsMin: 6.5,
        // 8 CSS px is 6 pt on the printed page: the smallest size read without effort
        fsReadable: 8,
        thumb: options.thumb ?? 1,
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
  for (const card of summaryCards(book)) {
    lines.push(`${card.number}. ${card.title}`);
    if (card.problem) lines.push(`   Problem: ${card.problem}`);
    if (card.answer) lines.push(`   Answer: ${card.answer}`);
  }
  lines.push('', `${book.author}${book.license ? ` · ${book.license}` : ''}`);
  return `${lines.join('\n')}\n`;
}
