// The summary page as the PDF prints it (src/pdf/index.ts, printedSummary): a JPEG
// at 300 dpi of its printed size against the 2550×3300 PNG it is made from. For
// each candidate: bytes, encode time (sharp, this process) and grey-level SSIM
// against the PNG brought to the same size (bench/encodes.ts).
//   node --import tsx bench/summary-print.ts [summary.png] [width]
// Without arguments: the sample's summary from dist/ (build it first), at 1800 px,
// the width of a 6×9 in page at 300 dpi.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { grey, ssim } from './encodes.ts';

const REPO = resolve(import.meta.dirname, '..');
const input = process.argv[2] ?? join(REPO, 'dist', 'book', 'ten-excuses-summary.png');
const width = Number(process.argv[3] ?? 1800);
if (!existsSync(input)) throw new Error(`no summary at ${input}: run \`npm run build:sample\` first`);

const png = await sharp(input).toBuffer();
const meta = await sharp(png).metadata();
const reference = await sharp(png).resize(width).png().toBuffer();
console.log(`summary ${meta.width}×${meta.height} PNG, ${(png.length / 1024).toFixed(0)} KB; printed at ${width} px wide`);
console.log('| candidate | KB | encode ms | SSIM |');
console.log('| --- | ---: | ---: | ---: |');
const candidates: [string, number | undefined, number, string][] = [
  ['PNG as drawn (before)', undefined, 0, 'png'],
  ['JPEG q90 4:4:4', width, 90, 'jpeg'],
  ['JPEG q92 4:4:4 (now)', width, 92, 'jpeg'],
  ['JPEG q95 4:4:4', width, 95, 'jpeg'],
  ['JPEG q92 4:2:0', width, 92, 'jpeg420'],
];
for (const [label, w, quality, kind] of candidates) {
  const t = performance.now();
  const pipeline = w ? sharp(png).resize(w).flatten({ background: '#ffffff' }) : sharp(png);
  const out =
    kind === 'png' ? png : await pipeline.jpeg({ quality, chromaSubsampling: kind === 'jpeg420' ? '4:2:0' : '4:4:4' }).toBuffer();
  const ms = kind === 'png' ? 0 : performance.now() - t;
  const ref = await grey(w ? reference : png);
  const got = await grey(out);
  const score = ref.width === got.width ? ssim(ref.data, got.data, ref.width, ref.height).toFixed(4) : '—';
  console.log(`| ${label} | ${(out.length / 1024).toFixed(0)} | ${ms.toFixed(0)} | ${score} |`);
}
