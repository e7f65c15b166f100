// MOBI writer vs calibre: the same book (markdown chapters with images) written by
// postbound's writer and by `ebook-convert book.epub book.mobi` from a pandoc EPUB.
// Run: node --import tsx bench/mobi.ts [chapters]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildAzw3 } from '../src/mobi/azw3.ts';
import { ensureJfif } from '../src/mobi/jfif.ts';
import { buildMobi, type MobiBook, type MobiChapter } from '../src/mobi/writer.ts';
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
execFileSync(
  'pandoc',
  [
    '-o',
    epub,
    '--metadata',
    'title=Bench Book',
    '--metadata',
    'author=Bench',
    `--epub-cover-image=${join(dir, 'cover.jpg')}`,
    ...mdFiles,
  ],
  { cwd: dir },
);

function time<T>(runs: number, f: () => T): { ms: number; value: T } {
  let value = f();
  const t0 = performance.now();
  for (let i = 0; i < runs; i++) value = f();
  return { ms: (performance.now() - t0) / runs, value };
}

const input: MobiBook = {
  title: 'Bench Book',
  authors: ['Bench'],
  language: 'en',
  identifier: 'urn:bench',
  chapters: hasts,
  images,
  cover,
  thumbnail,
};
const ours = time(5, () => buildMobi(input));
const oursKf8 = time(5, () => buildAzw3(input));

function calibre(ext: string): { ms: number; bytes: number } {
  const out = join(dir, `calibre.${ext}`);
  const t0 = performance.now();
  execFileSync('ebook-convert', [epub, out], { stdio: 'ignore' });
  return { ms: performance.now() - t0, bytes: statSync(out).size };
}
const c6 = calibre('mobi');
const c8 = calibre('azw3');

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
console.log(`book: ${chapters} chapters, ${kb(ours.value.text.length)} of MOBI markup, ${images.length} images + cover`);
console.log('| format | writer | time | file size |');
console.log('|---|---|---:|---:|');
const row = (fmt: string, who: string, ms: number, bytes: number) =>
  console.log(`| ${fmt} | ${who} | ${ms < 100 ? ms.toFixed(1) : ms.toFixed(0)} ms | ${kb(bytes)} |`);
row('MOBI 6', 'postbound buildMobi (in process, hast → file)', ours.ms, ours.value.file.length);
row('MOBI 6', 'calibre ebook-convert book.epub book.mobi', c6.ms, c6.bytes);
row('AZW3', 'postbound buildAzw3 (in process, hast → file)', oursKf8.ms, oursKf8.value.file.length);
row('AZW3', 'calibre ebook-convert book.epub book.azw3', c8.ms, c8.bytes);
console.log(
  `MOBI 6: ×${(c6.ms / ours.ms).toFixed(0)} faster, size ratio ${(ours.value.file.length / c6.bytes).toFixed(2)}; ` +
    `AZW3: ×${(c8.ms / oursKf8.ms).toFixed(0)} faster, size ratio ${(oursKf8.value.file.length / c8.bytes).toFixed(2)}`,
);
rmSync(dir, { recursive: true, force: true });
