// The book's apparatus: everything a book carries around its posts (title page,
// copyright and licence page, contents with the chapters' labelled titles, the
// pay-what-you-want line, the one-page summary's text), described once from the
// `Book`. Every target (EPUB, PDF, MOBI, AZW3, the downloads page) renders this
// description and nothing else, so no format can say something another does not.

import { dateFormatter, fill, labelWords, runs, type Strings, stringsFor } from '../i18n/index.ts';
import { describeLicense, type LicenseInfo } from './license.ts';
import type { Book, Post } from './model.ts';

/** A run of text, or a link. */
export type Inline = string | { text: string; href: string };
/** One paragraph: runs of text and links, in order. */
export type Paragraph = Inline[];

export interface ApparatusEntry {
  post: Post;
  kind: 'front' | 'chapter' | 'back';
  /** "Part 3", "Teil 3"; undefined for front and back matter, with labels off, or when the title carries its number. */
  label?: string;
  /** The title as every contents, NCX, outline and running head shows it: "Part 3: Title". */
  title: string;
  /** 1-based position among the chapters (series: the part number); undefined for front and back matter. */
  number?: number;
}

export interface SummaryRow {
  /** The chapter's contents title ("Part 3: Title"). */
  title: string;
  problem?: string;
  answer?: string;
}

export interface Apparatus {
  titlePage: { title: string; subtitle?: string; author: string; publisher?: string };
  copyright: {
    heading: string;
    /** The licence's own statement: "© 2025 Name" or the CC0 waiver, then what it allows. */
    statement: Paragraph[];
    /** How to credit the book, for licences that ask for it (CC BY…). */
    attribution?: Paragraph;
    /** Pay-what-you-want line, publisher, identifier and edition. */
    details: Paragraph[];
    /** Every paragraph of the page, in order. */
    paragraphs: Paragraph[];
  };
  license: LicenseInfo;
  /** True for a public-domain dedication (CC0): the page shows no ©. */
  publicDomain: boolean;
  pwyw?: { url: string; paragraph: Paragraph };
  contentsTitle: string;
  /** Every other word the targets print around the book (src/i18n). */
  strings: Strings;
  /** Front matter, chapters and back matter, in reading order. */
  entries: ApparatusEntry[];
  summary: { title: string; alt: string; rows: SummaryRow[]; strings: Strings };
}

/** The words a book prints: its own table (src/i18n), or one made from its language and config. */
export function stringsOf(book: Pick<Book, 'language' | 'config'> & { strings?: Strings }): Strings {
  return book.strings ?? stringsFor(book.language, book.config?.strings);
}

/** The chapter label template of a book: its `chapterLabel`, else the language's "Part {n}" (series) or "Chapter {n}". */
export function labelTemplate(book: Pick<Book, 'config' | 'language' | 'series' | 'strings'>): string {
  const set = book.config.chapterLabel;
  if (set !== undefined) return set.trim().toLowerCase() === 'none' ? '' : set;
  const t = stringsOf(book);
  return book.series ? t.partLabel : t.chapterLabel;
}

// Every label word we know, for spotting a title that already carries its number.
const LABEL_WORDS = labelWords();
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether `title` already says it is number `n`: "…, part 1 - Why", "Part 3: …", "Teil 3", "(3/5)", "[3 of 5]". */
export function carriesNumber(title: string, n: number, label: string): boolean {
  const own = label.replace(/\{n\}/g, '').trim().toLowerCase();
  const key = `${own}\n${n}`;
  let patterns = numberPatterns.get(key);
  if (!patterns) {
    const word = [...LABEL_WORDS, ...(own ? [own] : [])].map(escapeRe).join('|');
    patterns = [
      new RegExp(`(^|[^\\p{L}])(${word})\\s*(no\\.?|n[º°]|#)?\\s*${n}(?!\\d)`, 'u'),
      new RegExp(`[([]\\s*${n}\\s*(/|of|sur|von|de|di|van)\\s*\\d+\\s*[)\\]]`),
    ];
    numberPatterns.set(key, patterns);
  }
  const t = title.toLowerCase();
  return patterns.some((p) => p.test(t));
}

// (a pattern with \p{L} over every label word takes about a millisecond to compile)
const numberPatterns = new Map<string, RegExp[]>();

/** "Part 3: Title" from a label and a title, with the language's separator (or `strings`' own). */
export function labelledTitle(label: string | undefined, title: string, language: string | Strings = 'en'): string {
  if (!label) return title;
  const sep = (typeof language === 'string' ? stringsFor(language) : language).labelSeparator;
  return `${label}${sep}${title}`;
}

/** A chapter's number: its part in the series, else its position among the chapters. */
export function chapterNumberOf(book: Pick<Book, 'series'>, post: Post, index: number): number {
  return book.series && post.part ? post.part : index + 1;
}

/** Front matter, chapters and back matter with their labels and final titles. */
export function bookEntries(book: Book): ApparatusEntry[] {
  const template = labelTemplate(book);
  const chapter = (post: Post, i: number): ApparatusEntry => {
    const n = chapterNumberOf(book, post, i);
    const label = template && !carriesNumber(post.title, n, template) ? template.replace(/\{n\}/g, String(n)) : undefined;
    return { post, kind: 'chapter', label, number: n, title: labelledTitle(label, post.title, stringsOf(book)) };
  };
  return [
    ...book.front.map((post): ApparatusEntry => ({ post, kind: 'front', title: post.title })),
    ...book.chapters.map(chapter),
    ...book.back.map((post): ApparatusEntry => ({ post, kind: 'back', title: post.title })),
  ];
}

const isCc0 = (license: LicenseInfo) => /^CC0-/i.test(license.id.trim());
const isAllRightsReserved = (license: LicenseInfo) => license.name === 'All rights reserved';

/** "CC BY 4.0" from "CC-BY-4.0": the short name Creative Commons asks attributions to use. */
function ccShortName(id: string): string | undefined {
  const m = /^CC-(BY(?:-NC)?(?:-SA|-ND)?)-(\d\.\d)$/i.exec(id.trim());
  return m ? `CC ${(m[1] as string).toUpperCase()} ${m[2]}` : undefined;
}

/** What the title and copyright pages say about a book. */
export type BookFacts = Pick<Book, 'title' | 'subtitle' | 'author' | 'publisher' | 'date' | 'license' | 'identifier' | 'pwyw'> &
  Partial<Pick<Book, 'language' | 'strings'>>;

const factsStrings = (book: BookFacts): Strings => book.strings ?? stringsFor(book.language ?? 'en');

/** The copyright page's statement in the licence's own terms. */
function statementOf(book: BookFacts, license: LicenseInfo, t: Strings): Paragraph[] {
  const year = book.date.slice(0, 4);
  const link = (text: string, href: string) => ({ text, href });
  if (isCc0(license)) {
    return [
      [fill(t.cc0Waiver, { author: book.author, title: book.title })],
      runs<Inline>(t.cc0Dedication, { license: link(license.name, license.url as string), id: license.id }),
    ];
  }
  if (isAllRightsReserved(license)) return [[fill(t.allRightsReserved, { year, author: book.author })]];
  const own: Paragraph = [fill(t.copyrightLine, { year, author: book.author })];
  if (!license.url) return [own, [fill(t.licenceNamed, { name: license.name })]];
  // "the MIT License", but "the Creative Commons Attribution 4.0 International licence"
  const sentence = /\blicen[cs]e$/i.test(license.name) ? t.publishedUnderLicense : t.publishedUnder;
  return [
    own,
    runs<Inline>(sentence, { license: link(license.name, license.url), id: license.id }),
    runs<Inline>(t.licenceText, { url: link(license.url, license.url) }),
  ];
}

/** The title page, the copyright page and the pay-what-you-want line of a book. */
export function frontPages(book: BookFacts): Omit<Apparatus, 'entries' | 'summary'> {
  const t = factsStrings(book);
  const license = describeLicense(book.license);
  const statement = statementOf(book, license, t);
  const short = ccShortName(license.id);
  const attribution: Paragraph | undefined =
    short && license.url
      ? runs<Inline>(t.attribution, { title: book.title, author: book.author, license: { text: short, href: license.url } })
      : undefined;
  const pwyw = book.pwyw
    ? { url: book.pwyw, paragraph: runs<Inline>(t.pwyw, { url: { text: book.pwyw, href: book.pwyw } }) }
    : undefined;
  const details: Paragraph[] = [];
  if (pwyw) details.push(pwyw.paragraph);
  if (book.publisher) details.push([fill(t.publishedBy, { publisher: book.publisher })]);
  const date = dateFormatter(book.language ?? 'en')(book.date);
  details.push([fill(t.identifier, { id: book.identifier })], [fill(t.edition, { date })]);
  return {
    titlePage: { title: book.title, subtitle: book.subtitle, author: book.author, publisher: book.publisher },
    copyright: {
      heading: t.copyright,
      statement,
      attribution,
      details,
      paragraphs: [...statement, ...(attribution ? [attribution] : []), ...details],
    },
    license,
    publicDomain: isCc0(license),
    pwyw,
    contentsTitle: t.contents,
    strings: t,
  };
}

/** Computes the apparatus of `book` once; every target renders the result. */
export function bookApparatus(book: Book): Apparatus {
  const entries = bookEntries(book);
  const t = stringsOf(book);
  return {
    ...frontPages({ ...book, strings: t }),
    entries,
    summary: {
      title: t.summaryTitle,
      alt: fill(t.summaryAlt, { title: book.title }),
      strings: t,
      rows: entries
        .filter((e) => e.kind === 'chapter')
        .map((e) => ({ title: e.title, problem: e.post.problem, answer: e.post.answer ?? e.post.summary })),
    },
  };
}

/**
 * The alt text of each page of the summary picture. One page keeps `summary.alt`;
 * a summary of `pages` pages says which page it is and which cards it holds
 * (the cards are shared out as `src/summary/html.ts` does: ceil(chapters / pages) a page).
 */
export function summaryPageAlts(summary: Apparatus['summary'], pages: number): string[] {
  if (pages <= 1) return [summary.alt];
  const t = summary.strings;
  const rows = summary.rows;
  const perPage = Math.ceil(rows.length / pages) || 1;
  return Array.from({ length: pages }, (_, i) => {
    const head = fill(t.summaryPageHead, { title: summary.title, page: i + 1, pages });
    const from = i * perPage;
    const to = Math.min(rows.length, from + perPage) - 1;
    if (from >= rows.length) return `${head}.`;
    return from === to
      ? fill(t.summaryPageCard, { head, n: from + 1, first: rows[from]!.title })
      : fill(t.summaryPageCards, { head, from: from + 1, to: to + 1, first: rows[from]!.title, last: rows[to]!.title });
  });
}

/** A paragraph as plain text (links as their text). */
export function paragraphText(p: Paragraph): string {
  return p.map((r) => (typeof r === 'string' ? r : r.text)).join('');
}
