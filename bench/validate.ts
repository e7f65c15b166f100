// Validation time per book: postbound (epubcheck-ts + zip guard + publishing
// checks, no browser) against Java EPUBCheck's command line on the same files.
// Run: node --import tsx bench/validate.ts [runs]   (goals: a fresh
// `postbound validate` ≥ 20× faster than `java -jar epubcheck`, ≤ 0.3 s on a
// small book). "warm" is the build's case (one process validates every EPUB it
// writes); "process" is the CLI as a user runs it, from the compiled lib/, a new
// process per book, timed under GNU time (wall, CPU and peak memory) like
// every bench here, in turn with Java EPUBCheck on the same book (ours, Java,
// ours, Java…): the speed-up is the median of the pairs' ratios, which holds
// when a shared machine's load changes between runs. Then several books in one
// call against one call each, and a 3 GB zip bomb, which must be refused before
// anything is inflated (peak memory shows it). A last table times axe-core alone over each book's content
// documents: a navigation per document against documents swapped into an
// open page (the default).

import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { SharedBrowser } from '../src/browser/browser.ts';
import { type AxeOptions, axeCheck } from '../src/validate/axe.ts';
import { readManifest } from '../src/validate/checks.ts';
import { validateEpub } from '../src/validate/index.ts';
import { guardZip, inflateEntry } from '../src/validate/zip-guard.ts';
import { minimalEpub, zipBomb } from '../test/unit/validate/fixtures.ts';
import { type Measurement, machine, measure, measurePair, median } from './lib/measure.ts';

const runs = Number(process.argv[2] ?? 3);
const JAR = process.env.EPUBCHECK_JAR ?? '/usr/share/java/epubcheck.jar';
const REPO = resolve(import.meta.dirname, '..');
const CLI = join(REPO, 'bin', 'postbound.mjs');
const dir = mkdtempSync(join(tmpdir(), 'postbound-bench-validate-'));

function bookMarkdown(chapters: number): string {
  const out = ['---\ntitle: Notes on Drawing\nauthor: A. Writer\nlang: en\n---'];
  for (let n = 1; n <= chapters; n++) {
    out.push(`# Chapter ${n}`);
    for (let k = 1; k <= 20; k++) {
      out.push(
        `Paragraph ${k}: a sketch is a way to think with a pencil — *quickly*, with **no** eraser, and a [link](#chapter-${((n + k) % chapters) + 1}).`,
      );
    }
    out.push(`![Sketch ${n}](img-${n % 4}.png)`);
  }
  return out.join('\n\n');
}

const run = (cmd: string, args: string[], cwd = dir) => {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status})\n${r.stderr.slice(-2000)}`);
};

// the CLI runs from lib/ when it matches src/, as an installed postbound does
run('npm', ['run', '--silent', 'compile'], REPO);
for (let i = 0; i < 4; i++) {
  const png = await sharp({ create: { width: 900, height: 600, channels: 3, background: { r: 40 * i, g: 90, b: 120 } } })
    .png()
    .toBuffer();
  writeFileSync(join(dir, `img-${i}.png`), png);
}
writeFileSync(join(dir, 'small.md'), bookMarkdown(3));
writeFileSync(join(dir, 'large.md'), bookMarkdown(60));
writeFileSync(join(dir, 'minimal.epub'), await minimalEpub());
writeFileSync(join(dir, 'bomb.epub'), zipBomb());
run('pandoc', ['small.md', '-o', 'pandoc-small.epub']);
run('pandoc', ['large.md', '-o', 'pandoc-large.epub']);
run('ebook-convert', ['large.md', 'calibre-large.epub', '--epub-version', '3']);
// the sample's own book, built by postbound from a copy of the repository's sample
const sample = join(dir, 'sample');
cpSync(join(REPO, 'postbound.yaml'), join(sample, 'postbound.yaml'));
cpSync(join(REPO, 'content'), join(sample, 'content'), { recursive: true });
run('node', [CLI, 'build', sample, '--only', 'epub'], REPO);
const sampleBook = spawnSync('sh', ['-c', `ls ${join(sample, 'dist', 'book')}/*.epub`], { encoding: 'utf8' })
  .stdout.trim()
  .split('\n')[0]!;
cpSync(sampleBook, join(dir, 'sample.epub'));

const books = ['sample.epub', 'minimal.epub', 'pandoc-small.epub', 'pandoc-large.epub', 'calibre-large.epub'];
const ok = { okStatus: [0, 1] };

await validateEpub(readFileSync(join(dir, books[0]!))); // load the WASM and schemas once
const rows: string[][] = [];
const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
const process_: Measurement[] = [];
const javaRuns: Measurement[] = [];
const ratios: { wallRatio: number; cpuRatio: number }[] = [];
const loadBefore = loadavg()[0];
for (const book of books) {
  const path = join(dir, book);
  const warm: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await validateEpub(path);
    warm.push(performance.now() - t);
  }
  const pair = measurePair(
    { label: `postbound validate ${book}`, cmd: 'node', args: [CLI, 'validate', path], options: ok },
    { label: `java -jar epubcheck ${book}`, cmd: 'java', args: ['-jar', JAR, path], options: ok },
    runs,
  );
  const { a: ours, b: java } = pair;
  process_.push(ours);
  javaRuns.push(java);
  rows.push([
    book,
    `${(statSync(path).size / 1024).toFixed(0)} KB`,
    fmt(median(warm)),
    `${fmt(ours.medianMs)} (cpu ${fmt(ours.cpuMs)}, ${ours.peakMb.toFixed(0)} MB)`,
    `${fmt(java.medianMs)} (cpu ${fmt(java.cpuMs)}, ${java.peakMb.toFixed(0)} MB)`,
    `${(java.medianMs / median(warm)).toFixed(1)}×`,
    `${pair.wallRatio.toFixed(1)}× (cpu ${pair.cpuRatio.toFixed(1)}×)`,
  ]);
  ratios.push(pair);
}

const print = (title: string, head: string[], body: string[][]) => {
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  console.log(`\n${title}`);
  console.log(line(head));
  for (const r of body) console.log(line(r));
};
console.log(
  `validation on ${machine()}, load average ${loadBefore.toFixed(1)} before the runs and ${loadavg()[0].toFixed(1)} after; median of ${runs} runs (pairs with Java); CLI from lib/`,
);
print(
  'one book per call',
  ['book', 'size', 'postbound warm', 'postbound process', 'java -jar epubcheck', 'speed-up warm', 'speed-up process'],
  rows,
);

// several books in one call (checked in parallel, an engine thread per processor) against one call each
const paths = books.map((b) => join(dir, b));
const together = measure('postbound validate <5 books>', 'node', [CLI, 'validate', ...paths], runs, ok);
const apart = process_.reduce((s, m) => s + m.medianMs, 0);
const apartCpu = process_.reduce((s, m) => s + m.cpuMs, 0);
print(
  'five books',
  ['how', 'wall', 'cpu', 'peak memory'],
  [
    ['one call, five books', fmt(together.medianMs), fmt(together.cpuMs), `${together.peakMb.toFixed(0)} MB`],
    ['five calls, one book each (sum)', fmt(apart), fmt(apartCpu), ''],
  ],
);

// a 3 GB zip bomb of 3 MB: refused from the central directory, nothing inflated
const bomb = measure('postbound validate bomb.epub', 'node', [CLI, 'validate', join(dir, 'bomb.epub')], runs, ok);
const javaBomb = measure('java -jar epubcheck bomb.epub', 'java', ['-jar', JAR, join(dir, 'bomb.epub')], 1, {
  okStatus: [0, 1, 2],
});
print(
  'zip bomb (3 MB file declaring 3 GB)',
  ['tool', 'wall', 'peak memory'],
  [
    ['postbound validate', fmt(bomb.medianMs), `${bomb.peakMb.toFixed(0)} MB`],
    ['java -jar epubcheck (1 run)', fmt(javaBomb.medianMs), `${javaBomb.peakMb.toFixed(0)} MB`],
  ],
);
// What a fresh process cannot go below: Node's own start, and Node with nothing
// but the engine postbound wraps, loaded as the CLI loads it (the bundle, the
// engines' tiering budget), checking the book once in its own thread: no worker,
// no zip guard, none of postbound's checks, no report.
const engineAlone = `const { TIERING_BUDGET } = await import(${JSON.stringify(pathToFileURL(join(REPO, 'lib/validate/engine.js')).href)});
(await import('node:v8')).setFlagsFromString('--wasm-tiering-budget=' + TIERING_BUDGET);
const { engineSpecifier } = await import(${JSON.stringify(pathToFileURL(join(REPO, 'lib/validate/engine-bundle.js')).href)});
const { EpubCheck } = await import(engineSpecifier());
const data = new Uint8Array((await import('node:fs')).readFileSync(process.argv[1]));
await new EpubCheck({ includeUsage: false, includeInfo: true }).check(data);`;
const nodeStart = measure('node -e 0', 'node', ['-e', '0'], runs);
const floors = books
  .slice(0, 2)
  .map((book) => measure(`engine alone ${book}`, 'node', ['--input-type=module', '-e', engineAlone, join(dir, book)], runs));
print(
  'what a fresh process cannot go below (median wall)',
  ['what', ...books.slice(0, 2)],
  [
    ['node -e 0', fmt(nodeStart.medianMs), fmt(nodeStart.medianMs)],
    ['node + the engine alone, one check', ...floors.map((m) => fmt(m.medianMs))],
    ['postbound validate', ...process_.slice(0, 2).map((m) => fmt(m.medianMs))],
  ],
);

const first = process_[0]!;
const speedUp = ratios[0]!;
console.log(
  [
    `\ngoals, on the sample's book, a fresh process each time:`,
    `  postbound validate ${fmt(first.medianMs)} wall, ${fmt(first.cpuMs)} CPU (goal ≤ 0.3 s: ${first.medianMs <= 300 ? 'met' : 'NOT met'}; the engine alone in a fresh process: ${fmt(floors[0]!.medianMs)})`,
    `  java -jar epubcheck ${fmt(javaRuns[0]!.medianMs)} wall, ${fmt(javaRuns[0]!.cpuMs)} CPU`,
    `  speed-up ${speedUp.wallRatio.toFixed(1)}× wall, ${speedUp.cpuRatio.toFixed(1)}× CPU, median of ${runs} pairs (goal ≥ 20×: ${speedUp.wallRatio >= 20 ? 'met' : 'NOT met'})`,
  ].join('\n'),
);

const shared = new SharedBrowser();
const browser = await shared.get();
const axeRows: string[][] = [];
for (const book of books) {
  const data = readFileSync(join(dir, book));
  const guard = await guardZip(data);
  const byName = new Map(guard.entries.map((e) => [e.name, e]));
  const read = (p: string) => {
    const e = byName.get(p);
    return e ? inflateEntry(data, e) : undefined;
  };
  const docs = (readManifest(read)?.items ?? [])
    .filter((i) => i.mediaType === 'application/xhtml+xml' && !i.properties.includes('nav'))
    .map((i) => i.path);
  const modes: [string, AxeOptions][] = [
    ['navigation, 3 pages', { navigateEach: true, pages: 3 }],
    ['shared page, 2 pages', {}],
  ];
  const times = modes.map((): number[] => []);
  for (let i = 0; i < runs; i++) {
    for (const [k, [, opts]] of modes.entries()) {
      const t = performance.now();
      await axeCheck(browser, docs, read, opts);
      times[k]!.push(performance.now() - t);
    }
  }
  axeRows.push([book, String(docs.length), ...times.map((t) => `${median(t).toFixed(0)} ms`)]);
}
await shared.close();
print('axe-core alone', ['book', 'documents', 'navigation, 3 pages', 'shared page, 2 pages'], axeRows);
rmSync(dir, { recursive: true, force: true });
