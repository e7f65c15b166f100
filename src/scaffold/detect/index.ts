// `postbound init --from <folder>`: which generator made a blog, and what its
// config and posts say, read without changing or running anything of it.
import { join, resolve } from 'node:path';
import { FRONT_MATTER_TARGETS } from '../../config/constants.ts';
import { PRESETS } from '../../content/fields.ts';
import { ASTRO_CONFIGS, detectAstro } from './astro.ts';
import { type BlogGenerator, type Findings, firstFile, isDir } from './common.ts';
import { detectEleventy, ELEVENTY_CONFIGS } from './eleventy.ts';
import { detectHugo, HUGO_CONFIGS } from './hugo.ts';
import { detectJekyll, JEKYLL_CONFIGS } from './jekyll.ts';
import { type FoundPost, readPosts } from './posts.ts';
import { guessSeries, type SeriesGuess } from './series.ts';

export type { BlogGenerator, Findings, Found } from './common.ts';
export type { FoundPost } from './posts.ts';
export type { SeriesGuess } from './series.ts';

export interface DetectedBlog extends Findings {
  /** The blog's folder, absolute. */
  root: string;
  /** Every post found under content.posts and content.drafts, by date. */
  posts: FoundPost[];
  /** Candidate books: series of two or more published posts. */
  series: SeriesGuess[];
  /** Front matter fields the posts use that neither postbound nor the preset maps, most used first. */
  otherFields: { name: string; count: number }[];
}

/** What detection looks for, for the message when it finds nothing. */
export const LOOKED_FOR: { generator: BlogGenerator; files: string[]; shown: string }[] = [
  { generator: 'jekyll', files: JEKYLL_CONFIGS, shown: '_config.yml (or .yaml, .toml), or a _posts/ folder' },
  {
    generator: 'hugo',
    files: HUGO_CONFIGS,
    shown: 'hugo.toml|yaml|json, config.toml|yaml|json, config/_default/{hugo,config}.{toml,yaml,json}',
  },
  {
    generator: 'eleventy',
    files: ELEVENTY_CONFIGS,
    shown: 'eleventy.config.{js,mjs,cjs,ts,mts}, .eleventy.js, or a package.json depending on @11ty/eleventy',
  },
  { generator: 'astro', files: ASTRO_CONFIGS, shown: 'astro.config.{mjs,js,ts,mts,cjs}' },
];

/** Fields every generator's posts carry for their own templates: not worth listing. */
const TEMPLATE_FIELDS = new Set(['layout', 'permalink', 'type', 'eleventyNavigation', 'eleventyExcludeFromCollections']);

/** The blog in `folder`, or undefined when no known generator's files are there. */
export async function detectBlog(folder: string): Promise<DetectedBlog | undefined> {
  const root = resolve(folder);
  if (!isDir(root)) return undefined;
  // strongest signs first: a generator's own config file, then a folder layout, then a dependency
  const order: [() => boolean, (root: string) => Promise<Findings | undefined>][] = [
    [() => Boolean(firstFile(root, ASTRO_CONFIGS)), detectAstro],
    [() => Boolean(firstFile(root, ELEVENTY_CONFIGS)), detectEleventy],
    [() => Boolean(firstFile(root, JEKYLL_CONFIGS)), detectJekyll],
    [() => Boolean(firstFile(root, HUGO_CONFIGS)), detectHugo],
    [() => isDir(join(root, '_posts')), detectJekyll],
    [() => true, detectEleventy],
  ];
  let findings: Findings | undefined;
  for (const [sign, detect] of order) {
    if (sign()) findings = await detect(root);
    if (findings) break;
  }
  if (!findings) return undefined;

  const others = LOOKED_FOR.filter((l) => l.generator !== findings.generator)
    .map((l) => ({ generator: l.generator, file: firstFile(root, l.files) }))
    .filter((o) => o.file);
  for (const o of others)
    findings.notes.push(`${o.file} suggests ${o.generator} as well; this blog was read as ${findings.generator}.`);

  const { content } = findings;
  const posts = await readPosts(root, findings.generator, content.posts.value, content.drafts.value, content.exclude.value);
  const published = posts.filter((p) => !p.draft);
  const undated = published.filter((p) => !p.date && !p.fileDate && !p.bare && !p.broken).length;
  if (undated)
    notes(
      findings,
      `${undated} post${undated === 1 ? ' has' : 's have'} no date (in the front matter or the file name): postbound needs one.`,
    );
  const broken = posts.filter((p) => p.broken).length;
  if (broken)
    notes(
      findings,
      `${broken} post${broken === 1 ? "'s" : "s'"} front matter does not parse: \`postbound build\` will point at the line.`,
    );
  const bare = posts.filter((p) => p.bare).length;
  if (bare)
    notes(
      findings,
      `${bare} file${bare === 1 ? '' : 's'} under the post folders ${bare === 1 ? 'has' : 'have'} no front matter.`,
    );
  return { ...findings, root, posts, series: guessSeries(posts), otherFields: otherFields(posts, findings.generator) };
}

function notes(findings: Findings, note: string): void {
  findings.notes.push(note);
}

function otherFields(posts: FoundPost[], generator: BlogGenerator): { name: string; count: number }[] {
  const known = new Set<string>([...FRONT_MATTER_TARGETS, ...Object.keys(PRESETS[generator]), ...TEMPLATE_FIELDS]);
  const counts = new Map<string, number>();
  for (const post of posts) for (const f of post.fields) if (!known.has(f)) counts.set(f, (counts.get(f) ?? 0) + 1);
  return [...counts].map(([name, count]) => ({ name, count })).sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
}
