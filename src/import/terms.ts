// Series, part numbers and tags of imported posts, from their terms
// (WordPress categories, tags and taxonomies; feed categories).
import { slugify } from '../content/slug.ts';
import { isDraft, type SourceEntry } from './entries.ts';
import type { ImportReport } from './import.ts';
import { note } from './messages.ts';
import type { FeedFormat } from './xml.ts';

/** WordPress's default category says nothing about a post. */
const NO_TAG = new Set(['uncategorized']);

export function seriesOf(posts: SourceEntry[], from: string | undefined, format: FeedFormat): Map<SourceEntry, string> {
  // Feeds have one kind of term: categories stand for tags as well.
  const domain = !from ? 'series' : from === 'tag' ? (format === 'wxr' ? 'post_tag' : 'category') : from;
  const series = new Map<SourceEntry, string>();
  for (const entry of posts) {
    const term = entry.terms.find((t) => t.domain === domain && !NO_TAG.has(t.name.toLowerCase()));
    if (term) series.set(entry, term.name);
  }
  return series;
}

/** Parts in date order among the published posts of each series; drafts get none (they are not built). */
export function partNumbers(
  posts: SourceEntry[],
  series: Map<SourceEntry, string>,
  report: ImportReport,
  lineOf: (e: SourceEntry) => number | undefined,
): Map<SourceEntry, number> {
  const parts = new Map<SourceEntry, number>();
  const counters = new Map<string, number>();
  for (const entry of posts) {
    const name = series.get(entry);
    if (!name) continue;
    const key = slugify(name);
    if (isDraft(entry)) {
      note(
        report.file,
        'import-draft-part',
        `"${entry.title}" is a draft in series "${name}": no part number given`,
        lineOf(entry),
        'info',
      );
      continue;
    }
    const n = (counters.get(key) ?? 0) + 1;
    counters.set(key, n);
    parts.set(entry, n);
  }
  return parts;
}

export function tagsOf(entry: SourceEntry, seriesName: string | undefined): string[] {
  const seen = new Set<string>();
  const tags: string[] = [];
  for (const term of entry.terms) {
    if (term.domain !== 'category' && term.domain !== 'post_tag') continue;
    const key = term.name.toLowerCase();
    if (NO_TAG.has(key) || term.name === seriesName || seen.has(key)) continue;
    seen.add(key);
    tags.push(term.name);
  }
  return tags;
}
