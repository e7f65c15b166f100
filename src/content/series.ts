// Slugs, series and tags across the posts.

import type { Draft } from './draft.ts';
import { report } from './messages.ts';
import type { Post, Series, Tag } from './model.ts';
import { slugify } from './slug.ts';

export function checkDuplicateSlugs(drafts: Draft[]): void {
  const seen = new Map<string, Draft>();
  for (const d of drafts) {
    if (!d.valid) continue;
    const first = seen.get(d.post.slug);
    if (first) {
      for (const x of [first, d]) {
        const other = x === first ? d : first;
        report(x.post.file, 'duplicate-slug', `Slug \`${d.post.slug}\` is also used by ${other.post.rel}`, x.at('slug'));
      }
    } else seen.set(d.post.slug, d);
  }
}

export function buildSeries(drafts: Draft[]): Series[] {
  const groups = new Map<string, Draft[]>();
  for (const d of drafts) {
    if (!d.post.series) continue;
    const list = groups.get(d.post.series) ?? [];
    list.push(d);
    groups.set(d.post.series, list);
  }
  const series: Series[] = [];
  for (const [slug, list] of groups) {
    const claimed = new Map<number, Draft>();
    for (const d of list) {
      const part = d.front.part;
      if (part === undefined) continue;
      const other = claimed.get(part);
      if (other) {
        report(
          d.post.file,
          'duplicate-part',
          `Part ${part} of series "${d.front.series}" is also claimed by ${other.post.rel}`,
          d.at('part'),
        );
      } else claimed.set(part, d);
    }
    list.sort(
      (a, b) =>
        (a.front.part ?? Number.POSITIVE_INFINITY) - (b.front.part ?? Number.POSITIVE_INFINITY) ||
        a.post.date.getTime() - b.post.date.getTime() ||
        a.post.slug.localeCompare(b.post.slug),
    );
    list.forEach((d, i) => {
      if (d.front.part !== undefined && d.front.part !== i + 1 && !claimed.has(i + 1) && claimed.get(d.front.part) === d) {
        report(
          d.post.file,
          'part-gap',
          `Part ${d.front.part} is part ${i + 1} of ${list.length} in order`,
          d.at('part'),
          'warning',
        );
      }
      d.post.part = i + 1;
    });
    series.push({ slug, title: list[0].front.series ?? slug, posts: list.map((d) => d.post) });
  }
  return series.sort((a, b) => a.title.localeCompare(b.title));
}

export function buildTags(posts: Post[]): Tag[] {
  const tags = new Map<string, Tag>();
  for (const post of posts) {
    for (const name of post.tags) {
      const slug = slugify(name);
      const tag = tags.get(slug) ?? { slug, name, posts: [] };
      tag.posts.push(post);
      tags.set(slug, tag);
    }
  }
  return [...tags.values()].sort((a, b) => a.name.localeCompare(b.name));
}
