// A generated project of N large sketches drawn like real scans (issue 15): each
// sketch is a 3000×2250 RGBA PNG with its paper made transparent, as a scanner's
// "remove background" leaves it, with pencil strokes (the drawing code of
// scripts/subjects.ts, rasterised by librsvg), graphite texture in the strokes
// and a faint paper grain in the alpha channel, so each file weighs 0.6–3 MB like
// the scans in the issue. Each sketch has its own post (front matter with
// `sketch:`, `problem:`, `answer:`, one series, so there is a book) of 150–400
// words of generated prose. Same seed, same bytes.
//   node --import tsx bench/lib/sketch-project.ts 35 /tmp/sketches-35
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { prng } from '../../scripts/sketch.ts';
import { sketchSvg, subjects } from '../../scripts/subjects.ts';
import { capital, Prose, topics } from './prose.ts';

export const SCAN_WIDTH = 3000;
export const SCAN_HEIGHT = 2250;
/** Bump when the drawing changes, so the raster cache misses. */
const SCAN_VERSION = 2;
const SERIES = 'Sketchbook Notes';
const SERIES_SLUG = 'sketchbook-notes';

export interface SketchProjectOptions {
  sketches: number;
  dir: string;
  seed?: number;
  /** Where finished PNGs are kept between runs (drawing one takes about a second); '' disables it. */
  cacheDir?: string;
}

export interface SketchProject {
  dir: string;
  /** Sketch files, absolute paths, in part order. */
  sketches: string[];
  /** Post files, absolute paths, in part order. */
  posts: string[];
  bytes: number;
  ms: number;
}

/**
 * One scan as raw RGBA pixels. `edit` > 0 draws the same subject with a few
 * more strokes' worth of change (a different texture seed and one extra mark):
 * "the writer fixed a line and scanned the page again".
 */
export async function drawScan(
  subject: string,
  seed: number,
  edit = 0,
): Promise<{ data: Buffer; width: number; height: number }> {
  const width = SCAN_WIDTH;
  const height = SCAN_HEIGHT;
  // librsvg takes 5-15 times longer to draw these strokes at 3000 px than at 1500
  // (and the machine is shared): the strokes are drawn at half size and enlarged,
  // as a scan at 300 dpi of a soft pencil looks anyway; the texture is full size.
  const svg = sketchSvg(subject, {
    width: width / 2,
    height: height / 2,
    format: 'png',
    seed,
    paper: { tone: '#ffffff', grain: 0, flecks: 0, vignette: 0 },
  });
  const withEdit = edit
    ? svg.replace(
        '</svg>',
        `<circle cx="${200 + edit * 37}" cy="${160 + edit * 23}" r="${40 + edit * 5}" stroke="#333" stroke-width="3" fill="none"/></svg>`,
      )
    : svg;
  const grey = await sharp(Buffer.from(withEdit), { density: 72 })
    .flatten({ background: '#ffffff' })
    .greyscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  // enlarged here, bilinearly: a resize in the same sharp pipeline makes libvips
  // draw the SVG again for every tile (ten times slower)
  const g = grey.data;
  const channels = grey.info.channels;
  const hw = grey.info.width;
  const hh = grey.info.height;
  const half = (x: number, y: number) => g[(Math.min(hh - 1, y) * hw + Math.min(hw - 1, x)) * channels]!;
  const rnd = prng(seed * 31 + edit);
  // Paper grain: a low-frequency field (a coarse random grid, bilinearly
  // interpolated) times fine per-pixel noise; its amplitude, in alpha levels,
  // varies from sketch to sketch so the files spread over 0.6–3 MB.
  const amp = 0.5 + rnd() * 1.7;
  const gw = 61;
  const gh = 46;
  const grid = Float32Array.from({ length: gw * gh }, () => rnd());
  let state = (seed * 2654435761 + edit * 97 + 1) >>> 0 || 1;
  const noise = () => {
    // xorshift32: per-pixel noise, much faster than a closure-based generator
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 4294967296;
  };
  const out = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    const gy = (y / height) * (gh - 1);
    const y0 = Math.floor(gy);
    const fy = gy - y0;
    for (let x = 0; x < width; x++) {
      const gx = (x / width) * (gw - 1);
      const x0 = Math.floor(gx);
      const fx = gx - x0;
      const a = grid[y0 * gw + x0]!;
      const b = grid[y0 * gw + x0 + 1]!;
      const c = grid[(y0 + 1) * gw + x0]!;
      const d = grid[(y0 + 1) * gw + x0 + 1]!;
      const low = a + (b - a) * fx + (c - a) * fy + (a - b - c + d) * fx * fy;
      const hx = x >> 1;
      const hy = y >> 1;
      const wx = (x & 1) * 0.5;
      const wy = (y & 1) * 0.5;
      const top = half(hx, hy) * (1 - wx) + half(hx + 1, hy) * wx;
      const bottom = half(hx, hy + 1) * (1 - wx) + half(hx + 1, hy + 1) * wx;
      const ink = (255 - (top * (1 - wy) + bottom * wy)) / 255;
      // graphite does not cover evenly: the stroke's coverage drops in a grainy way
      const graphite = ink * (0.55 + 0.45 * noise());
      const paper = Math.floor(low * amp * noise() * 1.6);
      const alpha = Math.min(255, Math.round(graphite * 255) + paper);
      const i = (y * width + x) * 4;
      // graphite grey in the strokes, a warm paper tint in the grain
      out[i] = graphite > 0.05 ? 58 : 196;
      out[i + 1] = graphite > 0.05 ? 58 : 186;
      out[i + 2] = graphite > 0.05 ? 66 : 160;
      out[i + 3] = alpha;
    }
  }
  return { data: out, width, height };
}

/** The scan as a PNG file's bytes (as a scanner writes it: zlib level 6, no palette). */
export async function scanPng(subject: string, seed: number, edit = 0): Promise<Buffer> {
  const { data, width, height } = await drawScan(subject, seed, edit);
  return sharp(data, { raw: { width, height, channels: 4 } })
    .png({ compressionLevel: 6 })
    .toBuffer();
}

/** scanPng through a shared cache keyed by what decides its bytes. */
export async function cachedScan(subject: string, seed: number, edit = 0, cacheDir = defaultCache()): Promise<Buffer> {
  const key = createHash('sha256')
    .update(JSON.stringify({ SCAN_VERSION, subject, seed, edit }))
    .update(sketchSvg(subject, { width: SCAN_WIDTH, height: SCAN_HEIGHT, format: 'png', seed }))
    .digest('hex')
    .slice(0, 24);
  const file = cacheDir ? join(cacheDir, `${key}.png`) : '';
  if (file && existsSync(file)) {
    const { readFile } = await import('node:fs/promises');
    return readFile(file);
  }
  const bytes = await scanPng(subject, seed, edit);
  if (file) {
    await mkdir(cacheDir, { recursive: true });
    // write then rename, so a concurrent generator never reads half a file
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, bytes);
    await rename(tmp, file);
  }
  return bytes;
}

const defaultCache = () => join(tmpdir(), 'postbound-sketch-scans');

export function subjectOf(k: number): string {
  const names = Object.keys(subjects);
  return names[k % names.length]!;
}

const q = (s: string) => JSON.stringify(s);

export async function generateSketchProject(o: SketchProjectOptions): Promise<SketchProject> {
  const started = performance.now();
  const seed = o.seed ?? 15;
  const dir = resolve(o.dir);
  const postsDir = join(dir, 'content', 'posts');
  const sketchDir = join(dir, 'content', 'sketches');
  await mkdir(postsDir, { recursive: true });
  await mkdir(sketchDir, { recursive: true });
  const rnd = prng(seed);
  const cacheDir = o.cacheDir ?? defaultCache();

  const jobs = Array.from({ length: o.sketches }, (_, k) => {
    const subject = subjectOf(k);
    const name = `${String(k + 1).padStart(3, '0')}-${subject}.png`;
    return { k, subject, name, seed: seed * 7919 + k };
  });
  // two at a time: the machine is shared, and each drawing holds ~35 MB of pixels
  let next = 0;
  let bytes = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const j = jobs[next++]!;
      const png = await cachedScan(j.subject, j.seed, 0, cacheDir);
      bytes += png.length;
      await writeFile(join(sketchDir, j.name), png);
    }
  };
  await Promise.all([worker(), worker()]);

  const posts: string[] = [];
  let day = Date.UTC(2024, 0, 2);
  const slugs: string[] = [];
  for (const j of jobs) {
    const topic = topics[Math.floor(rnd() * topics.length)]!;
    const p = new Prose(rnd, topic);
    const title = `Sketch ${j.k + 1}: ${capital(p.title())}`;
    const slug = `sketch-${j.k + 1}`;
    slugs.push(slug);
    day += (1 + Math.floor(rnd() * 4)) * 86_400_000;
    const date = new Date(day).toISOString().slice(0, 10);
    const target = p.int(150, 400);
    const blocks: string[] = [];
    let words = 0;
    const add = (b: string) => {
      blocks.push(b);
      words += b.split(/\s+/).length;
    };
    add(p.paragraph());
    add(`![A pencil sketch of ${j.subject}, scanned](../sketches/${j.name} "${capital(p.pick(topic.nouns))}, drawn from life.")`);
    while (words < target) {
      if (blocks.length % 3 === 2) add(`## ${p.heading()}`);
      add(p.paragraph(p.int(2, 4)));
    }
    const front = [
      '---',
      `title: ${q(title)}`,
      `date: ${date}`,
      `slug: ${slug}`,
      `tags: [sketchnotes, ${topic.name}]`,
      `series: ${SERIES}`,
      `part: ${j.k + 1}`,
      `summary: ${q(p.sentence())}`,
      `sketch: ../sketches/${j.name}`,
      `problem: ${q(`I never seem to find the time for ${p.pick(topic.gerunds)}.`)}`,
      `answer: ${q(`Start with ${p.pick(topic.tools)} and ten minutes ${p.pick(['a day', 'after work', 'before breakfast'])}.`)}`,
      '---',
      '',
    ].join('\n');
    const file = join(postsDir, `${date}-${slug}.md`);
    await writeFile(file, `${front}\n${blocks.join('\n\n')}\n`);
    posts.push(file);
  }
  await writeFile(
    join(dir, 'postbound.yaml'),
    [
      '# Generated by bench/lib/sketch-project.ts',
      'site:',
      '  title: A Year of Sketchnotes',
      '  description: Hand-drawn sketchnotes, scanned, one a post.',
      '  author: Bench Writer',
      '  url: https://sketches.example.org/',
      '  language: en',
      'books:',
      `  - slug: ${SERIES_SLUG}`,
      `    title: ${q(SERIES)}`,
      '    publisher: Bench Press',
      `    series: ${SERIES_SLUG}`,
      '    cover:',
      `      sketch: ${slugs[0]}`,
      '      color: "#33506b"',
      '    summary:',
      '      tagline: One sketch a week, scanned and explained.',
      '',
    ].join('\n'),
  );
  return {
    dir,
    sketches: jobs.map((j) => join(sketchDir, j.name)),
    posts,
    bytes,
    ms: performance.now() - started,
  };
}

/** Copies `from` over a sketch: used to swap in a re-drawn scan. */
export const replaceSketch = (from: string, to: string) => copyFile(from, to);

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const [n, out] = process.argv.slice(2);
  if (!n || !out || !Number.isInteger(Number(n))) {
    console.error('usage: node --import tsx bench/lib/sketch-project.ts <sketches> <outDir>');
    process.exit(2);
  }
  const r = await generateSketchProject({ sketches: Number(n), dir: out });
  console.log(
    `${r.sketches.length} sketches (${(r.bytes / 1e6).toFixed(1)} MB) and posts in ${r.dir}: ${(r.ms / 1000).toFixed(1)} s`,
  );
}
