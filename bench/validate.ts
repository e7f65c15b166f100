// Validation time per book: postbound (epubcheck-ts + zip guard + publishing
// checks, no browser) against Java EPUBCheck's command line on the same files.
// Run: node --import tsx bench/validate.ts [runs]   (goal: ≥ 20× faster)
// "postbound warm" is the build's case (one process validates every EPUB it
// writes); "postbound process" starts a new Node process per book, as the CLI
// does, to compare start-up with start-up. A second table times axe-core alone
// over each book's content documents: a navigation per document (as before)
// against documents swapped into an open page (the default).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { SharedBrowser } from '../src/browser/browser.ts';
import { type AxeOptions, axeCheck } from '../src/validate/axe.ts';
import { readManifest } from '../src/validate/checks.ts';
import { validateEpub } from '../src/validate/index.ts';
import { guardZip, inflateEntry } from '../src/validate/zip-guard.ts';
import { minimalEpub } from '../test/unit/validate/fixtures.ts';

const runs = Number(process.argv[2] ?? 3);
const JAR = process.env.EPUBCHECK_JAR ?? '/usr/share/java/epubcheck.jar';
const REPO = resolve(import.meta.dirname, '..');
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

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
/** Wall time of a command; a non-zero exit only means the book has problems. */
function time(cmd: string, args: string[]): number {
  const t = performance.now();
  try {
    execFileSync(cmd, args, { cwd: REPO, stdio: 'ignore' });
  } catch (err) {
    if ((err as { status?: number }).status === undefined) throw err;
  }
  return performance.now() - t;
}

for (let i = 0; i < 4; i++) {
  const png = await sharp({ create: { width: 900, height: 600, channels: 3, background: { r: 40 * i, g: 90, b: 120 } } })
    .png()
    .toBuffer();
  writeFileSync(join(dir, `img-${i}.png`), png);
}
writeFileSync(join(dir, 'small.md'), bookMarkdown(3));
writeFileSync(join(dir, 'large.md'), bookMarkdown(60));
writeFileSync(join(dir, 'minimal.epub'), await minimalEpub());
execFileSync('pandoc', ['small.md', '-o', 'pandoc-small.epub'], { cwd: dir });
execFileSync('pandoc', ['large.md', '-o', 'pandoc-large.epub'], { cwd: dir });
execFileSync('ebook-convert', ['large.md', 'calibre-large.epub', '--epub-version', '3'], { cwd: dir, stdio: 'ignore' });

const books = ['minimal.epub', 'pandoc-small.epub', 'pandoc-large.epub', 'calibre-large.epub'];
const run = join(dir, 'run.mts');
writeFileSync(
  run,
  `import { validateCommand } from ${JSON.stringify(join(REPO, 'src/validate/command.ts'))};\nprocess.exitCode = await validateCommand(process.argv.slice(2), { stdout: { write() {} }, stderr: process.stderr });\n`,
);

await validateEpub(readFileSync(join(dir, books[0]!))); // load the WASM and schemas once
const rows: string[][] = [];
for (const book of books) {
  const path = join(dir, book);
  const warm: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await validateEpub(path);
    warm.push(performance.now() - t);
  }
  const proc: number[] = [];
  const java: number[] = [];
  for (let i = 0; i < runs; i++) {
    proc.push(time('node', ['--import', 'tsx', run, path]));
    java.push(time('java', ['-jar', JAR, path]));
  }
  const w = median(warm);
  const p = median(proc);
  const j = median(java);
  rows.push([
    book,
    `${(statSync(path).size / 1024).toFixed(0)} KB`,
    `${w.toFixed(0)} ms`,
    `${p.toFixed(0)} ms`,
    `${j.toFixed(0)} ms`,
    `${(j / w).toFixed(1)}×`,
    `${(j / p).toFixed(1)}×`,
  ]);
}

const head = ['book', 'size', 'postbound warm', 'postbound process', 'java -jar epubcheck', 'speed-up warm', 'speed-up process'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ');
console.log(`median of ${runs} runs, ${new Date().toISOString()}`);
console.log(line(head));
for (const r of rows) console.log(line(r));

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
const axeHead = ['book', 'documents', ...['navigation, 3 pages', 'shared page, 2 pages']];
const axeWidths = axeHead.map((h, i) => Math.max(h.length, ...axeRows.map((r) => r[i]!.length)));
console.log('\naxe-core alone');
console.log(axeHead.map((c, i) => c.padEnd(axeWidths[i]!)).join('  '));
for (const r of axeRows) console.log(r.map((c, i) => c.padEnd(axeWidths[i]!)).join('  '));
rmSync(dir, { recursive: true, force: true });
