// A synthetic book and build context for the release-kit tests: real sketches
// (drawn with sharp from SVG), real posts' vfiles, the real image cache and
// shared browser, so the tests exercise what a build does.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { VFile } from 'vfile';
import { ImageCache } from '../../../src/assets/images.ts';
import { SharedBrowser } from '../../../src/browser/browser.ts';
import { bookSchema, configSchema } from '../../../src/config/schema.ts';
import type { Asset, Book, Post, Site } from '../../../src/content/model.ts';
import type { BuildContext } from '../../../src/pipeline/context.ts';

const PROBLEMS = [
  'Your notes pile up and you never find the one you need.',
  'Meetings end without anyone knowing who does what.',
  'You start ten things and finish none.',
  'Feedback arrives too late to change anything.',
  'The plan looked great on Monday and was useless by Wednesday.',
  'Every decision waits for one busy person.',
];
const ANSWERS = [
  'Keep one inbox and sort it once a day, at the same hour.',
  'Close every meeting by reading the list of owners aloud.',
  'Limit work in progress to three items and finish before you start.',
  'Show rough work early, when it is cheap to change.',
  'Plan a week at a time and leave a fifth of it empty.',
  'Write down who decides what, and let them.',
];

/** A PNG that looks like a pen sketch: wobbly strokes on white. */
export async function drawSketch(dir: string, name: string, seed: number, width = 1200, height = 900): Promise<Asset> {
  let x = seed * 7919;
  const rand = () => {
    x = (x * 48271) % 2147483647;
    return x / 2147483647;
  };
  const paths: string[] = [];
  for (let s = 0; s < 6; s++) {
    let d = `M${(rand() * width).toFixed(0)} ${(rand() * height).toFixed(0)}`;
    for (let k = 0; k < 5; k++)
      d += ` Q${(rand() * width).toFixed(0)} ${(rand() * height).toFixed(0)} ${(rand() * width).toFixed(0)} ${(rand() * height).toFixed(0)}`;
    paths.push(`<path d="${d}" fill="none" stroke="#222" stroke-width="${(6 + rand() * 6).toFixed(1)}" stroke-linecap="round"/>`);
  }
  paths.push(`<circle cx="${width / 2}" cy="${height / 2}" r="${height / 4}" fill="none" stroke="#c33" stroke-width="10"/>`);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#fff"/>${paths.join('')}</svg>`;
  const buffer = await sharp(Buffer.from(svg)).png().toBuffer();
  const path = join(dir, `${name}.png`);
  writeFileSync(path, buffer);
  const hash = createHash('sha256').update(buffer).digest('hex');
  return { id: hash.slice(0, 12), path, rel: `content/sketches/${name}.png`, hash, width, height, format: 'png', stem: name };
}

export interface FixtureOptions {
  chapters?: number;
  /** Replaces every answer (to test very long text). */
  answer?: (i: number) => string;
  problem?: (i: number) => string;
  title?: string;
  coverImage?: { width: number; height: number };
  summary?: { width?: number; height?: number; tagline?: string };
  license?: string;
}

export interface Fixture {
  ctx: BuildContext;
  book: Book;
  dir: string;
  close(): Promise<void>;
}

export async function makeFixture(options: FixtureOptions = {}, browser = new SharedBrowser()): Promise<Fixture> {
  const dir = mkdtempSync(join(tmpdir(), 'postbound-release-'));
  const sketches = join(dir, 'content', 'sketches');
  mkdirSync(sketches, { recursive: true });
  const count = options.chapters ?? 6;
  const chapters: Post[] = [];
  for (let i = 0; i < count; i++) {
    const asset = await drawSketch(sketches, `sketch-${i + 1}`, i + 1);
    const slug = `part-${i + 1}`;
    chapters.push({
      file: new VFile({ path: join(dir, 'content', 'posts', `${slug}.md`) }),
      rel: `content/posts/${slug}.md`,
      slug,
      title: `Part ${i + 1}: ${['Inbox', 'Owners', 'Limits', 'Early drafts', 'Weekly plans', 'Decisions'][i % 6]}`,
      date: new Date(Date.UTC(2024, 0, 1 + i)),
      tags: [],
      authors: [],
      data: {},
      path: `posts/${slug}/`,
      aliases: [],
      series: 'field-guide',
      part: i + 1,
      draft: false,
      sketch: { asset, alt: `A sketch for part ${i + 1}` },
      problem: options.problem ? options.problem(i) : PROBLEMS[i % PROBLEMS.length],
      answer: options.answer ? options.answer(i) : ANSWERS[i % ANSWERS.length],
      hast: { type: 'root', children: [] },
      headings: [],
      images: [{ asset, alt: `A sketch for part ${i + 1}` }],
      words: 1200,
      text: '',
    });
  }
  const config = configSchema.parse({
    site: { title: 'Field notes', author: 'Ada Example', url: 'https://notes.example.org/' },
    books: [
      {
        slug: 'field-guide',
        title: options.title ?? 'The Field Guide to Getting Unstuck',
        subtitle: 'Small habits for work that keeps moving',
        description: 'Six short answers to the problems that stall a team.',
        license: options.license ?? 'CC-BY-4.0',
        pwyw: 'https://pay.example.org/field-guide',
        summary: { width: 2550, height: 3300, ...options.summary },
      },
    ],
  });
  const bookConfig = bookSchema.parse(config.books[0]);
  let coverImage: Asset | undefined;
  if (options.coverImage) {
    const { width, height } = options.coverImage;
    const buffer = await sharp({ create: { width, height, channels: 3, background: '#7a3b2e' } })
      .composite([
        {
          input: Buffer.from(
            `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><circle cx="${width / 2}" cy="${height / 2}" r="${Math.min(width, height) / 3}" fill="#f4e3c1"/></svg>`,
          ),
        },
      ])
      .jpeg()
      .toBuffer();
    const path = join(dir, 'own-cover.jpg');
    writeFileSync(path, buffer);
    const hash = createHash('sha256').update(buffer).digest('hex');
    coverImage = { id: hash.slice(0, 12), path, rel: 'own-cover.jpg', hash, width, height, format: 'jpeg', stem: 'own-cover' };
  }
  const book: Book = {
    slug: bookConfig.slug,
    config: bookConfig,
    title: bookConfig.title,
    subtitle: bookConfig.subtitle,
    author: 'Ada Example',
    language: 'en',
    license: bookConfig.license,
    identifier: 'urn:uuid:5b0c8a5e-6a43-4d1e-9d53-2f1f7c1b6e11',
    description: bookConfig.description,
    date: '2024-02-01',
    modified: '2024-02-01T12:00:00Z',
    front: [],
    chapters,
    back: [],
    coverImage,
    coverSketch: chapters[0]?.sketch?.asset,
    coverColor: bookConfig.cover.color,
    pwyw: bookConfig.pwyw,
    trim: bookConfig.trim,
    tocDepth: bookConfig.tocDepth,
  };
  const site: Site = {
    root: dir,
    config,
    staticFiles: new Map(),
    posts: chapters,
    series: [],
    tags: [],
    assets: new Map(chapters.map((p) => [p.sketch!.asset.id, p.sketch!.asset])),
    books: [book],
    files: [],
  };
  const outDir = join(dir, 'out');
  mkdirSync(outDir, { recursive: true });
  const ctx: BuildContext = {
    site,
    outDir,
    cacheDir: join(dir, '.cache'),
    images: new ImageCache(join(dir, '.cache')),
    browser,
    progress: { step() {} },
    buildFile: new VFile({ path: join(dir, 'postbound.yaml') }),
    artifacts: {
      cover: () => Promise.reject(new Error('wire artifacts.cover in the test')),
      summary: () => Promise.reject(new Error('wire artifacts.summary in the test')),
    },
  };
  return { ctx, book, dir, close: () => browser.close() };
}
