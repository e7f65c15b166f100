// The whole book as one HTML document for Chromium to print. Page furniture is
// CSS paged media: every chapter's body gets its own named page, whose @page rule
// carries the chapter's running head; cover, title, copyright and chapter
// openers use pages without margin boxes. Page numbers in the contents are
// placeholders (`data-page-of`) that src/pdf/paginate.ts fills after a first print.
import type { TrimSize } from '../config/schema.ts';
import type { Apparatus, Paragraph } from '../content/apparatus.ts';
import type { LicenseInfo } from '../content/license.ts';
import { directionOf, fill, listOf } from '../i18n/index.ts';
import { fitHead, headChars, pageGeometry } from './trim.ts';

export interface PrintSection {
  /** Id of the heading in the document. */
  id: string;
  title: string;
  /** 2 for `##`, 3 for `###`… */
  depth: number;
}

export interface PrintChapter {
  /** Id of the chapter's title in the document. */
  id: string;
  kind: 'front' | 'chapter' | 'back';
  /** "Part 3", shown above the title on the opening page. */
  label?: string;
  title: string;
  /** The running head when it is not the labelled title (front matter `shortTitle`); a long title is cut to fit either way. */
  head?: string;
  /** The title in the contents, the bookmarks and the running head: "Part 3: Title" (src/content/apparatus.ts). */
  tocTitle: string;
  summary?: string;
  /** The chapter's body, already rewritten for the book (src/pdf/post-html.ts). */
  html: string;
  sections: PrintSection[];
}

export interface PrintBook {
  title: string;
  subtitle?: string;
  author: string;
  publisher?: string;
  /** YYYY-MM-DD */
  date: string;
  language: string;
  identifier: string;
  license: LicenseInfo;
  pwyw?: string;
  trim: TrimSize;
  tocDepth: number;
  /** Every chapter (and front and back matter post) opens on a right-hand page. */
  openRight?: boolean;
  /** URLs of the cover and of the one-page summary; the page is left out without one. */
  coverSrc?: string;
  summarySrc?: string;
  /** Every page of the summary, the first included (summarySrc alone when left out). */
  summarySrcs?: string[];
  /** Title page, copyright page and contents heading, as every format has them (src/content/apparatus.ts). */
  apparatus: Pick<Apparatus, 'titlePage' | 'copyright' | 'contentsTitle' | 'strings'>;
  chapters: PrintChapter[];
}

export interface BookDocument {
  html: string;
  /** Ids whose page numbers the contents show, in reading order. */
  anchors: string[];
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);
}

/** A CSS string literal (CSS Syntax §4.3.5: backslash escapes). */
export function cssString(text: string): string {
  return `"${text.replace(/[\\"]/g, '\\$&').replace(/\n/g, '\\A ')}"`;
}

/** Name of the @page rule for chapter `index`'s body pages. */
export const chapterPage = (index: number) => `chapter-${index + 1}`;

/** The running heads, one line each at the book's trim size: [left pages, each chapter's right pages]. */
export function runningHeads(book: PrintBook): { book: string; chapters: string[] } {
  const max = headChars(book.trim);
  return { book: fitHead(book.title, max), chapters: book.chapters.map((c) => fitHead(c.head ?? c.tocTitle, max)) };
}

/** The @page rules that depend on the book: size, margins and running heads. */
export function pageCss(book: PrintBook): string {
  const g = pageGeometry(book.trim);
  const heads = runningHeads(book);
  const rules = [
    `@page { size: ${g.width} ${g.height}; margin: ${g.margin}; @bottom-center { content: counter(page); } }`,
    `@page :left { @top-left { content: ${cssString(heads.book)}; } }`,
    `@page contents:right { @top-right { content: ${cssString(book.apparatus.contentsTitle)}; } }`,
  ];
  book.chapters.forEach((_, i) => {
    rules.push(`@page ${chapterPage(i)}:right { @top-right { content: ${cssString(heads.chapters[i] as string)}; } }`);
  });
  // Pages without furniture; listed last so nothing above overrides them. A page
  // left blank so that a chapter opens on the right (openRight) is :blank.
  const bare = '@top-left { content: none; } @top-right { content: none; } @bottom-center { content: none; }';
  rules.push(
    `@page plain { ${bare} }`,
    `@page opener { ${bare} }`,
    `@page full { margin: 0; ${bare} }`,
    `@page blank { ${bare} }`,
    `@page :blank { ${bare} }`,
  );
  // Chromium ignores it; src/pdf/paginate.ts puts in the blank pages itself
  if (book.openRight) rules.push('.opener { break-before: right; }');
  rules.push(
    `:root { --page-width: ${g.width}; --page-height: ${g.height}; --text-width: ${g.textWidthIn}in; --text-height: ${g.textHeightIn}in; }`,
  );
  return rules.join('\n');
}

function tocEntry(id: string, title: string, level: number): string {
  return (
    `<li class="toc-${level}"><a href="#${escapeHtml(id)}"><span class="toc-title">${escapeHtml(title)}</span>` +
    `<span class="toc-fill"></span><span class="toc-num" data-page-of="${escapeHtml(id)}">0</span></a></li>`
  );
}

export function contents(book: PrintBook): { html: string; anchors: string[] } {
  const anchors: string[] = [];
  const items: string[] = [];
  for (const chapter of book.chapters) {
    anchors.push(chapter.id);
    items.push(tocEntry(chapter.id, chapter.tocTitle, 1));
    for (const s of chapter.sections) {
      if (s.depth > book.tocDepth) continue;
      anchors.push(s.id);
      items.push(tocEntry(s.id, s.title, s.depth));
    }
  }
  return {
    html: `<section class="contents"><p class="contents-title">${escapeHtml(book.apparatus.contentsTitle)}</p><ol class="toc">${items.join('')}</ol></section>`,
    anchors,
  };
}

function titlePage(book: PrintBook): string {
  const e = escapeHtml;
  const t = book.apparatus.titlePage;
  return (
    `<section class="title-page"><p class="book-title">${e(t.title)}</p>` +
    (t.subtitle ? `<p class="book-subtitle">${e(t.subtitle)}</p>` : '') +
    `<p class="book-author">${e(t.author)}</p>` +
    (t.publisher ? `<p class="book-publisher">${e(t.publisher)}</p>` : '') +
    '</section>'
  );
}

function paragraphHtml(p: Paragraph): string {
  return `<p>${p.map((r) => (typeof r === 'string' ? escapeHtml(r) : `<a href="${escapeHtml(r.href)}">${escapeHtml(r.text)}</a>`)).join('')}</p>`;
}

/** The typefaces templates/pdf.css sets the book in, for the colophon. */
const TYPEFACES = ['Source Serif 4', 'Source Sans 3', 'JetBrains Mono'];

function copyrightPage(book: PrintBook): string {
  const c = book.apparatus.copyright;
  return (
    `<section class="copyright-page"><div class="copyright">` +
    c.paragraphs.map(paragraphHtml).join('') +
    `<p>${escapeHtml(fill(book.apparatus.strings.setIn, { fonts: listOf(book.language, TYPEFACES) }))}</p>` +
    '</div></section>'
  );
}

function chapterHtml(chapter: PrintChapter, index: number): string {
  const e = escapeHtml;
  return (
    `<section class="opener opener-${chapter.kind}">` +
    (chapter.label ? `<p class="chapter-label">${e(chapter.label)}</p>` : '') +
    `<h1 id="${e(chapter.id)}">${e(chapter.title)}</h1>` +
    (chapter.summary ? `<p class="chapter-summary">${e(chapter.summary)}</p>` : '') +
    `</section><section class="chapter-body chapter-${chapter.kind}" style="page: ${chapterPage(index)}">` +
    `${chapter.html}</section>`
  );
}

/** The book as one HTML document, with `css` (the stylesheet and @font-face rules) inlined. */
export function bookDocument(book: PrintBook, css: string): BookDocument {
  const toc = contents(book);
  const t = book.apparatus.strings;
  const parts: string[] = [];
  if (book.coverSrc) {
    parts.push(
      `<section class="cover"><img src="${escapeHtml(book.coverSrc)}" alt="${escapeHtml(fill(t.coverAlt, { title: book.title, author: book.apparatus.titlePage.author }))}"></section>`,
    );
  }
  parts.push(titlePage(book), copyrightPage(book), toc.html);
  for (const [i, c] of book.chapters.entries()) parts.push(chapterHtml(c, i));
  const summaries = book.summarySrcs ?? (book.summarySrc ? [book.summarySrc] : []);
  for (const [i, src] of summaries.entries()) {
    // a printed page per summary page, each picture fitted to it
    const which = summaries.length > 1 ? `, ${fill(t.pageOf, { page: i + 1, pages: summaries.length })}` : '';
    const alt = `${fill(t.summaryImageAlt, { title: book.title })}${which}`;
    parts.push(`<section class="summary-page"><img src="${escapeHtml(src)}" alt="${escapeHtml(alt)}"></section>`);
  }
  const html =
    `<!doctype html><html lang="${escapeHtml(book.language)}" dir="${directionOf(book.language)}"><head><meta charset="utf-8">` +
    `<title>${escapeHtml(book.title)}</title><style>${css}\n${pageCss(book)}</style></head>` +
    `<body>${parts.join('\n')}</body></html>`;
  return { html, anchors: toc.anchors };
}
