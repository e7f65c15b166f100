// The blog site: home, a page per post, series, tags, archive, Atom feed,
// sitemap, 404 and a downloads page per book, all under dist/site/.
import { readFile } from 'node:fs/promises';
import type { Post } from '../content/model.ts';
import { pageFile } from '../content/urls.ts';
import { fill } from '../i18n/index.ts';
import type { BuildContext, OutputFile } from '../pipeline/context.ts';
import { createTemplates } from '../templates/engine.ts';
import { bodyHtml, type SiteImage } from './body.ts';
import { atomFeed, sitemap } from './feeds.ts';
import { siteFonts } from './fonts.ts';
import { siteImages } from './images.ts';
import { paginate } from './reading.ts';
import { byYear, pageRenderer } from './render.ts';
import { type SearchIndex, searchIndex } from './search.ts';
import { siteStrings } from './strings.ts';
import { siteUrls } from './urls.ts';
import { Writer } from './writer.ts';

export { buildDownloads } from './downloads.ts';
export { servedAsIs } from './images.ts';
export { type SiteUrls, siteUrls } from './urls.ts';

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
  // the dev server's partial rebuilds keep the index of its first build
  const search = options.page ? undefined : await searchIndex(ctx.site.config.site.language);
  try {
    return await buildPages(ctx, options, search);
  } catch (error) {
    await search?.discard();
    throw error;
  }
}

async function buildPages(ctx: BuildContext, options: SiteBuildOptions, search?: SearchIndex): Promise<OutputFile[]> {
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
    const file = pageFile(post.path);
    const html = () =>
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
        ogImageAlt: post.sketch?.alt,
        url: urls.post(post.slug),
        article: true,
      });
    if (search) {
      const page = html();
      search.add(urls.post(post.slug), page);
      await out.page(file, page);
    } else await out.page(file, html);
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
  for (const page of paginate(site.posts, perPage, '', (f) => `${urls.base}${f}`)) {
    await out.page(page.file, () =>
      render('home', {
        title: page.number === 1 ? site.config.site.title : fill(t.pageNofM, { n: page.number, m: page.count }),
        posts: page.items,
        pagination: page,
        books: page.number === 1 ? site.books : [],
        url: `${urls.base}${page.file.replace(/index\.html$/, '')}`,
      }),
    );
  }
  for (const series of site.series) {
    await out.page(`series/${series.slug}/index.html`, () =>
      render('series', { title: series.title, series, book: bookOfSeries.get(series.slug) }),
    );
  }
  for (const tag of site.tags) {
    for (const page of paginate(tag.posts, perPage, `tags/${tag.slug}/`, (f) => `${urls.base}${f}`)) {
      const title = fill(t.taggedWith, { tag: tag.name });
      await out.page(page.file, () =>
        render('tag', {
          title: page.number === 1 ? title : `${title} · ${fill(t.pageNofM, { n: page.number, m: page.count })}`,
          tag,
          posts: page.items,
          pagination: page,
        }),
      );
    }
  }
  await out.page('tags/index.html', () => render('tags', { title: t.tags, tags: site.tags }));
  await out.page('archive/index.html', () => render('archive', { title: t.archive, years: byYear(site.posts) }));
  await out.page('404.html', () => render('404', { title: t.notFound }));
  const fonts = siteFonts(urls.base);
  await out.file('style.css', () => fonts.css + templates.read('site.css'));
  await out.file('site.js', () => templates.read('site.js'));
  for (const font of fonts.files) await out.file(`fonts/${font.name}`, await readFile(font.path), true);
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
  if (site.books.length > 1) bookPages.push('books/index.html');
  await out.file('sitemap.xml', () => sitemap(site, urls, [...out.pages, ...bookPages]));
  if (search) {
    ctx.progress.step('site: search index');
    await search.write(out);
  }
  return out.done();
}
