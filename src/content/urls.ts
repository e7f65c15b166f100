// Where a post lives on the blog. The site builds its pages at these addresses,
// and the books link to them when a post they mention is not in the book. A
// blog that moves to postbound keeps its addresses: `content.permalink` takes
// Jekyll's and Hugo's tokens (/:year/:month/:day/:title/, /posts/:slug/,
// /:categories/:year/:month/:day/:title:output_ext), and a post's own
// `permalink` (Jekyll) or `url` (Hugo) wins.
import { basename, dirname, relative, sep } from 'node:path';
import type { Config, FrontMatter } from '../config/schema.ts';
import type { PostSource } from './discover.ts';
import type { Post, Site } from './model.ts';
import { slugify } from './slug.ts';

/** The site's base path: `/` or `/blog/` (from site.url). */
export function basePath(config: Config): string {
  return new URL(config.site.url).pathname.replace(/\/?$/, '/');
}

/** A post's page below the site's base path (`posts/no-time/`): where it is written and linked. */
export function postPath(post: Pick<Post, 'path'>): string {
  return post.path;
}

/** The file of a page at `path` below dist/site/: `x/` is `x/index.html`, `x.html` is itself. */
export function pageFile(path: string): string {
  if (!path) return 'index.html';
  return /\.html?$/i.test(path) ? path : `${path.replace(/\/?$/, '/')}index.html`;
}

const postsBySlug = new WeakMap<Site, Map<string, Post>>();

/** Absolute URL of a post's page on the blog (of postPath(slug) when no such post is built). */
export function postPermalink(site: Site, slug: string): string {
  let bySlug = postsBySlug.get(site);
  if (!bySlug) {
    bySlug = new Map(site.posts.map((p) => [p.slug, p]));
    postsBySlug.set(site, bySlug);
  }
  return new URL(bySlug.get(slug)?.path ?? `posts/${slug}/`, site.config.site.url).href;
}

const JEKYLL_STYLES: Record<string, string> = {
  date: '/:categories/:year/:month/:day/:title:output_ext',
  pretty: '/:categories/:year/:month/:day/:title/',
  ordinal: '/:categories/:year/:y_day/:title:output_ext',
  weekdate: '/:categories/:year/W:week/:short_day/:title:output_ext',
  none: '/:categories/:title:output_ext',
};

/**
 * The path below the base of a post at `pattern`, without the leading slash.
 * Unknown tokens are left out; an address that ends in neither `/` nor `.html`
 * gets a `/` (a folder with an index.html, as the generators write it).
 */
export function permalinkPath(
  pattern: string,
  post: Pick<Post, 'slug' | 'title' | 'date'>,
  front: Pick<FrontMatter, 'slug' | 'tags'> & { categories?: unknown },
  source: Pick<PostSource, 'abs' | 'bundle'> & { root?: string; section?: string },
  generator: Config['content']['generator'],
): string {
  const d = post.date;
  const pad = (n: number) => String(n).padStart(2, '0');
  const fileName = basename(source.bundle ?? source.abs).replace(/\.[^.]+$/, '');
  const categories = Array.isArray(front.categories)
    ? front.categories.map((c) => slugify(String(c)))
    : typeof front.categories === 'string'
      ? front.categories.split(/\s+/).filter(Boolean).map(slugify)
      : [];
  const hugo = generator === 'hugo';
  const tokens: Record<string, string> = {
    year: String(d.getUTCFullYear()),
    month: pad(d.getUTCMonth() + 1),
    day: pad(d.getUTCDate()),
    i_month: String(d.getUTCMonth() + 1),
    i_day: String(d.getUTCDate()),
    short_year: pad(d.getUTCFullYear() % 100),
    hour: pad(d.getUTCHours()),
    minute: pad(d.getUTCMinutes()),
    second: pad(d.getUTCSeconds()),
    y_day: String(dayOfYear(d)).padStart(3, '0'),
    // Jekyll's week date tokens (the `weekdate` style) and names, as its strftime writes them
    week: pad(isoWeek(d).week),
    w_year: String(isoWeek(d).year),
    w_day: String(d.getUTCDay() || 7),
    short_day: DAYS[d.getUTCDay()]!.slice(0, 3).toUpperCase(),
    long_day: DAYS[d.getUTCDay()]!,
    short_month: MONTHS[d.getUTCMonth()]!.slice(0, 3).toUpperCase(),
    long_month: MONTHS[d.getUTCMonth()]!,
    // Jekyll's :title and :slug are the file name's; Hugo's :title is the title's, its :slug the slug field's or the title's
    title: hugo ? slugify(post.title) : post.slug,
    slug: hugo ? (front.slug ? slugify(front.slug) : slugify(post.title)) : post.slug,
    filename: slugify(fileName.replace(/^\d{4}-\d{2}-\d{2}-/, '')),
    contentbasename: slugify(fileName.replace(/^\d{4}-\d{2}-\d{2}-/, '')),
    section: source.section ?? 'posts',
    categories: categories.join('/'),
    output_ext: '.html',
  };
  const expanded = (JEKYLL_STYLES[pattern] ?? pattern).replace(/:([a-z_]+)/g, (whole, name: string) =>
    name in tokens ? tokens[name]! : whole,
  );
  let path = expanded.replace(/\/{2,}/g, '/').replace(/^\//, '');
  if (path.endsWith('/index.html')) path = path.slice(0, -'index.html'.length);
  if (path && !path.endsWith('/') && !/\.html?$/i.test(path)) path += '/';
  return path;
}

function dayOfYear(d: Date): number {
  return Math.floor((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1;
}

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** ISO 8601 week and week-year: weeks start on Monday, week 1 holds the year's first Thursday. */
function isoWeek(d: Date): { week: number; year: number } {
  const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  const thursday = new Date(day + (4 - (d.getUTCDay() || 7)) * 86_400_000);
  const year = thursday.getUTCFullYear();
  return { week: Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * 86_400_000)) + 1, year };
}

/** A site-root address (`/old/path/`, `https://host/base/old/`) as a path below the base, or undefined when it is elsewhere. */
export function belowBase(href: string, config: Config): string | undefined {
  const base = basePath(config);
  let path: string;
  try {
    const url = new URL(href, config.site.url);
    if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(href) && url.host !== new URL(config.site.url).host) return undefined;
    path = decodeURIComponent(url.pathname);
  } catch {
    return undefined;
  }
  if (path.startsWith(base)) return path.slice(base.length);
  // `/blog` on a site at /blog/ is its home
  if (`${path}/` === base) return '';
  // many blogs also link without their base path
  return path.replace(/^\//, '');
}

/** The Hugo section of a post: its first folder below the content folder. */
export function sectionOf(root: string, abs: string, contentDir = 'content'): string | undefined {
  const rel = relative(root, dirname(abs)).split(sep);
  return rel[0] === contentDir && rel[1] ? rel[1] : undefined;
}
