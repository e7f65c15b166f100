// Front matter as each generator's blogs write it, mapped onto postbound's
// fields. A preset per generator gives the usual names (Jekyll's `excerpt`,
// Hugo's `lastmod`, Astro's `pubDate`…); `frontMatter.fields` in postbound.yaml
// adds to it or overrides it. Fields postbound does not use are kept as they
// are (`post.data`, for templates); one that looks like a misspelt known field
// gets a "did you mean".
import { FRONT_MATTER_TARGETS, type Generator } from '../config/constants.ts';

export type FieldTarget = (typeof FRONT_MATTER_TARGETS)[number];

/** Their name → postbound's. Earlier entries win when two fill the same field. */
export const PRESETS: Record<Generator, Record<string, FieldTarget>> = {
  postbound: {},
  jekyll: {
    excerpt: 'summary',
    description: 'summary',
    image: 'sketch',
    categories: 'tags',
    category: 'tags',
    last_modified_at: 'updated',
    modified: 'updated',
    author: 'authors',
    redirect_from: 'aliases',
  },
  hugo: {
    description: 'summary',
    featured_image: 'sketch',
    featuredImage: 'sketch',
    images: 'sketch',
    image: 'sketch',
    cover: 'sketch',
    categories: 'tags',
    lastmod: 'updated',
    modified: 'updated',
    publishDate: 'date',
    pubDate: 'date',
    author: 'authors',
    weight: 'part',
    url: 'permalink',
  },
  eleventy: {
    description: 'summary',
    excerpt: 'summary',
    image: 'sketch',
    author: 'authors',
  },
  astro: {
    description: 'summary',
    pubDate: 'date',
    pubDatetime: 'date',
    publishDate: 'date',
    updatedDate: 'updated',
    modDatetime: 'updated',
    heroImage: 'sketch',
    ogImage: 'sketch',
    image: 'sketch',
    author: 'authors',
  },
};

/** Collection tags a generator uses to group pages: not topics, so not shown as tags. */
export const COLLECTION_TAGS: Partial<Record<Generator, string[]>> = {
  eleventy: ['post', 'posts', 'all'],
};

/** Fields any of these generators' blogs carry that postbound reads from elsewhere or leaves alone: never "did you mean". */
const COMMON_FIELDS = new Set(
  [
    'layout',
    'comments',
    'toc',
    'math',
    'mathjax',
    'katex',
    'share',
    'lang',
    'language',
    'type',
    'keywords',
    'subtitle',
    'headline',
    'canonical',
    'canonical_url',
    'ref',
    'id',
    'uuid',
    'guid',
    'status',
    'feature',
    'featured',
    'pin',
    'sitemap',
    'robots',
    'hidden',
    'menu',
    'order',
    'eleventyNavigation',
    'eleventyExcludeFromCollections',
    'eleventyComputed',
    'heroImageAlt',
    'ShowToc',
    'TocOpen',
    'showToc',
    'render',
    'outputs',
    'markup',
    'expiryDate',
    'linkTitle',
    'resources',
    'cascade',
    'build',
    'params',
    'header',
    'og_image',
    'twitter',
    'data',
  ].map((k) => k.toLowerCase()),
);

const TARGETS: readonly FieldTarget[] = FRONT_MATTER_TARGETS;

export interface MappedFrontMatter {
  /** Values under postbound's names, ready for the schema. */
  fields: Record<string, unknown>;
  /** Every field as written (for templates: `post.data`). */
  data: Record<string, unknown>;
  /** Written name of each postbound field that came from another name (for positions). */
  source: Partial<Record<FieldTarget, string>>;
  /** Fields neither postbound's nor mapped. */
  unknown: string[];
}

/** Maps `raw` (the front matter as written) onto postbound's fields with `map` (preset plus config). */
export function mapFields(
  raw: Record<string, unknown>,
  map: Record<string, FieldTarget>,
  options: { collectionTags?: string[]; foldCase?: boolean } = {},
): MappedFrontMatter {
  // Hugo reads front matter keys in any case (`Title`, `LastMod`)
  if (options.foldCase) raw = foldKeys(raw, [...TARGETS, ...Object.keys(map)]);
  const fields: Record<string, unknown> = {};
  const source: Partial<Record<FieldTarget, string>> = {};
  const unknown: string[] = [];
  const set = (target: FieldTarget, value: unknown, from: string) => {
    const converted = convert(target, value);
    if (converted === undefined) return;
    if (target === 'tags' || target === 'authors' || target === 'aliases') {
      const list = [...((fields[target] as string[] | undefined) ?? []), ...(converted as string[])];
      fields[target] = [...new Set(list)];
      source[target] ??= from;
      return;
    }
    if (fields[target] !== undefined) return;
    fields[target] = converted;
    source[target] = from;
  };
  // postbound's own names first: they win over a mapped one
  for (const target of TARGETS) if (target in raw && !(raw[target] === undefined)) set(target, raw[target], target);
  for (const [from, target] of Object.entries(map)) {
    if (!(from in raw) || (TARGETS as readonly string[]).includes(from)) continue;
    // Hugo's weight orders pages and may be 0 or negative; only a part number can be a part
    if (target === 'part' && !(Number.isInteger(raw[from]) && (raw[from] as number) >= 1)) continue;
    set(target, raw[from], from);
  }
  for (const key of Object.keys(raw)) if (!(TARGETS as readonly string[]).includes(key) && !(key in map)) unknown.push(key);
  if ('published' in fields) {
    if (fields.published === false && fields.draft === undefined) fields.draft = true;
    delete fields.published;
  }
  if (options.collectionTags && Array.isArray(fields.tags)) {
    const drop = new Set(options.collectionTags);
    fields.tags = (fields.tags as string[]).filter((t) => !drop.has(t));
  }
  return { fields, data: raw, source, unknown };
}

/** `raw` with each key that differs from a known name only in case renamed to it. */
function foldKeys(raw: Record<string, unknown>, known: string[]): Record<string, unknown> {
  const byLower = new Map(known.map((k) => [k.toLowerCase(), k]));
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    const name = byLower.get(key.toLowerCase()) ?? key;
    if (!(name in out) || name === key) out[name] = value;
  }
  return out;
}

/** A value as written, converted to what postbound's field takes (the schema then checks it). */
function convert(target: FieldTarget, value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  switch (target) {
    case 'tags':
      // Jekyll allows `tags: pencil ink` (space-separated) and `tags: a, b`
      if (typeof value === 'string') return value.includes(',') ? splitList(value, ',') : splitList(value, /\s+/);
      if (Array.isArray(value)) return value.filter((v) => v !== null && v !== undefined && v !== '').map(String);
      return [String(value)];
    case 'authors':
      return (Array.isArray(value) ? value : [value]).map(personName).filter((n): n is string => Boolean(n));
    case 'aliases':
      return (Array.isArray(value) ? value : [value]).filter((v) => typeof v === 'string' && v.trim()) as string[];
    case 'series':
      // Hugo's series is a taxonomy: a list, of which a post is in the first
      if (Array.isArray(value)) return value.length ? String(value[0]) : undefined;
      return typeof value === 'number' ? String(value) : value;
    case 'sketch':
      return imagePath(value);
    case 'part':
      if (typeof value === 'string' && /^\d+$/.test(value.trim())) return Number(value);
      return value;
    case 'title':
    case 'shortTitle':
    case 'summary':
    case 'problem':
    case 'answer':
    case 'sketchAlt':
      if (typeof value === 'number') return String(value);
      return typeof value === 'string' ? value.trim() : value;
    case 'slug':
      return typeof value === 'number' ? String(value) : value;
    case 'permalink':
      // Eleventy's `permalink: false` (no page of its own) is read by the loader from post.data
      return typeof value === 'string' ? value : undefined;
    case 'draft':
    case 'published':
      if (value === 'true' || value === 'false') return value === 'true';
      return value;
    default:
      return value;
  }
}

function splitList(text: string, by: string | RegExp): string[] {
  return text
    .split(by)
    .map((s) => s.trim())
    .filter(Boolean);
}

function personName(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (value && typeof value === 'object' && 'name' in value && typeof value.name === 'string') return value.name;
  return undefined;
}

/** An image field as themes write it: a path, a list of paths, or `{ image|path|src|url|feature: … }`. */
function imagePath(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (Array.isArray(value)) return value.map(imagePath).find(Boolean);
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    for (const key of ['image', 'path', 'src', 'url', 'feature', 'filename']) {
      if (typeof o[key] === 'string') return o[key] as string;
    }
  }
  return undefined;
}

/** The alt text an image field carries with it (`cover: { image, alt }`), when it does. */
export function imageAlt(value: unknown): string | undefined {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const o = value as Record<string, unknown>;
    for (const key of ['alt', 'caption', 'title']) if (typeof o[key] === 'string' && o[key]) return o[key] as string;
  }
  return undefined;
}

/**
 * The known field `key` is probably a misspelling of, or undefined. Only near
 * misses count (one edit for short names, two for longer), and never a field
 * that blogs commonly carry for their own templates.
 */
export function didYouMean(key: string, known: Iterable<string>): string | undefined {
  const lower = key.toLowerCase();
  if (COMMON_FIELDS.has(lower) || lower.length < 3) return undefined;
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    if (name === key) return undefined;
    // `Date`, `sketchalt`: read as written, so not as the field it means
    if (name.toLowerCase() === lower) return name;
    const distance = editDistance(lower, name.toLowerCase());
    const allowed = name.length <= 4 ? 1 : 2;
    if (distance <= allowed && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

/** Damerau-Levenshtein distance (adjacent transpositions count one). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/** The preset for `generator` with the config's own `fields` on top. */
export function fieldMap(generator: Generator, own: Record<string, string>): Record<string, FieldTarget> {
  return { ...PRESETS[generator], ...(own as Record<string, FieldTarget>) };
}
