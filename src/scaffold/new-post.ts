// `postbound new post "Title" [--series name]`: a post file with its front
// matter filled in. New posts are drafts (`draft: true`): `serve` shows them,
// `build` leaves them out until the writer removes the line (or passes --drafts).
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { POSTS_DIR } from '../content/load.ts';
import { slugFromFileName, slugify } from '../content/slug.ts';

export interface NewPostOptions {
  root: string;
  title: string;
  /** Series title or slug; the post becomes the next part of it. */
  series?: string;
  /** Today, by default (local time: the writer's calendar day). */
  date?: Date;
}

export interface NewPost {
  /** Relative to the project, forward slashes. */
  path: string;
  slug: string;
  part?: number;
  series?: string;
  text: string;
}

export class PostExistsError extends Error {
  override name = 'PostExistsError';
}

const FRONT_MATTER = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

export async function newPost(options: NewPostOptions): Promise<NewPost> {
  const root = resolve(options.root);
  const title = options.title.trim();
  const slug = slugify(title);
  const date = isoDay(options.date ?? new Date());
  const postsDir = join(root, POSTS_DIR);
  const existing = await readPosts(postsDir);

  const clash = existing.find((p) => p.slug === slug);
  if (clash) throw new PostExistsError(`A post with the slug \`${slug}\` already exists (${clash.path}); choose another title.`);
  const rel = `content/posts/${date}-${slug}.md`;
  if (existsSync(join(root, rel))) throw new PostExistsError(`${rel} already exists; new post never overwrites a file.`);

  let series: string | undefined;
  let part: number | undefined;
  let numbered = false;
  if (options.series) {
    const wanted = slugify(options.series);
    const members = existing.filter((p) => p.series !== undefined && slugify(p.series) === wanted);
    // Keep the series' title as its posts spell it, so the new post joins it.
    series = members[0]?.series ?? options.series.trim();
    // The loader puts numbered parts first, then the others by date. When every
    // part has a number the new post gets the next one; otherwise it goes without,
    // and being the newest it comes last by date.
    numbered = members.every((p) => p.part !== undefined);
    part = numbered ? Math.max(0, ...members.map((p) => p.part ?? 0)) + 1 : members.length + 1;
  }

  const lines = [
    '---',
    `title: ${JSON.stringify(title)}`,
    `date: ${date}`,
    `slug: ${slug}`,
    ...(series ? [`series: ${JSON.stringify(series)}`] : []),
    ...(series && numbered ? [`part: ${part}`] : []),
    'tags: []',
    'draft: true',
    '---',
    '',
    'Write here. Remove `draft: true` above when the post is ready to publish.',
    '',
  ];
  const text = lines.join('\n');
  await mkdir(postsDir, { recursive: true });
  await writeFile(join(root, rel), text, { flag: 'wx' });
  return { path: rel, slug, part, series, text };
}

function isoDay(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

interface Existing {
  path: string;
  slug: string;
  series?: string;
  part?: number;
}

/** Slug, series and part of every post; a post whose front matter does not parse still counts by its file name. */
async function readPosts(dir: string): Promise<Existing[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const posts: Existing[] = [];
  for (const e of entries) {
    if (!e.isFile() || !e.name.toLowerCase().endsWith('.md')) continue;
    const abs = join(e.parentPath, e.name);
    const path = abs.slice(dir.length - POSTS_DIR.length);
    let front: Record<string, unknown> = {};
    try {
      const match = FRONT_MATTER.exec(await readFile(abs, 'utf8'));
      const value = match ? parse(match[1]) : undefined;
      if (value && typeof value === 'object') front = value as Record<string, unknown>;
    } catch {
      // unreadable front matter: the build reports it; here only the file name counts
    }
    posts.push({
      path,
      slug: typeof front.slug === 'string' ? front.slug : slugFromFileName(e.name),
      series: typeof front.series === 'string' ? front.series : undefined,
      part: typeof front.part === 'number' ? front.part : undefined,
    });
  }
  return posts;
}
