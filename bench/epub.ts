// EPUB target vs pandoc: the sample book's posts made into an EPUB by postbound
// (in process, from the loaded model) and by `pandoc -o x.epub` on the same
// markdown files with the same cover, each the median of several runs, then both
// files checked by EPUBCheck so the comparison is between books that are valid.
// Run: node --import tsx bench/epub.ts   (BENCH_RUNS=5 by default)
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { ImageCache } from '../src/assets/images.ts';
import { loadSite } from '../src/content/load.ts';
import type { Book } from '../src/content/model.ts';
import { buildEpub } from '../src/epub/index.ts';
import { contextFor, epubcheck, stubArtifacts } from '../test/e2e/epub-fixture.ts';
import { machine, median } from './lib/measure.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const REPO = resolve(import.meta.dirname, '..');
const root = mkdtempSync(join(tmpdir(), 'postbound-bench-epub-'));
cpSync(join(REPO, 'postbound.yaml'), join(root, 'postbound.yaml'));
cpSync(join(REPO, 'content'), join(root, 'content'), { recursive: true });

const ctx = await contextFor(root);
const book = ctx.site.books[0] as Book;
const posts = [...book.front, ...book.chapters, ...book.back];
const cover = join(root, 'cover.jpg');
writeFileSync(cover, await ctx.artifacts.cover(book));

async function timeRuns(f: () => Promise<unknown>): Promise<number[]> {
  const runs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await f();
    runs.push(performance.now() - t0);
  }
  return runs;
}

// cold: a fresh image cache each run, so every picture is decoded and encoded again
let n = 0;
const cold = await timeRuns(async () => {
  const cacheDir = join(root, `.cache-cold-${n++}`);
  await buildEpub({ ...ctx, cacheDir, images: new ImageCache(cacheDir) }, book);
});
// warm: the image variants are in the cache, as in any build after the first
await buildEpub(ctx, book);
const warm = await timeRuns(() => buildEpub(ctx, book));
// load + warm: reading and rendering the markdown too, which pandoc has to do
const loadWarm = await timeRuns(async () => {
  const loaded = await loadSite(root);
  const b = loaded.site?.books[0] as Book;
  await buildEpub({ ...ctx, site: loaded.site ?? ctx.site, artifacts: await stubArtifacts() }, b);
});

const ours = join(root, 'postbound.epub');
writeFileSync(ours, (await buildEpub(ctx, book)).bytes);

const pandocOut = join(root, 'pandoc.epub');
const pandocArgs = [
  '-o',
  pandocOut,
  '--toc',
  `--resource-path=${join(root, 'content', 'posts')}`,
  `--epub-cover-image=${cover}`,
  '--metadata',
  `title=${book.title}`,
  '--metadata',
  `author=${book.author}`,
  '--metadata',
  `lang=${book.language}`,
  ...posts.map((p) => basename(p.rel)),
];
const pandoc = await timeRuns(async () => {
  const r = spawnSync('pandoc', pandocArgs, { cwd: join(root, 'content', 'posts'), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`pandoc failed: ${r.stderr}`);
});

const count = (file: string) => {
  const m = epubcheck(file);
  const c = (s: string) => m.filter((x) => x.severity === s).length;
  return `${c('FATAL') + c('ERROR')} errors, ${c('WARNING')} warnings`;
};
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const base = median(pandoc);
const rows: [string, number[], string, string][] = [
  ['pandoc -o x.epub (markdown → EPUB)', pandoc, `${(statSync(pandocOut).size / 1024).toFixed(0)} KB`, count(pandocOut)],
  ['postbound EPUB, cold image cache', cold, `${(statSync(ours).size / 1024).toFixed(0)} KB`, count(ours)],
  ['postbound EPUB, warm image cache', warm, '″', '″'],
  ['postbound load posts + EPUB, warm cache', loadWarm, '″', '″'],
];
console.log(
  `\nEPUB of "${book.title}" (${posts.length} posts, ${book.chapters.length} chapters), median of ${RUNS}; ${machine()}`,
);
console.log('| what | median | runs | ratio to pandoc | size | EPUBCheck 4.2.6 |');
console.log('| --- | ---: | --- | ---: | ---: | --- |');
for (const [label, runs, size, check] of rows) {
  console.log(
    `| ${label} | ${s(median(runs))} | ${runs.map((r) => (r / 1000).toFixed(2)).join(', ')} | ${(median(runs) / base).toFixed(2)}× | ${size} | ${check} |`,
  );
}
rmSync(root, { recursive: true, force: true });
