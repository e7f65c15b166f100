// Which site pages a change touches, found by comparing the last good model with
// the new one. The dev server renders only these; everything else on disk stays.
import { createHash } from 'node:crypto';
import type { Post, Site } from '../content/model.ts';
import { pageFile } from '../content/urls.ts';

export interface PagePlan {
  /** Every page: the first build, the config or a template changed. */
  all: boolean;
  /** Paths under site/ to render, e.g. "posts/x/index.html", "feed.xml". */
  pages: Set<string>;
  /** Page folders under site/ that no longer exist (a post renamed, a tag gone). */
  removed: string[];
}

/** What the pages that list a post show of it; a change here touches its neighbours too. */
function listing(post: Post): string {
  return JSON.stringify([
    post.slug,
    post.title,
    post.date.getTime(),
    post.updated?.getTime(),
    post.tags,
    post.series,
    post.part,
    post.summary,
    post.draft,
    post.sketch?.asset.id,
    post.sketch?.alt,
  ]);
}

/** Everything the post's own page shows: its text and the images it uses (by content hash). */
function content(post: Post): string {
  const hash = createHash('sha1').update(String(post.file.value ?? ''));
  for (const image of post.images) hash.update(`\0${image.asset.id}\0${image.alt}`);
  return `${listing(post)}\0${hash.digest('hex')}`;
}

/**
 * With the dev server's load cache an unchanged post keeps its tree object: the
 * same text, so the same front matter. What still depends on other files is its
 * part number (other posts) and its images (their content hashes).
 */
function unchanged(a: Post, b: Post): boolean {
  if (a.hast !== b.hast) return content(a) === content(b);
  const images = (p: Post) => p.images.map((i) => `${i.asset.id}\0${i.alt}`).join('\0');
  return (
    a.part === b.part && a.sketch?.asset.id === b.sketch?.asset.id && a.sketch?.alt === b.sketch?.alt && images(a) === images(b)
  );
}

const postPage = (post: Pick<Post, 'path'>) => pageFile(post.path);
const seriesPage = (slug: string) => `series/${slug}/index.html`;
/** A tag's pages: the first, then page/2/… as the site paginates them (src/site/reading.ts). */
const tagPages = (site: Site, name: string) => {
  const tag = site.tags.find((t) => t.name === name);
  return paged(`tags/${tag?.slug ?? name}/`, tag?.posts.length ?? 0, site.config.site.postsPerPage);
};
const paged = (first: string, items: number, perPage: number) =>
  Array.from({ length: Math.max(1, Math.ceil(items / perPage)) }, (_, i) => `${first}${i ? `page/${i + 1}/` : ''}index.html`);

/** The pages to render after `after` replaced `before` (undefined: nothing built yet). */
export function planPages(before: Site | undefined, after: Site, everything = false): PagePlan {
  const removed = before ? removedPages(before, after) : [];
  if (!before || everything) return { all: true, pages: new Set(), removed };

  const old = new Map(before.posts.map((p) => [p.rel, p]));
  const now = new Map(after.posts.map((p) => [p.rel, p]));
  const pages = new Set<string>();
  const touchedSeries = new Set<string>();
  for (const rel of new Set([...old.keys(), ...now.keys()])) {
    const a = old.get(rel);
    const b = now.get(rel);
    if (a && b && unchanged(a, b)) continue;
    if (b) pages.add(postPage(b));
    for (const [site, p] of [
      [before, a],
      [after, b],
    ] as const) {
      if (!p) continue;
      if (p.series) pages.add(seriesPage(p.series));
      for (const tag of p.tags) for (const page of tagPages(site, tag)) pages.add(page);
    }
    // Every post of a series shows its part number, the count and its neighbours' titles.
    if (!a || !b || listing(a) !== listing(b)) {
      for (const p of [a, b]) if (p?.series) touchedSeries.add(p.series);
    }
  }
  if (pages.size === 0) return { all: false, pages, removed };
  for (const series of after.series) {
    if (touchedSeries.has(series.slug)) for (const p of series.posts) pages.add(postPage(p));
  }
  const home = paged('', after.posts.length, after.config.site.postsPerPage);
  for (const page of [...home, 'archive/index.html', 'tags/index.html', 'feed.xml', 'sitemap.xml']) pages.add(page);
  // A page that is gone has nothing to render.
  for (const page of removed) pages.delete(`${page}/index.html`);
  return { all: false, pages, removed };
}

/** Folders of post, series and tag pages in `before` that `after` no longer has. */
function removedPages(before: Site, after: Site): string[] {
  const folders = (site: Site) => [
    ...site.posts.map((p) => pageFile(p.path).replace(/\/index\.html$/, '')),
    ...site.series.map((s) => `series/${s.slug}`),
    ...site.tags.map((t) => `tags/${t.slug}`),
  ];
  const kept = new Set(folders(after));
  return folders(before).filter((f) => !kept.has(f));
}

/** The URL path a browser shows for a page written at `rel` under site/. */
export function pageUrl(base: string, rel: string): string {
  return base + rel.replace(/(^|\/)index\.html$/, '$1');
}
