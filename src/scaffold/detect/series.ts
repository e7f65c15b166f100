// The series a blog already has, each a candidate book: posts sharing a
// `series` field (or Hugo's `series` taxonomy), or, when they have none,
// titles numbered the same way ("Learning to see, part 2: Light",
// "Sourdough (2/3)") that share what comes before the number.
import { slugify } from '../../content/slug.ts';
import { byDate, type FoundPost } from './posts.ts';

export interface SeriesGuess {
  /** The series title as the posts write it (or the titles' shared prefix). */
  title: string;
  /** A book slug for it, unique among the guesses. */
  slug: string;
  /** The series' slug as the loader names it, when posts carry a series field: `series:` of the book. */
  series?: string;
  /** Slugs of its posts, in date order (part order for numbered titles on the same day). */
  posts: string[];
  from: 'field' | 'taxonomy' | 'titles';
  /** Drafts that belong to it, left out of `posts`. */
  drafts: number;
}

const NUMBER_WORDS = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];
const ROMAN = ['i', 'ii', 'iii', 'iv', 'v', 'vi', 'vii', 'viii', 'ix', 'x', 'xi', 'xii'];

const PART = /^(.*?)[\s,:;.–—-]*[([]?\bpart\s+(\d+|[a-z]+)\b(?:\s+of\s+\w+)?[)\]]?(.*)$/i;
const FRACTION = /^(.*?)\s*[([](\d+)\s*(?:\/|of)\s*(\d+)[)\]](.*)$/i;

/** The number a title gives its part, and the text before it ("" when the title starts with it). */
export function numberedTitle(title: string): { prefix: string; part: number; rest: string } | undefined {
  const fraction = FRACTION.exec(title);
  if (fraction && Number(fraction[2]) >= 1 && Number(fraction[2]) <= Number(fraction[3])) {
    return { prefix: trimPrefix(fraction[1]!), part: Number(fraction[2]), rest: trimRest(fraction[4]!) };
  }
  const m = PART.exec(title);
  if (!m) return undefined;
  const part = partNumber(m[2]!);
  if (part === undefined) return undefined;
  return { prefix: trimPrefix(m[1]!), part, rest: trimRest(m[3]!) };
}

function partNumber(word: string): number | undefined {
  if (/^\d+$/.test(word)) return Number(word) >= 1 && Number(word) < 1000 ? Number(word) : undefined;
  const lower = word.toLowerCase();
  const n = NUMBER_WORDS.indexOf(lower) + 1 || ROMAN.indexOf(lower) + 1;
  return n || undefined;
}

const trimPrefix = (s: string) => s.replace(/^["'“‘\s]+|[\s,:;.–—([-]+$/g, '').trim();
const trimRest = (s: string) => s.replace(/^[\s,:;.–—)\]-]+/, '').trim();

/** The series found in `posts` with two or more published posts, in the order of their first post. */
export function guessSeries(posts: FoundPost[]): SeriesGuess[] {
  const sorted = [...posts].filter((p) => !p.broken).sort(byDate);
  const groups = new Map<
    string,
    { title: string; from: SeriesGuess['from']; posts: FoundPost[]; parts: number[]; drafts: number }
  >();
  const add = (key: string, title: string, from: SeriesGuess['from'], post: FoundPost, part = 0) => {
    const group = groups.get(key) ?? { title, from, posts: [], parts: [], drafts: 0 };
    groups.set(key, group);
    if (post.draft) group.drafts++;
    else {
      group.posts.push(post);
      group.parts.push(part);
    }
  };
  const untitled: { post: FoundPost; part: number; rest: string }[] = [];
  for (const post of sorted) {
    if (post.series) {
      add(`field:${slugify(post.series)}`, post.series, post.seriesList ? 'taxonomy' : 'field', post);
      continue;
    }
    const numbered = post.title ? numberedTitle(post.title) : undefined;
    if (!numbered) continue;
    if (numbered.prefix) add(`title:${slugify(numbered.prefix)}`, numbered.prefix, 'titles', post, numbered.part);
    else if (!post.draft) untitled.push({ post, part: numbered.part, rest: numbered.rest });
  }
  // "Part 1: Sourdough starter", "Part 2: Sourdough loaves": named by the words their rests share
  if (untitled.length >= 2) {
    const name = commonWords(untitled.map((u) => u.rest));
    if (name) for (const u of untitled) add(`title:${slugify(name)}`, name, 'titles', u.post, u.part);
  }

  const guesses: SeriesGuess[] = [];
  const slugs = new Set<string>();
  const first = (g: { posts: FoundPost[] }) => g.posts[0]?.date?.getTime() ?? Number.POSITIVE_INFINITY;
  for (const [key, group] of [...groups].sort(([, a], [, b]) => first(a) - first(b))) {
    if (group.posts.length < 2) continue;
    // numbered titles: at least two different numbers, else it is a coincidence of wording
    if (group.from === 'titles' && new Set(group.parts).size < 2) continue;
    const order = group.posts.map((post, i) => ({ post, part: group.parts[i]! }));
    if (group.from === 'titles')
      order.sort((a, b) => (a.post.date?.getTime() ?? 0) - (b.post.date?.getTime() ?? 0) || a.part - b.part);
    let slug = slugify(group.title);
    for (let n = 2; slugs.has(slug); n++) slug = `${slugify(group.title)}-${n}`;
    slugs.add(slug);
    guesses.push({
      title: group.title,
      slug,
      series: key.startsWith('field:') ? key.slice('field:'.length) : undefined,
      posts: order.map((o) => o.post.slug),
      from: group.from,
      drafts: group.drafts,
    });
  }
  return guesses;
}

/** The words every text starts with, trailing punctuation dropped; '' when they share none. */
function commonWords(texts: string[]): string {
  const split = texts.map((t) => t.split(/\s+/).filter(Boolean));
  const shared: string[] = [];
  for (let i = 0; split.every((w) => i < w.length); i++) {
    const word = split[0]![i]!;
    if (!split.every((w) => w[i]!.toLowerCase() === word.toLowerCase())) break;
    shared.push(word);
  }
  return shared.join(' ').replace(/[\s,:;.–—-]+$/, '');
}
