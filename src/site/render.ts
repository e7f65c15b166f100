// What every page template gets: the site, its URLs, date formats, the site's
// words (src/i18n), reading time; and the lists pages show (by year, a book's formats).
import { stringsOf } from '../content/apparatus.ts';
import type { Book, Post, Site } from '../content/model.ts';
import { dateFormatter, fill, type StringKey } from '../i18n/index.ts';
import type { OutputFile } from '../pipeline/context.ts';
import type { Templates } from '../templates/engine.ts';
import { siteFonts } from './fonts.ts';
import { readingMinutes } from './reading.ts';
import { templateStrings } from './strings.ts';
import type { SiteUrls } from './urls.ts';

export function pageRenderer(site: Site, templates: Templates, urls: SiteUrls) {
  const lang = site.config.site.language;
  const formatDate = dateFormatter(lang);
  const minutes = new Map<Post, number>();
  const fonts = siteFonts(urls.base);
  const words = templateStrings(site.config);
  const helpers = {
    // the site's words (src/i18n): it.t, it.tl for sentences with links, it.dir
    ...words,
    fill,
    fontPreload: fonts.preload,
    readingTime: (post: Post) => {
      let n = minutes.get(post);
      if (n === undefined) {
        n = readingMinutes(post.hast);
        minutes.set(post, n);
      }
      return fill(words.t.readingTime, { n });
    },
    site: site.config.site,
    books: site.books,
    urls,
    date: (d: Date) => formatDate(d),
    iso: (d: Date) => d.toISOString().slice(0, 10),
    tagUrl: (name: string) => urls.tag(site.tags.find((t) => t.name === name)?.slug ?? name),
  };
  return (name: string, data: Record<string, unknown>) => templates.render(name, { ...helpers, ...data });
}

export function byYear(posts: Post[]) {
  const years = new Map<number, Post[]>();
  for (const post of posts) {
    const y = post.date.getUTCFullYear();
    years.set(y, [...(years.get(y) ?? []), post]);
  }
  return [...years.entries()].map(([year, list]) => ({ year, posts: list }));
}

/** What each download is for, by its name in the table (src/i18n), in the page's order. */
const FORMAT_LABELS: Record<string, StringKey> = {
  pdf: 'formatPdf',
  epub: 'formatEpub',
  mobi: 'formatMobi',
  azw3: 'formatAzw3',
  zip: 'formatZip',
};

/** A book's downloads, described in the book's language. */
export function bookFormats(book: Book, files: OutputFile[]) {
  const t = stringsOf(book);
  return Object.keys(FORMAT_LABELS).flatMap((ext) => {
    const file = files.find((f) => f.path === `book/${book.slug}.${ext}`);
    return file
      ? [{ ext, name: `${book.slug}.${ext}`, path: file.path, label: t[FORMAT_LABELS[ext]!], size: humanSize(file.bytes) }]
      : [];
  });
}

export function humanSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
