// Issue 15: the variants the build itself makes (src/assets/images.ts, each target's
// `variant(` call), on generated 3000×2250 RGBA sketch scans: the CPU time of one
// source's whole job (every variant the release asks of a sketch, made together as
// a cold build makes them), and for each variant its bytes and SSIM against the scan
// flattened on white and resized straight to the same size. Unlike bench/encodes.ts,
// which models each encode alone, this runs postbound's own code, so two commits can
// be compared: run it in each tree and read the two tables side by side.
//   node --import tsx bench/variants.ts [sketches]   (default 6)
import { mkdtempSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { ImageCache, SHARED_JPEG, type VariantSpec } from '../src/assets/images.ts';
import { probeImage } from '../src/assets/probe.ts';
import type { Asset } from '../src/content/model.ts';
import { grey, ssim } from './encodes.ts';
import { machine } from './lib/measure.ts';
import { cachedScan, subjectOf } from './lib/sketch-project.ts';

/**
 * Each variant as the day issue 15 was filed made it (bench/README.md, "Issue 15: books
 * of large sketches": `bench/encodes.ts 2`, 2026-12-02 00:48 UTC, before any pipeline
 * change, on the same first two generated scans this script draws): KB per image,
 * rounded to whole KB as that table gives it, and SSIM. The "no visible loss"
 * goal compares with these.
 */
const FILED: Record<string, { kb: number; ssim: number }> = {
  'books: SHARED_JPEG 1600 (epub, pdf)': { kb: 29, ssim: 0.9965 },
  'cover: JPEG 1400 q90 (src/cover/index.ts)': { kb: 40, ssim: 0.9965 },
  'mobi: JPEG 1000×1400 ≤ 127 KB (src/mobi/index.ts)': { kb: 16, ssim: 0.9958 },
  'summary: JPEG 600 q82 (src/summary/html.ts)': { kb: 8, ssim: 0.9973 },
  'site: WebP 1280 (src/site/images.ts)': { kb: 338, ssim: 0.9967 },
  'site: WebP 640': { kb: 67, ssim: 0.9977 },
  'site: JPEG 1280 fast': { kb: 28, ssim: 0.9958 },
};

export interface VariantRow {
  label: string;
  size: string;
  kb: number;
  ssim: number;
}

/**
 * The goal "no visible loss" of issue 15 against the day it was filed: every
 * variant's SSIM at least that day's − 0.005, and its bytes no more than that day's
 * (compared in whole KB, the precision the reference has). Meaningful for the
 * first two sketches only (`variantsBench(2)`), which the reference was made on.
 */
export function lossGoals(rows: VariantRow[]): { goal: string; measured: string; met: boolean }[] {
  const worst = rows.map((r) => ({ r, ref: FILED[r.label]! }));
  const ssimOff = worst.filter(({ r, ref }) => r.ssim < ref.ssim - 0.005);
  const larger = worst.filter(({ r, ref }) => Math.round(r.kb) > ref.kb);
  const minDelta = Math.min(...worst.map(({ r, ref }) => r.ssim - ref.ssim));
  return [
    {
      goal: 'every variant SSIM ≥ the filing day − 0.005 (bench/variants.ts, 2 sketches)',
      measured: ssimOff.length ? ssimOff.map(({ r }) => r.label).join('; ') : `lowest change ${minDelta.toFixed(4)}`,
      met: ssimOff.length === 0,
    },
    {
      goal: 'every variant no larger than the filing day (whole KB)',
      measured: larger.length
        ? larger.map(({ r, ref }) => `${r.label}: ${Math.round(r.kb)} KB vs ${ref.kb}`).join('; ')
        : worst.map(({ r, ref }) => `${Math.round(r.kb)}/${ref.kb}`).join(', '),
      met: larger.length === 0,
    },
  ];
}

/** What a release asks of one raster sketch, as each call site writes it. */
const RELEASE: { label: string; spec: VariantSpec }[] = [
  { label: 'books: SHARED_JPEG 1600 (epub, pdf)', spec: SHARED_JPEG },
  {
    label: 'cover: JPEG 1400 q90 (src/cover/index.ts)',
    spec: { format: 'jpeg', width: 1400, quality: 90, background: '#ffffff' },
  },
  {
    label: 'mobi: JPEG 1000×1400 ≤ 127 KB (src/mobi/index.ts)',
    spec: { format: 'jpeg', width: 1000, height: 1400, maxBytes: 127 * 1024, background: '#ffffff' },
  },
  {
    label: 'summary: JPEG 600 q82 (src/summary/html.ts)',
    spec: { format: 'jpeg', width: 600, height: 600, quality: 82, background: '#ffffff', fromSource: true },
  },
  { label: 'site: WebP 1280 (src/site/images.ts)', spec: { format: 'webp', width: 1280, effort: 2, background: '#ffffff' } },
  { label: 'site: WebP 640', spec: { format: 'webp', width: 640, effort: 2, background: '#ffffff' } },
  { label: 'site: JPEG 1280 fast', spec: { format: 'jpeg', width: 1280, fast: true } },
];

export async function variantsBench(count = 6): Promise<VariantRow[]> {
  sharp.cache(false);
  console.log(`postbound's own variants on ${machine()}, load average ${loadavg()[0]!.toFixed(1)}`);
  const dir = mkdtempSync(join(tmpdir(), 'postbound-variants-'));
  try {
    const rows = RELEASE.map((r) => ({ ...r, kb: [] as number[], ssim: [] as number[], size: '' }));
    const cpu: number[] = [];
    const wall: number[] = [];
    for (let k = 0; k < count; k++) {
      const file = join(dir, `scan-${k}.png`);
      const png = await cachedScan(subjectOf(k), 15 * 7919 + k);
      await writeFile(file, png);
      const info = await probeImage(file);
      const asset: Asset = { id: `s${k}`, rel: `scan-${k}.png`, stem: `scan-${k}`, ...info, path: file } as Asset;
      // a cache of its own per sketch, one job at a time: the CPU is this sketch's alone
      const cache = new ImageCache(join(dir, `cache-${k}`), 1);
      const t = process.cpuUsage();
      const w = performance.now();
      const made = await Promise.all([...RELEASE.map((r) => cache.variant(asset, r.spec)), cache.stats(asset)]);
      await cache.whenIdle();
      const used = process.cpuUsage(t);
      cpu.push((used.user + used.system) / 1000);
      wall.push(performance.now() - w);
      const scan = sharp(png);
      for (const [i, row] of rows.entries()) {
        const v = made[i] as Awaited<ReturnType<ImageCache['variant']>>;
        const out = await grey(v.buffer);
        const ref = await grey(scan.clone().flatten({ background: '#ffffff' }).resize(out.width, out.height, { fit: 'fill' }));
        row.kb.push(v.buffer.length / 1024);
        row.ssim.push(ssim(out.data, ref.data, out.width, out.height));
        row.size = `${out.width}×${out.height}`;
      }
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    console.log(
      `\nOne sketch's variants for a release, made by ImageCache (mean of ${count} sketches): ${mean(cpu).toFixed(0)} ms CPU, ${mean(wall).toFixed(0)} ms wall per sketch`,
    );
    console.log('| variant | size | KB / image | SSIM vs the scan at that size |');
    console.log('| --- | --- | ---: | ---: |');
    for (const r of rows) console.log(`| ${r.label} | ${r.size} | ${mean(r.kb).toFixed(1)} | ${mean(r.ssim).toFixed(4)} |`);
    return rows.map((r) => ({ label: r.label, size: r.size, kb: mean(r.kb), ssim: mean(r.ssim) }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const count = Number(process.argv[2] ?? 6);
  const rows = await variantsBench(count);
  if (count === 2) {
    console.log('\n| goal | measured | met |\n| --- | --- | --- |');
    for (const g of lossGoals(rows)) console.log(`| ${g.goal} | ${g.measured} | ${g.met ? 'yes' : 'no'} |`);
  }
}
