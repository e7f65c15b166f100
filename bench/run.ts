// postbound's benchmarks, run by hand: `npm run bench -- [release|hand|site|sketches|all]`.
// Each comparison runs side by side in one run, on the same input, several times;
// tables show the median, every run, and peak memory (GNU time).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
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

// The CLI runs from compiled lib/ when it is up to date with src/ (as an installed
// postbound does): compile first, so the figures do not include tsx's loading.
const compiled = spawnSync('npm', ['run', '--silent', 'compile'], { cwd: REPO, encoding: 'utf8' });
if (compiled.status !== 0) throw new Error(`npm run compile failed:\n${compiled.stderr}`);
console.log(`postbound benchmarks on ${machine()}, load average ${loadavg()[0].toFixed(1)}; CLI from lib/`);

/** Each goal of issue 10 with what this run measured. */
const goals: { goal: string; measured: string; met: boolean }[] = [];
const seconds = (m: Measurement) => `${(m.medianMs / 1000).toFixed(2)} s`;
/** A new post: edits one post the same way before every run (its body grows by a line). */
function postEditor(dir: string) {
  const post = join(dir, 'content', 'posts', readdirPosts(dir)[0]);
  let n = 0;
  return () => writeFileSync(post, `${readFileSync(post, 'utf8')}\nOne more line ${++n}.\n`);
}

if (want('release')) {
  const dir = copySample();
  const build = (label: string, before?: () => void, args: string[] = []) =>
    measure(label, 'node', [CLI, 'build', dir, ...args], RUNS, { before });
  const cold = build('sample release, cold (no cache, no dist)', clean(dir, ['.cache', 'dist']));
  const warm = build('sample release, warm (nothing changed)');
  const changed = build('sample release, one post changed', postEditor(dir));
  const site = build('sample site only, warm', undefined, ['--only', 'site']);
  table('Full release of the sample (site, EPUB, PDF, MOBI, AZW3, summary, cover, validation, bundle)', [
    cold,
    warm,
    changed,
    site,
  ]);
  goals.push({ goal: 'sample release cold ≤ 10 s', measured: seconds(cold), met: cold.medianMs <= 10_000 });
  goals.push({ goal: 'sample release warm ≤ 2 s', measured: seconds(warm), met: warm.medianMs <= 2_000 });
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
    cpuMs: pandoc.cpuMs + epubcheck.cpuMs + calibre.cpuMs,
  };
  const ours = measure(
    'postbound build --only epub,mobi (EPUB + validation + MOBI + AZW3, cold)',
    'node',
    [CLI, 'build', dir, '--only', 'epub,mobi'],
    RUNS,
    { before: clean(dir, ['.cache', 'dist']) },
  );
  // a writer fixing a post and making the books again: the hand pipeline starts over, postbound reuses what did not change
  const again = measure(
    'postbound build --only epub,mobi after one post changed',
    'node',
    [CLI, 'build', dir, '--only', 'epub,mobi'],
    RUNS,
    { before: postEditor(dir) },
  );
  table(
    'EPUB + validation + MOBI of the same posts (ratio to postbound, cold)',
    [pandoc, epubcheck, calibre, hand, ours, again],
    ours,
  );
  const speedup = (m: Measurement) => `${(hand.medianMs / m.medianMs).toFixed(2)}× (${seconds(hand)} / ${seconds(m)})`;
  goals.push({
    goal: '≥ 5× faster than pandoc + EPUBCheck + Calibre, cold',
    measured: speedup(ours),
    met: hand.medianMs >= 5 * ours.medianMs,
  });
  goals.push({
    goal: '≥ 5× faster than pandoc + EPUBCheck + Calibre, one post changed',
    measured: speedup(again),
    met: hand.medianMs >= 5 * again.medianMs,
  });
  rmSync(dir, { recursive: true, force: true });
}

if (want('site')) {
  const eleventyBin = join(REPO, 'bench', 'node_modules', '@11ty', 'eleventy', 'cmd.cjs');
  if (!existsSync(eleventyBin)) console.log('\n(site vs Eleventy skipped: run `npm --prefix bench ci` first)');
  const { generateBlog } = await import('./gen-blog.ts');
  const rows: Measurement[] = [];
  const cold = new Map<number, Measurement>();
  const warm = new Map<number, Measurement>();
  const eleventy = new Map<number, Measurement>();
  for (const count of [1000, 2000]) {
    const dir = mkdtempSync(join(tmpdir(), `postbound-bench-${count}-`));
    await generateBlog({ posts: count, dir });
    cold.set(
      count,
      measure(`postbound site, ${count} posts, cold (no cache)`, 'node', [CLI, 'build', dir, '--only', 'site'], RUNS, {
        before: clean(dir, ['.cache', 'dist']),
      }),
    );
    warm.set(
      count,
      measure(
        `postbound site, ${count} posts, warm caches (images, parsed posts)`,
        'node',
        [CLI, 'build', dir, '--only', 'site'],
        RUNS,
      ),
    );
    rows.push(cold.get(count)!, warm.get(count)!);
    if (existsSync(eleventyBin)) {
      writeEleventyProject(dir);
      eleventy.set(
        count,
        measure(`Eleventy 3, ${count} posts`, 'node', [eleventyBin, '--quiet'], RUNS, {
          cwd: dir,
          before: clean(dir, ['_site']),
        }),
      );
      rows.push(eleventy.get(count)!);
    }
    rmSync(dir, { recursive: true, force: true });
  }
  table('Blog site for generated blogs (postbound vs Eleventy 3, same markdown)', rows, eleventy.get(1000));
  const e1000 = eleventy.get(1000);
  if (e1000) {
    for (const [label, m] of [
      ['cold', cold.get(1000)!],
      ['warm', warm.get(1000)!],
    ] as const) {
      goals.push({
        goal: `site of 1000 posts at least as fast as Eleventy 3 (${label})`,
        measured: `${seconds(m)} vs ${seconds(e1000)}`,
        met: m.medianMs <= e1000.medianMs,
      });
    }
  }
  const scale = cold.get(2000)!.medianMs / cold.get(1000)!.medianMs;
  goals.push({ goal: 'site of 2000 posts ≤ 2.1× the time of 1000 (cold)', measured: `${scale.toFixed(2)}×`, met: scale <= 2.1 });
  goals.push({
    goal: 'peak memory, 1000-post build ≤ 600 MB (cold)',
    measured: `${cold.get(1000)!.peakMb.toFixed(0)} MB`,
    met: cold.get(1000)!.peakMb <= 600,
  });
}

if (want('sketches')) {
  // books of large scanned sketches (issue 15): prints its own table and goals
  const { sketchBench } = await import('./sketches.ts');
  await sketchBench();
}

if (goals.length) {
  console.log('\nGoals of issue 10, as measured in this run');
  console.log('| goal | measured | met |\n| --- | --- | --- |');
  for (const g of goals) console.log(`| ${g.goal} | ${g.measured} | ${g.met ? 'yes' : 'no'} |`);
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
