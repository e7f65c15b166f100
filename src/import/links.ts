// Links between imported posts: every address a post had (its permalink, its
// guid, WordPress's ?p=ID short link) points at its new file, so a link from
// one imported post to another is rewritten to the markdown file.
import { isDraft, type SourceEntry, type SourceFeed } from './entries.ts';

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** A link's identity: host without www, path without trailing slash; `p=ID` for WordPress short links. */
function linkKeys(href: string, base: string | undefined): string[] {
  let url: URL;
  try {
    url = new URL(href, base);
  } catch {
    return [];
  }
  if (!/^https?:$/.test(url.protocol)) return [url.href];
  const host = url.hostname.toLowerCase().replace(/^www\./, '');
  const id = url.searchParams.get('p') ?? url.searchParams.get('page_id');
  if (id && /^\d+$/.test(id)) return [`${host}?p=${id}`];
  const path = decode(url.pathname).replace(/\/+$/, '');
  // The home page is no post's address.
  return path ? [`${host}${path}`] : [];
}

export function linkTable(
  feed: SourceFeed,
  posts: SourceEntry[],
  names: Map<SourceEntry, string>,
): (href: string, from: SourceEntry) => string | undefined {
  const table = new Map<string, string>();
  let host: string | undefined;
  try {
    host = feed.base ? new URL(feed.base).hostname.toLowerCase().replace(/^www\./, '') : undefined;
  } catch {
    host = undefined;
  }
  for (const entry of posts) {
    // A link to a draft would fail the build (link-to-draft) while drafts are
    // left out: it keeps its old address until the draft is published.
    if (isDraft(entry)) continue;
    const name = names.get(entry) as string;
    for (const address of [entry.link, ...entry.aliases]) {
      if (address) for (const key of linkKeys(address, feed.base)) table.set(key, name);
    }
    if (entry.wpId && host) table.set(`${host}?p=${entry.wpId}`, name);
  }
  return (href, from) => {
    if (href.startsWith('#')) return undefined;
    const hash = href.indexOf('#');
    const fragment = hash >= 0 ? href.slice(hash) : '';
    for (const key of linkKeys(hash >= 0 ? href.slice(0, hash) : href, from.link ?? feed.base)) {
      const hit = table.get(key);
      if (hit) return `${hit}${fragment}`;
    }
    return undefined;
  };
}
