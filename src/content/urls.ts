// Where a post lives on the blog. The site builds its pages at these addresses,
// and the books link to them when a post they mention is not in the book.
import type { Site } from './model.ts';

/** Path of a post's page below the site's base path, e.g. `posts/no-time/`. */
export function postPath(slug: string): string {
  return `posts/${slug}/`;
}

/** Absolute URL of a post's page on the blog. */
export function postPermalink(site: Site, slug: string): string {
  return new URL(postPath(slug), site.config.site.url).href;
}
