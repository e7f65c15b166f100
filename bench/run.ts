// postbound's benchmarks, run by hand: `npm run bench -- [release|hand|site|all]`.
// Each comparison runs side by side in one run, on the same input, several times;
// tables show the median, every run, and peak memory (GNU time).
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { writeEleventyProject } from './lib/eleventy.ts';
import { type Measurement, machine, measure, table } from './lib/measure.ts';

const REPO = resolve(import.meta.dirname, '..');
const CLI = join(REPO, 'bin', 'postbound.mjs');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const sections = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const want = (name: string) => sections.length === 0 || sections.includes(name) || sections.includes('all');

function copySample(): string {
  const dir = mkdtempSync(join(tmpdir(), 'postbound-bench-'));
  cpSync(join(REPO, 'postbound.yaml'), join(dir, 'postbound.yaml'));
  cpSync(join(REPO, 'content'), join(dir, 'content'), { recursive: true });
  return dir;
}

const clean = (dir: string, what: string[]) => () => {
  for (const w of what) rmSync(join(dir, w), { recursive: true, force: true });
};

console.log(`postbound benchmarks on ${machine()}`);

if (want('release')) {
  const dir = copySample();
  const build = (label: string, before?: () => void, args: string[] = []) =>
    measure(label, 'node', [CLI, 'build', dir, ...args], RUNS, { before });
  const cold = build('sample release, cold (no cache, no dist)', clean(dir, ['.cache', 'dist']));
  const warm = build('sample release, warm (nothing changed)');
  const post = join(dir, 'content', 'posts', readdirPosts(dir)[0]);
  let n = 0;
  const changed = build('sample release, one post changed', () =>
    writeFileSync(post, `${readFileSync(post, 'utf8')}\nOne more line ${++n}.\n`),
  );
  const site = build('sample site only, warm', undefined, ['--only', 'site']);
  table('Full release of the sample (site, EPUB, PDF, MOBI, AZW3, summary, cover, validation, bundle)', [
    cold,
    warm,
    changed,
    site,
  ]);
  rmSync(dir, { recursive: true, force: true });
}

if (want('hand')) {
  // The hand pipeline writers use today, on the same posts in book order.
  const dir = copySample();
  const config = parse(readFileSync(join(dir, 'postbound.yaml'), 'utf8'));
  const book = config.books[0];
  const posts = bookPosts(dir, book);
  const epub = join(dir, 'hand.epub');
  const pandoc = measure(
    'pandoc: markdown → EPUB',
    'pandoc',
    ['-o', epub, '--resource-path', join(dir, 'content', 'posts'), '--metadata', `title=${book.title}`, ...posts],
    RUNS,
    { cwd: join(dir, 'content', 'posts') },
  );
  // pandoc keeps the links between posts as links to .md files, which EPUBCheck rejects (exit 1):
  // the run still counts, it is what a writer gets before fixing them by hand
  const epubcheck = measure('EPUBCheck 4 (Java): validate', 'java', ['-jar', '/usr/share/java/epubcheck.jar', epub], RUNS, {
    okStatus: [0, 1],
  });
  const calibre = measure('Calibre ebook-convert: EPUB → MOBI', 'ebook-convert', [epub, join(dir, 'hand.mobi')], RUNS);
  const hand: Measurement = {
    label: 'hand pipeline, total',
    runs: pandoc.runs.map((_, i) => pandoc.runs[i] + epubcheck.runs[i] + calibre.runs[i]),
    medianMs: pandoc.medianMs + epubcheck.medianMs + calibre.medianMs,
    peakMb: Math.max(pandoc.peakMb, epubcheck.peakMb, calibre.peakMb),
  };
  const ours = measure(
    'postbound build --only epub,mobi (EPUB + validation + MOBI + AZW3, cold)',
    'node',
    [CLI, 'build', dir, '--only', 'epub,mobi'],
    RUNS,
    { before: clean(dir, ['.cache', 'dist']) },
  );
  table('EPUB + validation + MOBI of the same posts (ratio to postbound)', [pandoc, epubcheck, calibre, hand, ours], ours);
  rmSync(dir, { recursive: true, force: true });
}

if (want('site')) {
  const eleventyBin = join(REPO, 'bench', 'node_modules', '@11ty', 'eleventy', 'cmd.cjs');
  if (!existsSync(eleventyBin)) console.log('\n(site vs Eleventy skipped: run `npm --prefix bench ci` first)');
  const { generateBlog } = await import('./gen-blog.ts');
  const rows: Measurement[] = [];
  for (const count of [1000, 2000]) {
    const dir = mkdtempSync(join(tmpdir(), `postbound-bench-${count}-`));
    await generateBlog({ posts: count, dir });
    rows.push(
      measure(`postbound site, ${count} posts, cold`, 'node', [CLI, 'build', dir, '--only', 'site'], 1, {
        before: clean(dir, ['.cache', 'dist']),
      }),
    );
    rows.push(
      measure(
        `postbound site, ${count} posts, warm caches (images, parsed posts)`,
        'node',
        [CLI, 'build', dir, '--only', 'site'],
        RUNS,
      ),
    );
    if (existsSync(eleventyBin)) {
      writeEleventyProject(dir);
      rows.push(
        measure(`Eleventy 3, ${count} posts`, 'node', [eleventyBin, '--quiet'], RUNS, {
          cwd: dir,
          before: clean(dir, ['_site']),
        }),
      );
    }
    rmSync(dir, { recursive: true, force: true });
  }
  table(
    'Blog site for generated blogs (postbound vs Eleventy 3, same markdown)',
    rows,
    rows.find((r) => r.label.includes('Eleventy 3, 1000')),
  );
}

function readdirPosts(dir: string): string[] {
  return readdirSync(join(dir, 'content', 'posts'))
    .filter((f) => f.endsWith('.md'))
    .sort();
}

function bookPosts(dir: string, book: { series?: string; front?: string[]; back?: string[] }): string[] {
  const files = readdirPosts(dir);
  const front = (slug: string) => files.find((f) => f.replace(/^\d{4}-\d{2}-\d{2}-/, '').replace(/\.md$/, '') === slug);
  const chapters = files
    .map((f) => ({ f, text: readFileSync(join(dir, 'content', 'posts', f), 'utf8') }))
    .filter(({ text }) => /^series:/m.test(text))
    .map(({ f, text }) => ({ f, part: Number(/^part:\s*(\d+)/m.exec(text)?.[1] ?? 0) }))
    .sort((a, b) => a.part - b.part)
    .map(({ f }) => f);
  return [...(book.front ?? []).map(front), ...chapters, ...(book.back ?? []).map(front)].filter((f): f is string => Boolean(f));
}
