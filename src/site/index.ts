// The blog site: home, a page per post, series, tags, archive, Atom feed,
// sitemap, 404 and a downloads page per book, all under dist/site/.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ImageCache } from '../assets/images.ts';
import { bookApparatus, stringsOf } from '../content/apparatus.ts';
import { describeLicense } from '../content/license.ts';
import type { Asset, Book, Post, Site } from '../content/model.ts';
import { pageFile } from '../content/urls.ts';
import { dateFormatter, directionOf, fill, type StringKey } from '../i18n/index.ts';
import type { BuildContext, OutputFile } from '../pipeline/context.ts';
import { createTemplates, type Templates } from '../templates/engine.ts';
import { bodyHtml, type SiteImage } from './body.ts';
import { atomFeed, sitemap } from './feeds.ts';
import { sentences, siteStrings, templateStrings } from './strings.ts';

const WIDTHS = [640, 1280];

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
    favicon: `${base}favicon.svg`,
    asset: (name) => `${base}images/${name}`,
  };
}

/** For the dev server, which rebuilds only what a change touches. */
export interface SiteBuildOptions {
  /**
   * Only the pages (paths under site/, e.g. "posts/x/index.html", "feed.xml",
   * "style.css") for which this returns true are rendered and written; the
   * others are taken to be on disk already. Every page by default.
   */
  page?: (rel: string) => boolean;
  /**
   * Kept across builds: the responsive variants already written, by asset id
   * (the id is a content hash, so an unchanged image is neither remade nor copied again).
   */
  images?: Map<string, SiteImage>;
  /**
   * Kept across builds: the feed's HTML of each post, by its tree. The dev
   * server's load cache keeps an unchanged post's tree object, so a hit is an
   * unchanged post (a link to a post whose slug changed stays stale until then).
   */
  feedBodies?: WeakMap<object, { images: string; html: string }>;
}

/** Writes the site pages (the downloads pages come later, once the books exist). */
export async function build(ctx: BuildContext, options: SiteBuildOptions = {}): Promise<OutputFile[]> {
  const { site } = ctx;
  const out = new Writer(ctx.outDir, options.page);
  const urls = siteUrls(site);
  const templates = createTemplates(site.root);
  ctx.progress.step('site: images');
  const images = await siteImages(site, ctx.images, urls, out, options.images);
  const render = pageRenderer(site, templates, urls);
  const bodies = new Map<string, string>();
  const body = (post: Post) => {
    let html = bodies.get(post.slug);
    if (html === undefined) {
      html = bodyHtml(post, { postUrl: urls.post, fileUrl: urls.file, image: (id) => images.get(id) });
      bodies.set(post.slug, html);
    }
    return html;
  };

  ctx.progress.step(`site: ${site.posts.length} posts`);
  const seriesBySlug = new Map(site.series.map((s) => [s.slug, s]));
  const bookOfSeries = new Map(site.books.filter((b) => b.series).map((b) => [b.series!.slug, b]));
  for (const post of site.posts) {
    const series = post.series ? seriesBySlug.get(post.series) : undefined;
    const i = series ? series.posts.indexOf(post) : -1;
    await out.page(pageFile(post.path), () =>
      render('post', {
        title: post.title,
        description: post.summary,
        post,
        body: body(post),
        series,
        prev: series && i > 0 ? series.posts[i - 1] : undefined,
        next: series && i < series.posts.length - 1 ? series.posts[i + 1] : undefined,
        book: series ? bookOfSeries.get(series.slug) : undefined,
        ogImage: post.sketch ? images.get(post.sketch.asset.id)?.card : undefined,
      }),
    );
  }
  // old addresses of posts (Jekyll's redirect_from, Hugo's aliases) lead to where they are now
  for (const post of site.posts) {
    for (const alias of post.aliases) {
      if (alias === post.path) continue;
      await out.file(pageFile(alias), () => render('redirect', { title: post.title, to: urls.post(post.slug) }));
    }
  }
  // files posts link to (a PDF, an image's full size), at the addresses the posts use
  for (const [rel, abs] of site.staticFiles) await out.file(rel, await readFile(abs), true);
  const t = siteStrings(site.config);
  const perPage = site.config.site.postsPerPage;
  await out.page('index.html', () =>
    render('home', {
      title: site.config.site.title,
      posts: site.posts.slice(0, perPage),
      more: site.posts.length > perPage,
      books: site.books,
    }),
  );
  for (const series of site.series) {
    await out.page(`series/${series.slug}/index.html`, () =>
      render('series', { title: series.title, series, book: bookOfSeries.get(series.slug) }),
    );
  }
  for (const tag of site.tags) {
    await out.page(`tags/${tag.slug}/index.html`, () => render('tag', { title: fill(t.taggedWith, { tag: tag.name }), tag }));
  }
  await out.page('tags/index.html', () => render('tags', { title: t.tags, tags: site.tags }));
  await out.page('archive/index.html', () => render('archive', { title: t.archive, years: byYear(site.posts) }));
  await out.page('404.html', () => render('404', { title: t.notFound }));
  await out.file('style.css', () => templates.read('site.css'));
  const absolute = new URL(site.config.site.url).href;
  const feedBody = (post: Post) => {
    const used = post.images.map((i) => i.asset.id).join();
    const hit = options.feedBodies?.get(post.hast);
    if (hit && hit.images === used) return hit.html;
    const html = bodyHtml(post, { postUrl: urls.post, fileUrl: urls.file, image: (id) => images.get(id), absolute });
    options.feedBodies?.set(post.hast, { images: used, html });
    return html;
  };
  await out.file('feed.xml', () => atomFeed(site, urls, feedBody));
  await out.file('favicon.svg', () => templates.read('favicon.svg'));
  // The downloads pages are written after the books, but belong in the sitemap now.
  const bookPages = site.books.map((b) => `books/${b.slug}/index.html`);
  await out.file('sitemap.xml', () => sitemap(site, urls, [...out.pages, ...bookPages]));
  return out.done();
}

/**
 * The downloads page of each book: written after the book targets, because it
 * lists their files and sizes.
 */
export async function buildDownloads(ctx: BuildContext, bookFiles: OutputFile[]): Promise<OutputFile[]> {
  const { site } = ctx;
  const out = new Writer(ctx.outDir);
  const urls = siteUrls(site);
  const render = pageRenderer(site, createTemplates(site.root), urls);
  for (const book of site.books) {
    const formats = bookFormats(book, bookFiles);
    const pictures = new Map<string, string>();
    // the summary's pages: -summary.png, then -summary-2.png...
    const summaryPages: { n: number; url: string }[] = [];
    const laterPage = `book/${book.slug}-summary-`;
    for (const f of bookFiles) {
      for (const suffix of ['-mockup.png', '-summary.png', '-cover.jpg', '-og.png']) {
        if (f.path === `book/${book.slug}${suffix}`) {
          // Copy the pictures next to the page so the site stands on its own.
          const name = `${book.slug}${suffix}`;
          await out.copy(f.path, `books/${book.slug}/${name}`);
          pictures.set(suffix, `${urls.book(book.slug)}${name}`);
          if (suffix === '-summary.png') summaryPages.push({ n: 1, url: pictures.get(suffix)! });
        }
      }
      const more = f.path.startsWith(laterPage) ? /^(\d+)\.png$/.exec(f.path.slice(laterPage.length)) : null;
      if (more) {
        const name = f.path.slice('book/'.length);
        await out.copy(f.path, `books/${book.slug}/${name}`);
        summaryPages.push({ n: Number(more[1]), url: `${urls.book(book.slug)}${name}` });
      }
    }
    // the later pages only beside the first, in order
    const summaries = summaryPages.some((p) => p.n === 1) ? summaryPages.sort((a, b) => a.n - b.n).map((p) => p.url) : [];
    for (const format of formats) await out.copy(format.path, `books/${book.slug}/${format.name}`);
    await out.page(`books/${book.slug}/index.html`, () =>
      render('downloads', {
        title: book.title,
        description: book.description,
        book,
        formats: formats.map((f) => ({ ...f, url: `${urls.book(book.slug)}${f.name}` })),
        mockup: pictures.get('-mockup.png') ?? pictures.get('-cover.jpg'),
        summary: pictures.get('-summary.png'),
        summaries,
        ogImage: pictures.get('-og.png'),
        license: describeLicense(book.license),
        // the licence and pay-what-you-want wording the books carry (src/content/apparatus.ts)
        apparatus: bookApparatus(book),
        // the book's part of the page speaks the book's language, the site's frame the site's
        bt: stringsOf(book),
        btl: sentences(stringsOf(book)),
        bookLang: book.language === site.config.site.language ? undefined : book.language,
        bookDir: directionOf(book.language),
      }),
    );
  }
  return out.done();
}

/** What each download is for, by its name in the table (src/i18n), in the page's order. */
const FORMAT_LABELS: Record<string, StringKey> = {
  pdf: 'formatPdf',
  epub: 'formatEpub',
  mobi: 'formatMobi',
  azw3: 'formatAzw3',
  zip: 'formatZip',
};

function bookFormats(book: Book, files: OutputFile[]) {
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

function pageRenderer(site: Site, templates: Templates, urls: SiteUrls) {
  const formatDate = dateFormatter(site.config.site.language);
  const helpers = {
    ...templateStrings(site.config),
    fill,
    site: site.config.site,
    books: site.books,
    urls,
    date: (d: Date) => formatDate(d),
    iso: (d: Date) => d.toISOString().slice(0, 10),
    tagUrl: (name: string) => urls.tag(site.tags.find((t) => t.name === name)?.slug ?? name),
  };
  return (name: string, data: Record<string, unknown>) => templates.render(name, { ...helpers, ...data });
}

function byYear(posts: Post[]) {
  const years = new Map<number, Post[]>();
  for (const post of posts) {
    const y = post.date.getUTCFullYear();
    years.set(y, [...(years.get(y) ?? []), post]);
  }
  return [...years.entries()].map(([year, list]) => ({ year, posts: list }));
}

async function siteImages(
  site: Site,
  cache: ImageCache,
  urls: SiteUrls,
  out: Writer,
  written?: Map<string, SiteImage>,
): Promise<Map<string, SiteImage>> {
  const used = new Map<string, Asset>();
  for (const post of site.posts) {
    for (const { asset } of post.images) used.set(asset.id, asset);
    if (post.sketch) used.set(post.sketch.asset.id, post.sketch.asset);
  }
  const result = new Map<string, SiteImage>();
  await Promise.all(
    [...used.values()].map(async (asset) => {
      const known = written?.get(asset.id);
      if (known) {
        result.set(asset.id, known);
        return;
      }
      if (servedAsIs(asset)) {
        const image = await originalImage(asset, cache, urls, out);
        result.set(asset.id, image);
        written?.set(asset.id, image);
        return;
      }
      const widths = WIDTHS.filter((w, i) => i === 0 || w < asset.width * 1.2);
      // WebP at every width; one JPEG at the largest for feeds, social cards and the
      // rare browser without WebP, made by the quick encoder: mozjpeg's smaller
      // files matter in a book, and its time in a large blog's first build
      // (background work: the books wait for their images, the site's are needed only when it is written)
      const later = { priority: 'background' } as const;
      const variants = await Promise.all([
        ...widths.map((width) => cache.variant(asset, { format: 'webp', width, effort: 2 }, later)),
        cache.variant(asset, { format: 'jpeg', width: widths.at(-1), fast: true }, later),
      ]);
      for (const v of variants) await out.file(`images/${v.name}`, v.buffer, true);
      const set = (format: string) =>
        variants
          .filter((v) => v.format === format)
          .map((v) => `${urls.asset(v.name)} ${v.width}w`)
          .join(', ');
      const largest = variants.filter((v) => v.format === 'jpeg').at(-1)!;
      const image = {
        src: urls.asset(largest.name),
        srcset: { webp: set('webp'), jpeg: set('jpeg') },
        width: largest.width,
        height: largest.height,
        card: urls.asset(largest.name),
      };
      result.set(asset.id, image);
      written?.set(asset.id, image);
    }),
  );
  return result;
}

/**
 * Images the site shows as they are, not as responsive variants: an SVG (it is
 * sharp at every width already, and a raster would be larger), and an animated
 * GIF or WebP (a resize through the variants keeps only the first frame).
 */
export function servedAsIs(asset: Asset): boolean {
  return asset.format === 'svg' || asset.animated === true;
}

/** The original file under images/, and a JPEG of it for social cards (which show neither SVG nor animation). */
async function originalImage(asset: Asset, cache: ImageCache, urls: SiteUrls, out: Writer): Promise<SiteImage> {
  const ext = asset.format === 'jpeg' ? 'jpg' : asset.format;
  const name = `${asset.stem}-${asset.hash.slice(0, 8)}.${ext}`;
  const later = { priority: 'background' } as const;
  const [bytes, card] = await Promise.all([
    readFile(asset.path),
    cache.variant(asset, { format: 'jpeg', width: WIDTHS.at(-1), fast: true }, later),
  ]);
  await out.file(`images/${name}`, bytes, true);
  await out.file(`images/${card.name}`, card.buffer, true);
  return { src: urls.asset(name), width: asset.width, height: asset.height, card: urls.asset(card.name) };
}

/**
 * Writes files under outDir/site and remembers what it wrote. Pages are made one
 * after another, but written in the background, many at once: awaiting each
 * write in turn left the thread idle for most of a 1000-post build.
 */
class Writer {
  files: OutputFile[] = [];
  pages: string[] = [];
  private dirs = new Map<string, Promise<unknown>>();
  private inFlight = new Set<Promise<void>>();
  private failed: unknown;
  /** `wanted` leaves out pages the caller already has (the dev server); content is made only for pages written. */
  constructor(
    private outDir: string,
    private wanted: (rel: string) => boolean = () => true,
  ) {}

  async file(rel: string, data: string | Buffer | (() => string | Buffer), always = false): Promise<void> {
    if (!always && !this.wanted(rel)) return;
    const bytes = typeof data === 'function' ? data() : data;
    const path = join(this.outDir, 'site', rel);
    this.files.push({ path: `site/${rel}`, bytes: Buffer.byteLength(bytes) });
    const dir = dirname(path);
    let made = this.dirs.get(dir);
    if (!made) {
      made = mkdir(dir, { recursive: true });
      this.dirs.set(dir, made);
    }
    const write = made
      .then(() => writeFile(path, bytes))
      .catch((error: unknown) => {
        this.failed ??= error;
      })
      .finally(() => this.inFlight.delete(write));
    this.inFlight.add(write);
    if (this.inFlight.size >= MAX_WRITES) await Promise.race(this.inFlight);
  }

  async page(rel: string, html: string | (() => string)): Promise<void> {
    this.pages.push(rel);
    await this.file(rel, html);
  }

  async copy(fromOut: string, rel: string): Promise<void> {
    await this.file(rel, await readFile(join(this.outDir, fromOut)), true);
  }

  /** Waits for every write; throws the first that failed. */
  async done(): Promise<OutputFile[]> {
    await Promise.all(this.inFlight);
    if (this.failed) throw this.failed;
    return this.files;
  }
}

/** Writes in flight at once: enough to keep libuv's four threads busy, few enough to bound memory. */
const MAX_WRITES = 32;
