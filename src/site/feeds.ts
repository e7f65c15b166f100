// Atom feed (RFC 4287) and sitemap (sitemaps.org 0.9), written with a real XML
// builder so titles and bodies are escaped correctly.
import { XMLBuilder } from 'fast-xml-parser';
import type { Post, Site } from '../content/model.ts';
import { pageFile } from '../content/urls.ts';
import type { SiteUrls } from './urls.ts';

const FEED_ENTRIES = 20;

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@', format: true, suppressEmptyNode: true });

export function atomFeed(site: Site, urls: SiteUrls, content: (post: Post) => string): string {
  const base = new URL(site.config.site.url);
  const abs = (path: string) => new URL(path, base).href;
  const posts = site.posts.slice(0, FEED_ENTRIES);
  const updated = posts.reduce((max, p) => Math.max(max, (p.updated ?? p.date).getTime()), 0);
  const feed = {
    '?xml': { '@version': '1.0', '@encoding': 'utf-8' },
    feed: {
      '@xmlns': 'http://www.w3.org/2005/Atom',
      '@xml:lang': site.config.site.language,
      title: site.config.site.title,
      subtitle: site.config.site.description || undefined,
      id: abs(urls.home),
      link: [
        { '@rel': 'self', '@type': 'application/atom+xml', '@href': abs(urls.feed) },
        { '@rel': 'alternate', '@type': 'text/html', '@href': abs(urls.home) },
      ],
      updated: new Date(updated || 0).toISOString(),
      author: { name: site.config.site.author },
      generator: { '@uri': 'https://github.com/postbound/postbound', '#text': 'postbound' },
      entry: posts.map((post) => ({
        title: { '@type': 'text', '#text': post.title },
        id: abs(urls.post(post.slug)),
        link: { '@rel': 'alternate', '@type': 'text/html', '@href': abs(urls.post(post.slug)) },
        published: post.date.toISOString(),
        updated: (post.updated ?? post.date).toISOString(),
        summary: post.summary ? { '@type': 'text', '#text': post.summary } : undefined,
        category: post.tags.map((t) => ({ '@term': t })),
        content: { '@type': 'html', '#text': content(post) },
      })),
    },
  };
  return builder.build(feed);
}

export function sitemap(site: Site, urls: SiteUrls, pages: string[]): string {
  const base = new URL(site.config.site.url);
  const lastmod = new Map(site.posts.map((p) => [pageFile(p.path), (p.updated ?? p.date).toISOString().slice(0, 10)]));
  const doc = {
    '?xml': { '@version': '1.0', '@encoding': 'utf-8' },
    urlset: {
      '@xmlns': 'http://www.sitemaps.org/schemas/sitemap/0.9',
      url: pages
        .filter((p) => p !== '404.html')
        .map((p) => ({
          loc: new URL(urls.base + p.replace(/index\.html$/, ''), base).href,
          lastmod: lastmod.get(p),
        })),
    },
  };
  return builder.build(doc);
}
