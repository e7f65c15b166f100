// Where each page and file of the site is served, below the base path of site.url.
import type { Site } from '../content/model.ts';

export interface SiteUrls {
  base: string;
  home: string;
  post(slug: string): string;
  /** A file the site serves at its path below the base (a PDF a post links to). */
  file(path: string): string;
  series(slug: string): string;
  tag(slug: string): string;
  tags: string;
  archive: string;
  book(slug: string): string;
  feed: string;
  css: string;
  js: string;
  /** The page listing every book (written when there are two or more). */
  books: string;
  search: string;
  favicon: string;
  asset(name: string): string;
}

export function siteUrls(site: Site): SiteUrls {
  const base = new URL(site.config.site.url).pathname.replace(/\/?$/, '/');
  const bySlug = new Map(site.posts.map((p) => [p.slug, p]));
  return {
    base,
    home: base,
    post: (slug) => `${base}${bySlug.get(slug)?.path ?? `posts/${slug}/`}`,
    file: (path) => `${base}${path}`,
    series: (slug) => `${base}series/${slug}/`,
    tag: (slug) => `${base}tags/${slug}/`,
    tags: `${base}tags/`,
    archive: `${base}archive/`,
    book: (slug) => `${base}books/${slug}/`,
    feed: `${base}feed.xml`,
    css: `${base}style.css`,
    js: `${base}site.js`,
    books: `${base}books/`,
    search: `${base}pagefind/pagefind.js`,
    favicon: `${base}favicon.svg`,
    asset: (name) => `${base}images/${name}`,
  };
}
