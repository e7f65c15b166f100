import { dirname, resolve } from 'node:path';
import type { Draft } from './draft.ts';
import { report } from './messages.ts';
import type { Post } from './model.ts';

export function isExternal(href: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('//');
}

export function resolveLinks(
  d: Draft,
  byPath: Map<string, Draft>,
  bySlug: Map<string, Draft>,
  draftSlugs: Set<string>,
  all: Draft[],
): void {
  for (const link of d.links) {
    const href = String(link.properties.href);
    if (isExternal(href)) continue;
    if (href.startsWith('#')) {
      const id = decodeURIComponent(href.slice(1));
      if (id && !hasId(d.post, id)) {
        report(d.post.file, 'missing-fragment', `No heading \`#${id}\` in this post`, link, 'warning');
      }
      continue;
    }
    const [pathPart, fragment] = splitHref(href);
    if (!/\.md$/i.test(pathPart)) continue;
    const target = resolve(dirname(d.abs), decodeURIComponent(pathPart));
    const hit = byPath.get(target);
    if (!hit) {
      const draft = all.find((x) => x.abs === target);
      if (draft && draftSlugs.has(draft.post.slug)) {
        report(d.post.file, 'link-to-draft', `\`${href}\` links to a draft post`, link);
      } else {
        report(d.post.file, 'missing-link-target', `\`${href}\` links to a post that does not exist`, link);
      }
      continue;
    }
    if (fragment && !hasId(hit.post, fragment)) {
      report(d.post.file, 'missing-fragment', `\`${href}\`: ${hit.post.rel} has no heading \`#${fragment}\``, link);
    }
    link.properties.dataPostRef = hit.post.slug;
    if (fragment) link.properties.dataFragment = fragment;
  }
  void bySlug;
}

export function hasId(post: Post, id: string): boolean {
  if (post.headings.some((h) => h.id === id)) return true;
  return /^fn(ref)?-/.test(id);
}

export function splitHref(href: string): [string, string | undefined] {
  const hash = href.indexOf('#');
  return hash < 0 ? [href, undefined] : [href.slice(0, hash), decodeURIComponent(href.slice(hash + 1)) || undefined];
}
