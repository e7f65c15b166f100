// Reading time and pagination: small facts the theme shows, derived from the model.
import type { Root } from 'hast';
import { toString as hastText } from 'hast-util-to-string';

/** Words a reader reads in a minute of prose (the usual figure for adult silent reading). */
const WORDS_PER_MINUTE = 230;
/** Characters a minute for scripts written without spaces (Japanese, Chinese). */
const CHARS_PER_MINUTE = 500;

// Han, Hiragana and Katakana are counted by character, words elsewhere: letters,
// marks and digits, joined by an apostrophe. Over the sample's posts this finds
// within 1 % of the words Intl.Segmenter calls word-like, in a small part of its
// time (the segmenter was the site stage's largest cost).
const IDEOGRAPHS = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]+/gu;
const WORD = /[\p{L}\p{N}\p{M}]+(?:['’][\p{L}\p{N}\p{M}]+)*/gu;

/** Whole minutes to read a post's body, at least 1. */
export function readingMinutes(tree: Root): number {
  const text = hastText(tree);
  let ideographs = 0;
  let words = 0;
  let last = 0;
  for (const run of text.matchAll(IDEOGRAPHS)) {
    words += countWords(text.slice(last, run.index));
    ideographs += run[0].length;
    last = run.index + run[0].length;
  }
  words += countWords(text.slice(last));
  return Math.max(1, Math.round(words / WORDS_PER_MINUTE + ideographs / CHARS_PER_MINUTE));
}

function countWords(text: string): number {
  let n = 0;
  for (const _ of text.matchAll(WORD)) n++;
  return n;
}

export interface Pagination<T> {
  items: T[];
  /** 1-based */
  number: number;
  count: number;
  /** Path below the base of page `n` ("" for the first page of the home). */
  file: string;
  newer?: string;
  older?: string;
}

/**
 * Splits `items` into pages of `perPage`: page 1 at `first`, page n at
 * `first` + "page/n/". `url` turns a page's folder into its address.
 */
export function paginate<T>(items: T[], perPage: number, first: string, url: (folder: string) => string): Pagination<T>[] {
  const count = Math.max(1, Math.ceil(items.length / perPage));
  const folder = (n: number) => (n === 1 ? first : `${first}page/${n}/`);
  return Array.from({ length: count }, (_, i) => ({
    items: items.slice(i * perPage, (i + 1) * perPage),
    number: i + 1,
    count,
    file: `${folder(i + 1)}index.html`,
    newer: i > 0 ? url(folder(i)) : undefined,
    older: i < count - 1 ? url(folder(i + 2)) : undefined,
  }));
}
