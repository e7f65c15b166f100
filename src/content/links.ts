// Links in posts, each resolved or reported: to another post (by its markdown
// file, or by the address it has on the blog: `/2019/02/28/slug/`, an alias, a
// link with or without the base path), to a heading, to a page the site makes
// (tags, series, archive, feed), or to a file the site then serves (a PDF, an
// image's full size).
import { dirname, resolve } from 'node:path';
import type { Element } from 'hast';
import type { Config } from '../config/schema.ts';
import type { Draft } from './draft.ts';
import type { Locator } from './locate.ts';
import { report } from './messages.ts';
import type { Post } from './model.ts';
import { belowBase } from './urls.ts';

export function isExternal(href: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('//');
}

/** What a link can point at: posts by file and by address, and the drafts and broken posts that must not cascade. */
export class LinkTargets {
  private readonly byPath: Map<string, Draft>;
  private readonly bySitePath = new Map<string, Draft>();
  /** Addresses of posts whose front matter failed (as far as they are known): a link to one adds nothing to its own error. */
  private readonly brokenSitePaths = new Set<string>();
  private readonly draftSitePaths = new Set<string>();
  private readonly host: string;

  constructor(
    readonly root: string,
    readonly config: Config,
    published: Draft[],
    /** Every post read, drafts and posts whose front matter failed included. */
    private readonly all: Draft[],
    private readonly draftSlugs: Set<string>,
  ) {
    this.byPath = new Map(published.map((d) => [d.abs, d]));
    this.host = new URL(config.site.url).host;
    for (const d of published) {
      for (const path of [d.post.path, ...d.post.aliases]) this.bySitePath.set(normalise(path), d);
    }
    for (const d of all) {
      if (!d.valid) this.brokenSitePaths.add(normalise(d.post.path));
      else if (draftSlugs.has(d.post.slug)) this.draftSitePaths.add(normalise(d.post.path));
    }
  }

  /** Whether the site path (below the base) is the address of a draft that is not built. */
  isDraftSite(path: string): boolean {
    return this.draftSitePaths.has(normalise(path));
  }

  /** Whether the site path (below the base) is the address of a post whose front matter failed. */
  isBrokenSite(path: string): boolean {
    return this.brokenSitePaths.has(normalise(path));
  }

  /** The post whose file is `abs`, or why there is none. */
  byFile(abs: string): { post: Draft } | { missing: 'draft' | 'broken' | 'none' } {
    const hit = this.byPath.get(abs);
    if (hit) return { post: hit };
    const other = this.all.find((x) => x.abs === abs);
    if (other && !other.valid) return { missing: 'broken' };
    if (other && this.draftSlugs.has(other.post.slug)) return { missing: 'draft' };
    return { missing: 'none' };
  }

  /** The post at a site path (below the base), with or without its trailing slash or index.html. */
  bySite(path: string): Draft | undefined {
    return this.bySitePath.get(normalise(path));
  }

  /** Whether `href` is an absolute URL of this blog (then it is treated as a site-root link). */
  isOwn(href: string): boolean {
    try {
      // protocol-relative `//host/path` too
      return /^(?:https?:)?\/\//i.test(href) && new URL(href, this.config.site.url).host === this.host;
    } catch {
      return false;
    }
  }
}

function normalise(path: string): string {
  return path
    .replace(/index\.html?$/i, '')
    .replace(/\.html?$/i, '')
    .replace(/\/+$/, '')
    .replace(/^\/+/, '');
}

/** Pages the site makes itself, below the base path: links to them are fine. */
const SITE_PAGES =
  /^(?:$|tags(?:\/[^/]+)?\/?$|series\/[^/]+\/?$|archive\/?$|books\/[^/]+\/?$|feed\.xml$|atom\.xml$|sitemap\.xml$|index\.html$)/;

export async function resolveLinks(d: Draft, targets: LinkTargets, locate: Locator): Promise<void> {
  for (const link of d.links) {
    const href = String(link.properties.href ?? '');
    if (!href || href.startsWith('mailto:') || href.startsWith('tel:')) continue;
    if (isExternal(href) && !targets.isOwn(href)) continue;
    if (href.startsWith('#')) {
      const id = safeDecode(href.slice(1));
      if (id && !hasId(d.post, id)) {
        report(d.post.file, 'missing-fragment', `No heading \`#${id}\` in this post`, link, 'warning');
      }
      continue;
    }
    const [pathPart, fragment] = splitHref(href);
    if (/\.(md|markdown|mdown|mkd|mdx)$/i.test(pathPart) && !pathPart.startsWith('/') && !isExternal(pathPart)) {
      linkToFile(d, link, href, resolve(dirname(d.abs), safeDecode(pathPart)), fragment, targets);
      continue;
    }
    const absolute = pathPart.startsWith('/') || isExternal(pathPart);
    const sitePath = absolute ? belowBase(pathPart, targets.config) : undefined;
    if (sitePath !== undefined) {
      const hit = targets.bySite(sitePath);
      if (hit) {
        markPost(d, link, href, hit, fragment, 'warning');
        continue;
      }
      if (SITE_PAGES.test(sitePath) || targets.isBrokenSite(sitePath)) continue;
      if (targets.isDraftSite(sitePath)) {
        report(d.post.file, 'link-to-draft', `\`${href}\` links to a draft post`, link, 'warning');
        continue;
      }
    }
    if (isExternal(pathPart)) continue;
    const file = await locate.file(pathPart, d.abs);
    if (file.ok) {
      // the site serves the file at dataFile; the books link to it there on the blog
      const served = locate.sitePathOf(pathPart, file.abs, { abs: d.abs, path: d.post.path });
      link.properties.dataFile = served;
      link.properties.href = new URL(served, targets.config.site.url).href;
      continue;
    }
    if (!absolute && !/\.[a-z0-9]{1,5}$/i.test(pathPart)) {
      // a relative address on the old blog (`../other-post/`): try it as a page address from this post's
      const from = new URL(pathPart, `https://x/${d.post.path}`).pathname.slice(1);
      const hit = targets.bySite(from);
      if (hit) {
        markPost(d, link, href, hit, fragment, 'warning');
        continue;
      }
    }
    report(
      d.post.file,
      'broken-link',
      file.problem === 'missing'
        ? `\`${href}\` is neither a post nor a file in the project (looked for ${file.tried.join(', ')})`
        : `\`${href}\` points outside the project folder`,
      link,
      'warning',
    );
  }
}

function linkToFile(
  d: Draft,
  link: Element,
  href: string,
  target: string,
  fragment: string | undefined,
  targets: LinkTargets,
): void {
  const hit = targets.byFile(target);
  if ('post' in hit) {
    markPost(d, link, href, hit.post, fragment);
    return;
  }
  // a post whose front matter failed has its own error: a link to it adds nothing
  if (hit.missing === 'broken') return;
  if (hit.missing === 'draft') report(d.post.file, 'link-to-draft', `\`${href}\` links to a draft post`, link);
  else report(d.post.file, 'missing-link-target', `\`${href}\` links to a post that does not exist`, link);
}

/** Marks a link to another post; a missing heading is an error for a .md link, a warning for an old blog address. */
function markPost(
  d: Draft,
  link: Element,
  href: string,
  hit: Draft,
  fragment: string | undefined,
  severity: 'error' | 'warning' = 'error',
): void {
  // a post whose body could not be read has its own error: its headings are unknown
  if (fragment && !hit.unread && !hasId(hit.post, fragment)) {
    report(d.post.file, 'missing-fragment', `\`${href}\`: ${hit.post.rel} has no heading \`#${fragment}\``, link, severity);
  }
  link.properties.dataPostRef = hit.post.slug;
  if (fragment) link.properties.dataFragment = fragment;
}

export function hasId(post: Post, id: string): boolean {
  if (post.headings.some((h) => h.id === id)) return true;
  return /^fn(ref)?-/.test(id);
}

export function splitHref(href: string): [string, string | undefined] {
  const hash = href.indexOf('#');
  return hash < 0 ? [href, undefined] : [href.slice(0, hash), safeDecode(href.slice(hash + 1)) || undefined];
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
