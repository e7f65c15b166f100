// A generated blog for benchmarks and scale tests: a complete postbound project
// (postbound.yaml, content/posts, content/sketches) with N realistic posts.
//   node --import tsx bench/gen-blog.ts 1000 /tmp/blog-1000
// The same seed always writes the same files.

import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prng } from '../scripts/sketch.ts';
import { drawSketch, sketchSvg, subjects } from '../scripts/subjects.ts';
import { capital, Prose, type Topic, tagPool, topics } from './lib/prose.ts';

export interface GenerateOptions {
  /** How many posts to write (drafts are not generated). */
  posts: number;
  /** Project folder; created when missing. */
  dir: string;
  seed?: number;
  /** Size of the shared sketch pool (default 20); 0 writes posts without images. */
  images?: number;
  /** Where rasterised pool images are kept between runs; '' disables the cache. */
  cacheDir?: string;
}

export interface GenerateResult {
  posts: number;
  series: { slug: string; title: string; parts: number }[];
  /** Paths of the pool images, relative to the project folder. */
  images: string[];
  words: number;
  ms: number;
}

interface Meta {
  file: string;
  slug: string;
  title: string;
  date: string;
  topic: Topic;
  tags: string[];
  series?: { title: string; slug: string; part: number; size: number; index: number };
  sketch?: number;
  headings: string[];
}

const SERIES_NAMES = [
  'Field Notes',
  'First Year',
  'Small Repairs',
  'The Long Way',
  'Weekend Projects',
  'Starting Over',
  'Slow Progress',
  'Lessons Learned',
  'Back to Basics',
  'The Patient Hour',
  'Notes to Self',
  'Second Attempts',
];

const SKETCH_ALT: Record<string, string> = {
  clock: 'an alarm clock with two bells',
  lightbulb: 'a light bulb with lines radiating from it',
  pages: 'a stack of handwritten pages and a crumpled sheet',
  chair: 'an empty wooden chair',
  desk: 'a desk with a lamp, a notebook and a cup',
  bookshelf: 'a bookshelf full of books',
  calendar: 'a wall calendar with crossed-off days',
  door: 'a door standing half open',
  cup: 'a steaming cup on a saucer',
  mountain: 'a mountain with a flag on its peak',
  ladder: 'a ladder leaning against a wall',
  pencil: 'a pencil and a line of handwriting',
  window: 'a window with curtains and a plant on the sill',
  plant: 'a young plant in a clay pot',
  notebook: 'an open notebook with handwritten lines',
  hourglass: 'an hourglass with sand running through',
  envelope: 'a sealed envelope with a stamp',
  signpost: 'a signpost with three arrows',
  house: 'a small house with a smoking chimney',
};

/** Same rule as the site's heading ids (rehype-slug / github-slugger) for plain words. */
function headingId(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

const q = (s: string) => JSON.stringify(s);

export async function generateBlog(o: GenerateOptions): Promise<GenerateResult> {
  const started = performance.now();
  const rnd = prng(o.seed ?? 1);
  const dir = resolve(o.dir);
  const poolSize = o.images ?? 20;
  const postsDir = join(dir, 'content', 'posts');
  await mkdir(postsDir, { recursive: true });
  const images =
    poolSize > 0 ? await sketchPool(dir, poolSize, o.seed ?? 1, o.cacheDir ?? join(tmpdir(), 'postbound-sketch-pool')) : [];

  // Plan: runs of series parts between standalone posts; the first post opens a series
  // so the project always has a book.
  const metas: Meta[] = [];
  const slugs = new Set<string>();
  const series: GenerateResult['series'] = [];
  let day = Date.UTC(2016, 0, 4);
  const meta = (p: Prose, title: string, s?: Meta['series']): Meta => {
    let slug = slugify(title) || 'post';
    for (let k = 2; slugs.has(slug); k++) slug = `${slugify(title)}-${k}`;
    slugs.add(slug);
    day += (1 + Math.floor(rnd() * 3)) * 86_400_000;
    const date = new Date(day).toISOString().slice(0, 10);
    const tags = new Set<string>();
    for (let t = p.int(1, 3); tags.size < t; ) tags.add(p.pick(tagPool));
    return {
      file: `${date}-${slug}.md`,
      slug,
      title,
      date,
      topic: p.topic,
      tags: [...tags],
      series: s,
      sketch: images.length && p.chance(0.8) ? p.int(0, images.length - 1) : undefined,
      headings: [],
    };
  };
  while (metas.length < o.posts) {
    const left = o.posts - metas.length;
    const topic = topics[Math.floor(rnd() * topics.length)];
    const p = new Prose(rnd, topic);
    if (metas.length === 0 || (left >= 5 && p.chance(0.12))) {
      const size = Math.min(left, p.int(5, 20));
      const base = SERIES_NAMES[series.length % SERIES_NAMES.length];
      const title =
        series.length < SERIES_NAMES.length
          ? `${base}: ${capital(topic.name)}`
          : `${base}: ${capital(topic.name)} ${Math.floor(series.length / SERIES_NAMES.length) + 1}`;
      const slug = slugify(title);
      series.push({ slug, title, parts: size });
      for (let part = 1; part <= size; part++)
        metas.push(meta(p, `${p.title()} (part ${part})`, { title, slug, part, size, index: metas.length }));
    } else {
      metas.push(meta(p, capital(p.title())));
    }
  }

  let words = 0;
  const bodies = metas.map((m, i) => {
    const body = postBody(new Prose(rnd, m.topic), m, i, metas, images);
    words += body.words;
    return body.text;
  });
  await Promise.all(
    metas.map((m, i) => writeFile(join(postsDir, m.file), frontMatter(new Prose(rnd, m.topic), m, images) + bodies[i])),
  );

  const first = series[0];
  const cover = metas.find((m) => m.series?.slug === first.slug && m.sketch !== undefined);
  await writeFile(
    join(dir, 'postbound.yaml'),
    [
      '# Generated by bench/gen-blog.ts',
      'site:',
      '  title: Generated Notebook',
      '  description: A generated blog for postbound benchmarks.',
      '  author: Bench Writer',
      '  url: https://bench.example.org/',
      '  language: en',
      'books:',
      `  - slug: ${first.slug}`,
      `    title: ${q(first.title)}`,
      '    publisher: Bench Press',
      `    series: ${first.slug}`,
      ...(cover ? ['    cover:', `      sketch: ${cover.slug}`, '      color: "#33506b"'] : []),
      '    summary:',
      '      tagline: Generated chapters, one small step at a time.',
      '',
    ].join('\n'),
  );
  return { posts: metas.length, series, images, words, ms: performance.now() - started };
}

function frontMatter(p: Prose, m: Meta, images: string[]): string {
  const lines = ['---', `title: ${q(m.title)}`, `date: ${m.date}`, `tags: [${m.tags.join(', ')}]`];
  if (m.series) lines.push(`series: ${q(m.series.title)}`, `part: ${m.series.part}`);
  lines.push(`summary: ${q(p.sentence())}`);
  if (m.sketch !== undefined) lines.push(`sketch: ../sketches/${images[m.sketch].split('/').pop()}`);
  if (m.series) {
    lines.push(`problem: ${q(`I never seem to find the time for ${p.pick(m.topic.gerunds)}.`)}`);
    lines.push(
      `answer: ${q(`Start with ${p.pick(m.topic.tools)} and ten minutes ${p.pick(['a day', 'after work', 'before breakfast'])}.`)}`,
    );
  }
  lines.push('---', '', '');
  return lines.join('\n');
}

function altFor(image: string): string {
  const subject = image.replace(/^.*\/\d+-/, '').replace(/\.(png|jpg)$/, '');
  return `A pencil sketch of ${SKETCH_ALT[subject] ?? 'an everyday object'}`;
}

function postBody(p: Prose, m: Meta, index: number, all: Meta[], images: string[]): { text: string; words: number } {
  // Skewed towards short posts, with a long tail up to ~1500 words.
  const target = Math.round(300 + (1200 * p.int(0, 1000) ** 2) / 1_000_000);
  const out: string[] = [];
  let words = 0;
  const add = (block: string) => {
    out.push(block);
    words += block.split(/\s+/).length;
  };
  const link = () => {
    // Earlier posts (or the previous part of the series) so links read naturally.
    const prev = m.series && m.series.part > 1 ? all[index - 1] : all[p.int(0, Math.max(0, index - 1))];
    if (!prev || prev === m) return '';
    const frag = prev.headings.length && p.chance(0.3) ? `#${headingId(p.pick(prev.headings))}` : '';
    return ` I wrote about this in [${prev.title.toLowerCase()}](${prev.file}${frag}).`;
  };
  add(p.paragraph() + link());
  if (m.sketch !== undefined) {
    const img = images[m.sketch];
    add(`![${altFor(img)}](../sketches/${img.split('/').pop()} "${capital(p.pick(m.topic.nouns))}, drawn from memory.")`);
  }
  const footnotes: string[] = [];
  const used = new Set<string>();
  const heading = () => {
    let h = p.heading();
    for (let k = 0; used.has(headingId(h)) && k < 10; k++) h = p.heading();
    if (used.has(headingId(h))) h = `${h} again ${used.size}`;
    used.add(headingId(h));
    m.headings.push(h);
    return h;
  };
  while (words < target) {
    add(`## ${heading()}`);
    let para = p.paragraph() + (p.chance(0.25) ? link() : '');
    if (footnotes.length < 2 && p.chance(0.15)) {
      const n = footnotes.length + 1;
      para = para.replace(/\.$/, `.[^${n}]`);
      footnotes.push(`[^${n}]: ${p.sentence()}`);
    }
    add(para);
    const r = p.rnd();
    if (r < 0.25) {
      const ordered = p.chance(0.4);
      add(Array.from({ length: p.int(3, 6) }, (_, i) => `${ordered ? `${i + 1}.` : '-'} ${p.listItem()}`).join('\n'));
    } else if (r < 0.33) {
      add(Array.from({ length: p.int(3, 5) }, () => `- [${p.chance(0.5) ? 'x' : ' '}] ${p.listItem()}`).join('\n'));
    } else if (r < 0.43) {
      const rows = Array.from(
        { length: p.int(3, 6) },
        () => `| ${capital(p.pick(m.topic.nouns))} | ${p.pick(m.topic.tools)} | ${p.int(5, 90)} |`,
      );
      add(['| What | With | Minutes |', '| --- | --- | ---: |', ...rows].join('\n'));
    } else if (r < 0.5) {
      add(
        ['```yaml', `topic: ${m.topic.name}`, `session: ${p.int(10, 45)}`, `tools: [${p.pick(m.topic.tools)}]`, '```'].join('\n'),
      );
    } else if (r < 0.55) {
      add(
        ['```sh', `# a reminder for ${p.pick(m.topic.gerunds)}`, `echo "${p.listItem()}" >> ~/notes/$(date +%F).txt`, '```'].join(
          '\n',
        ),
      );
    } else if (r < 0.65) {
      add(`> ${p.sentence()}`);
    }
    if (p.chance(0.35)) {
      add(`### ${heading()}`);
      add(p.paragraph(p.int(2, 4)));
    }
  }
  if (footnotes.length) add(footnotes.join('\n'));
  return { text: `${out.join('\n\n')}\n`, words };
}

/** The shared image pool: one drawing per subject (then new seeds), drawn once per folder. */
async function sketchPool(dir: string, size: number, seed: number, cacheDir: string): Promise<string[]> {
  const folder = join(dir, 'content', 'sketches');
  await mkdir(folder, { recursive: true });
  const names = Object.keys(subjects);
  const jobs = Array.from({ length: size }, (_, k) => {
    const subject = names[k % names.length];
    // Every fourth a JPEG, so both formats go through the asset pipeline.
    const format = k % 4 === 3 ? ('jpeg' as const) : ('png' as const);
    const rel = `content/sketches/${String(k + 1).padStart(2, '0')}-${subject}.${format === 'jpeg' ? 'jpg' : 'png'}`;
    return { rel, subject, format, seed: seed * 7919 + k };
  });
  // Two at a time: librsvg is single-threaded per image, and the machine is shared.
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const j = jobs[next++];
      const path = join(dir, j.rel);
      if (existsSync(path)) continue;
      // No paper grain: it is the slowest filter to render and adds nothing to a benchmark.
      const draw = { width: 2000, height: 1500, format: j.format, seed: j.seed, paper: { grain: 0 }, fast: true };
      // Rasterising dominates the generator's time, so rasters are kept in a shared
      // cache keyed by their SVG source: a change to the drawing code misses it.
      const key = createHash('sha256').update(JSON.stringify(draw)).update(sketchSvg(j.subject, draw)).digest('hex').slice(0, 24);
      const cached = join(cacheDir, `${key}.${j.format}`);
      if (cacheDir && existsSync(cached)) {
        await copyFile(cached, path);
        continue;
      }
      const bytes = await drawSketch(j.subject, draw);
      await writeFile(path, bytes);
      if (cacheDir) {
        await mkdir(cacheDir, { recursive: true });
        // Write then rename, so a concurrent generator never copies half a file.
        const tmp = `${cached}.${process.pid}.tmp`;
        await writeFile(tmp, bytes);
        await rename(tmp, cached);
      }
    }
  };
  await Promise.all([worker(), worker()]);
  return jobs.map((j) => j.rel);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const [n, out, seed] = process.argv.slice(2);
  if (!n || !out || !Number.isInteger(Number(n)) || Number(n) < 1) {
    console.error('usage: node --import tsx bench/gen-blog.ts <posts> <outDir> [seed]');
    process.exit(2);
  }
  const r = await generateBlog({ posts: Number(n), dir: out, seed: seed ? Number(seed) : undefined });
  console.log(
    `${r.posts} posts (${r.words} words), ${r.series.length} series, ${r.images.length} images in ${out}: ${(r.ms / 1000).toFixed(1)} s`,
  );
}
