// What every page template gets: the site, its URLs, date formats, the theme's
// words, reading time; and the lists pages show (by year, a book's formats).
import type { Book, Post, Site } from '../content/model.ts';
import type { OutputFile } from '../pipeline/context.ts';
import type { Templates } from '../templates/engine.ts';
import { siteFonts } from './fonts.ts';
import type { SiteUrls } from './index.ts';
import { readingMinutes } from './reading.ts';
import { fill, themeStrings } from './theme-strings.ts';

export function pageRenderer(site: Site, templates: Templates, urls: SiteUrls) {
  const lang = site.config.site.language;
  const dateFormat = new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });
  const minutes = new Map<Post, number>();
  const fonts = siteFonts(urls.base);
  const helpers = {
    t: themeStrings,
    fill,
    fontPreload: fonts.preload,
    readingTime: (post: Post) => {
      let n = minutes.get(post);
      if (n === undefined) {
        n = readingMinutes(post.hast, lang);
        minutes.set(post, n);
      }
      return fill(themeStrings.readingTime, { n });
    },
    site: site.config.site,
    books: site.books,
    urls,
    date: (d: Date) => dateFormat.format(d),
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

const FORMAT_LABELS: Record<string, string> = {
  pdf: 'PDF, for reading on a computer or tablet, and for printing',
  epub: 'EPUB, for Apple Books, Kobo, Google Play Books and most e-readers',
  mobi: 'MOBI, for older Kindles',
  azw3: 'AZW3, for newer Kindles',
  zip: 'Everything in one zip',
};

export function bookFormats(book: Book, files: OutputFile[]) {
  return Object.keys(FORMAT_LABELS).flatMap((ext) => {
    const file = files.find((f) => f.path === `book/${book.slug}.${ext}`);
    return file
      ? [{ ext, name: `${book.slug}.${ext}`, path: file.path, label: FORMAT_LABELS[ext], size: humanSize(file.bytes) }]
      : [];
  });
}

export function humanSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
