// MOBI writer vs calibre: the same book (markdown chapters with images) written by
// postbound's writer and by `ebook-convert book.epub book.mobi` from a pandoc EPUB.
// Run: node --import tsx bench/mobi.ts [chapters]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildMobi, type MobiChapter } from '../src/mobi/writer.ts';
import { ensureJfif } from '../src/mobi/jfif.ts';
import { hastOf, jpeg } from '../test/unit/mobi/fixture.ts';

const chapters = Number(process.argv[2] ?? 24);
const dir = mkdtempSync(join(tmpdir(), 'postbound-bench-mobi-'));

function chapterMarkdown(n: number): string {
  const para = (k: number) =>
    `Paragraph ${k} of chapter ${n}: a sketch is a way to think with a pencil — *quickly*, with **no** eraser, ` +
    `and with notes like “café”, “naïve” or 日本語 along the margin. See the footnote.[^n${n}-${k}]`;
  const body: string[] = [`# Chapter ${n}: notes on drawing`];
  for (let s = 1; s <= 4; s++) {
    body.push(`## Section ${n}.${s}`);
    for (let k = 1; k <= 6; k++) body.push(para(s * 10 + k));
    body.push(`![Sketch ${n}.${s}](img-${(n + s) % 6}.jpg)`);
    body.push('| tool | use |\n|---|---|\n| pencil | lines |\n| ink | final |');
  }
  for (let s = 1; s <= 4; s++) for (let k = 1; k <= 6; k++) body.push(`[^n${n}-${s * 10 + k}]: Note ${s * 10 + k}.`);
  return body.join('\n\n');
}

const images = await Promise.all(
  Array.from({ length: 6 }, async (_, i) => {
    const data = ensureJfif(await jpeg(900, 600, ['#c0392b', '#2471a3', '#1e8449', '#7d3c98', '#b9770e', '#566573'][i], 88));
    writeFileSync(join(dir, `img-${i}.jpg`), data);
    return { id: `img-${i}.jpg`, data, width: 900, height: 600 };
  }),
);
const cover = ensureJfif(await jpeg(1600, 2560, '#1f3a5f', 80));
const thumbnail = await jpeg(150, 240, '#1f3a5f', 70);
writeFileSync(join(dir, 'cover.jpg'), cover);
const mdFiles: string[] = [];
const hasts: MobiChapter[] = [];
for (let n = 1; n <= chapters; n++) {
  const md = chapterMarkdown(n);
  const file = join(dir, `ch${String(n).padStart(2, '0')}.md`);
  writeFileSync(file, md);
  mdFiles.push(file);
  const hast = await hastOf(md.replace(/^# .*\n/, ''));
  hasts.push({ id: `ch${n}`, title: `Chapter ${n}: notes on drawing`, hast });
}

const epub = join(dir, 'book.epub');
execFileSync('pandoc', ['-o', epub, '--metadata', 'title=Bench Book', '--metadata', 'author=Bench', `--epub-cover-image=${join(dir, 'cover.jpg')}`, ...mdFiles], { cwd: dir });

function time<T>(runs: number, f: () => T): { ms: number; value: T } {
  let value = f();
  const t0 = performance.now();
  for (let i = 0; i < runs; i++) value = f();
  return { ms: (performance.now() - t0) / runs, value };
}

const ours = time(5, () =>
  buildMobi({
    title: 'Bench Book',
    authors: ['Bench'],
    language: 'en',
    identifier: 'urn:bench',
    chapters: hasts,
    images,
    cover,
    thumbnail,
  }),
);
const oursPath = join(dir, 'ours.mobi');
writeFileSync(oursPath, ours.value.file);

const calibrePath = join(dir, 'calibre.mobi');
const t0 = performance.now();
execFileSync('ebook-convert', [epub, calibrePath], { stdio: 'ignore' });
const calibreMs = performance.now() - t0;
const calibreSize = statSync(calibrePath).size;

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
console.log(`book: ${chapters} chapters, ${kb(ours.value.text.length)} of MOBI markup, ${images.length} images + cover`);
console.log('| writer | time | file size |');
console.log('|---|---:|---:|');
console.log(`| postbound writeMobi (in process, hast → .mobi) | ${ours.ms.toFixed(1)} ms | ${kb(ours.value.file.length)} |`);
console.log(`| calibre ebook-convert book.epub book.mobi | ${calibreMs.toFixed(0)} ms | ${kb(calibreSize)} |`);
console.log(`speed-up ×${(calibreMs / ours.ms).toFixed(0)}, size ratio ${(ours.value.file.length / calibreSize).toFixed(2)}`);
rmSync(dir, { recursive: true, force: true });
