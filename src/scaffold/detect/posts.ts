// The posts of a blog as init sees them: front matter read (YAML, TOML or JSON)
// for the title, date, series and slug, nothing rendered. Slugs are the ones
// the loader gives: a `slug:` field, else the file name without its date
// prefix and extension (a bundle's `index.md`: its folder's name).
import { basename, dirname, join } from 'node:path';
import { VFile } from 'vfile';
import { dateFromFileName, parseDate } from '../../content/dates.ts';
import { PRESETS } from '../../content/fields.ts';
import { parseFrontMatterData, splitFrontMatter } from '../../content/front-matter.ts';
import { slugFromFileName, slugify } from '../../content/slug.ts';
import { type BlogGenerator, isPostFile, readText, walk } from './common.ts';

export interface FoundPost {
  /** Path relative to the blog, forward slashes. */
  rel: string;
  slug: string;
  title?: string;
  date?: Date;
  /** The series field as written (Hugo's taxonomy list: its first entry). */
  series?: string;
  /** The series field was a list (Hugo's `series` taxonomy). */
  seriesList?: boolean;
  draft: boolean;
  /** Front matter keys as written. */
  fields: string[];
  /** The front matter block is there but does not parse. */
  broken?: boolean;
  /** No front matter block at all. */
  bare?: boolean;
  /** Its date is one the generator fills in itself (Eleventy's `Last Modified`, `Created`). */
  fileDate?: boolean;
  /** A page among the posts, not a post (Eleventy's `eleventyExcludeFromCollections: true`). */
  notPost?: boolean;
}

/** Eleventy's dates taken from the file: its modification time, creation time or git history. */
const FILE_DATES = /^(?:git )?(?:last modified|created)$/i;

/** Names of section and bundle pages that are not posts of their own name. */
const INDEX_NAMES = new Set(['index', '_index']);

/** The post files under `folder` (relative to `root`), as paths relative to `root`; `exclude` names are left out. */
export async function postFiles(
  root: string,
  folder: string,
  generator: BlogGenerator,
  exclude: string[] = [],
): Promise<string[]> {
  const skip = new Set(exclude.map((e) => e.replace(/\/+$/, '')));
  const files = await walk(join(root, folder), (name) => isPostFile(name, generator));
  return files
    .filter((rel) => !rel.split('/').some((part) => skip.has(part)) && !skip.has(rel))
    .filter((rel) => basename(rel).replace(/\.[^.]+$/, '') !== '_index')
    .map((rel) => (folder === '.' ? rel : `${folder}/${rel}`));
}

/** The slug the loader gives a post at `rel` with front matter `data`. */
export function postSlug(rel: string, data: Record<string, unknown> = {}): string {
  const field = typeof data.slug === 'string' || typeof data.slug === 'number' ? String(data.slug).trim() : '';
  if (field) return slugify(field);
  return slugFromFileName(stem(rel));
}

/** The name a post goes by: its file name without extension, or its folder's for a bundle. */
function stem(rel: string): string {
  const name = basename(rel).replace(/\.[^.]+$/, '');
  return INDEX_NAMES.has(name) ? basename(dirname(rel)) : name;
}

/** Reads one post's front matter; never throws. */
export async function readFoundPost(
  root: string,
  rel: string,
  generator: BlogGenerator,
  draftFolder = false,
): Promise<FoundPost> {
  const source = (await readText(join(root, rel))) ?? '';
  const block = splitFrontMatter(source);
  if (!block)
    return { rel, slug: postSlug(rel), date: dateFromFileName(stem(rel))?.date, draft: draftFolder, fields: [], bare: true };
  const parsed = parseFrontMatterData(new VFile({ path: rel }), block);
  const data = parsed.value ?? {};
  const dateKeys = ['date', ...Object.entries(PRESETS[generator]).flatMap(([k, v]) => (v === 'date' ? [k] : []))];
  const date = dateKeys.map((k) => parseDate(data[k])).find(Boolean) ?? dateFromFileName(stem(rel));
  const rawSeries = data.series;
  const seriesList = Array.isArray(rawSeries);
  const seriesValue = seriesList ? rawSeries[0] : rawSeries;
  const series =
    typeof seriesValue === 'string' || typeof seriesValue === 'number' ? String(seriesValue).trim() || undefined : undefined;
  const draft =
    draftFolder || data.draft === true || data.draft === 'true' || data.published === false || data.published === 'false';
  const title =
    typeof data.title === 'string' || typeof data.title === 'number' ? String(data.title).replace(/\s+/g, ' ').trim() : undefined;
  const fileDate = generator === 'eleventy' && !date && typeof data.date === 'string' && FILE_DATES.test(data.date.trim());
  return {
    rel,
    slug: postSlug(rel, data),
    fileDate: fileDate || undefined,
    notPost: (generator === 'eleventy' && data.eleventyExcludeFromCollections === true) || undefined,
    title: title || undefined,
    date: date?.date,
    series,
    seriesList: seriesList || undefined,
    draft,
    fields: Object.keys(data),
    broken: parsed.ok ? undefined : true,
  };
}

/** Reads every post under `folders` (and `drafts`, marked as drafts), sorted by date then path. */
export async function readPosts(
  root: string,
  generator: BlogGenerator,
  folders: string[],
  drafts: string[] = [],
  exclude: string[] = [],
): Promise<FoundPost[]> {
  const seen = new Set<string>();
  const posts: FoundPost[] = [];
  for (const [list, draft] of [
    [folders, false],
    [drafts, true],
  ] as const) {
    for (const folder of list) {
      for (const rel of await postFiles(root, folder, generator, exclude)) {
        if (seen.has(rel)) continue;
        seen.add(rel);
        const post = await readFoundPost(root, rel, generator, draft);
        if (!post.notPost) posts.push(post);
      }
    }
  }
  return posts.sort(byDate);
}

export function byDate(a: FoundPost, b: FoundPost): number {
  const t = (p: FoundPost) => p.date?.getTime() ?? Number.POSITIVE_INFINITY;
  return t(a) - t(b) || a.rel.localeCompare(b.rel);
}
