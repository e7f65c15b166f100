// Issue 15: what each image variant postbound makes costs, on generated
// 3000×2250 RGBA sketch scans (bench/lib/sketch-project.ts): encode time per
// image, bytes, and SSIM against the source resized to the same size, for every
// variant the targets ask for today (src/assets/images.ts and each `variant(`
// call site), then alternatives: libjpeg-turbo against mozjpeg at the same
// quality, WebP effort 0/2/4/6, AVIF effort 2/4, and each resize made from the
// nearest larger variant instead of the decoded master.
//   node --import tsx bench/encodes.ts [sketches]   (default 3; BENCH_RUNS=2 timings per encode, median kept)
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp, { type Sharp } from 'sharp';
import { machine, median } from './lib/measure.ts';
import { cachedScan, subjectOf } from './lib/sketch-project.ts';

sharp.cache(false);

// ---------------------------------------------------------------------------
// SSIM (Wang, Bovik, Sheikh, Simoncelli 2004) on greyscale pixels.

/** An 11-tap Gaussian (σ = 1.5), the window of the SSIM paper, normalised to sum to 1. */
const KERNEL = (() => {
  const k = Array.from({ length: 11 }, (_, i) => Math.exp(-((i - 5) ** 2) / (2 * 1.5 ** 2)));
  const sum = k.reduce((a, b) => a + b, 0);
  return Float32Array.from(k, (v) => v / sum);
})();

/** Gaussian blur of a w×h plane, separable (rows then columns), edges clamped. */
function blur(src: Float32Array, w: number, h: number): Float32Array {
  const tmp = new Float32Array(src.length);
  const out = new Float32Array(src.length);
  for (let y = 0; y < h; y++) {
    const row = y * w;
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let k = -5; k <= 5; k++) s += KERNEL[k + 5]! * src[row + Math.min(w - 1, Math.max(0, x + k))]!;
      tmp[row + x] = s;
    }
  }
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let k = -5; k <= 5; k++) s += KERNEL[k + 5]! * tmp[Math.min(h - 1, Math.max(0, y + k)) * w + x]!;
      out[y * w + x] = s;
    }
  }
  return out;
}

/**
 * Mean SSIM of two greyscale images of the same size (one byte per pixel):
 * 1 for identical images, lower as structure, contrast or brightness differ.
 * Local means, variances and covariance come from the Gaussian window; the
 * constants are the paper's (K1 = 0.01, K2 = 0.03, L = 255).
 */
export function ssim(a: Uint8Array, b: Uint8Array, w: number, h: number): number {
  if (a.length !== w * h || b.length !== w * h) throw new Error(`ssim: sizes differ (${a.length}, ${b.length}, ${w}×${h})`);
  const C1 = (0.01 * 255) ** 2;
  const C2 = (0.03 * 255) ** 2;
  const n = w * h;
  const x = Float32Array.from(a);
  const y = Float32Array.from(b);
  const xx = new Float32Array(n);
  const yy = new Float32Array(n);
  const xy = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    xx[i] = x[i]! * x[i]!;
    yy[i] = y[i]! * y[i]!;
    xy[i] = x[i]! * y[i]!;
  }
  const [mx, my, sxx, syy, sxy] = [x, y, xx, yy, xy].map((p) => blur(p, w, h)) as [
    Float32Array,
    Float32Array,
    Float32Array,
    Float32Array,
    Float32Array,
  ];
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const mux = mx[i]!;
    const muy = my[i]!;
    // σ² = E[x²] − μ², σxy = E[xy] − μxμy, over the window
    const vx = sxx[i]! - mux * mux;
    const vy = syy[i]! - muy * muy;
    const cxy = sxy[i]! - mux * muy;
    sum += ((2 * mux * muy + C1) * (2 * cxy + C2)) / ((mux * mux + muy * muy + C1) * (vx + vy + C2));
  }
  return sum / n;
}

/** Greyscale bytes of an encoded image (or pipeline), flattened on white as a reader's page shows it. */
export async function grey(input: Buffer | Sharp): Promise<{ data: Buffer; width: number; height: number }> {
  const img = Buffer.isBuffer(input) ? sharp(input) : input;
  const { data, info } = await img.flatten({ background: '#ffffff' }).greyscale().raw().toBuffer({ resolveWithObject: true });
  // greyscale() on a 4-channel input can keep 1 channel; take the first of each pixel
  if (info.channels === 1) return { data, width: info.width, height: info.height };
  const out = Buffer.alloc(info.width * info.height);
  for (let i = 0; i < out.length; i++) out[i] = data[i * info.channels]!;
  return { data: out, width: info.width, height: info.height };
}

// ---------------------------------------------------------------------------
// The variants.

type Source = 'master' | 'scan' | 'nearest';
interface Spec {
  label: string;
  usedBy: string;
  width: number;
  height?: number;
  encode: (s: Sharp) => Sharp;
  /** MOBI's shrinking loop: lower quality, then size, until the file fits. */
  maxBytes?: number;
  /** For the "from the nearest larger variant" rows: which row's pixels it starts from. */
  from?: string;
}

const flat = (s: Sharp) => s.flatten({ background: '#ffffff' });
const moz = (quality: number) => (s: Sharp) => flat(s).jpeg({ quality, mozjpeg: true, progressive: false });
const turbo = (quality: number) => (s: Sharp) => flat(s).jpeg({ quality, quantisationTable: 3, progressive: false });
const webp = (effort: number) => (s: Sharp) => s.webp({ quality: 80, effort });
const avif = (effort: number) => (s: Sharp) => s.avif({ quality: 55, effort });

/** What the targets ask for today, for a transparent PNG scan (the EPUB keeps transparency, so PNG). */
const TODAY: Spec[] = [
  {
    label: 'EPUB: PNG 1600 palette, level 9',
    usedBy: 'epub (PNG_BOX)',
    width: 1600,
    height: 1600,
    encode: (s) => s.png({ compressionLevel: 9, palette: true }),
  },
  {
    label: 'PDF: JPEG 1600 mozjpeg q80',
    usedBy: 'pdf, epub if opaque (SHARED_JPEG)',
    width: 1600,
    height: 1600,
    encode: moz(80),
  },
  { label: 'cover: JPEG 1400 mozjpeg q90', usedBy: 'cover (its one sketch)', width: 1400, encode: moz(90) },
  { label: 'site: WebP 1280 effort 2', usedBy: 'site', width: 1280, encode: webp(2) },
  { label: 'site: JPEG 1280 libjpeg-turbo q80', usedBy: 'site (fallback, cards)', width: 1280, encode: turbo(80) },
  {
    label: 'MOBI: JPEG 1000×1400 mozjpeg ≤ 127 KB',
    usedBy: 'mobi, azw3',
    width: 1000,
    height: 1400,
    encode: moz(80),
    maxBytes: 127 * 1024,
  },
  { label: 'site: WebP 640 effort 2', usedBy: 'site', width: 640, encode: webp(2) },
  { label: 'summary: JPEG 600 mozjpeg q82', usedBy: 'summary (thumbnails)', width: 600, height: 600, encode: moz(82) },
];

const ALTERNATIVES: Spec[] = [
  { label: 'alt: JPEG 1600 libjpeg-turbo q80 (vs PDF mozjpeg)', usedBy: '', width: 1600, height: 1600, encode: turbo(80) },
  { label: 'alt: JPEG 1280 mozjpeg q80 (vs site turbo)', usedBy: '', width: 1280, encode: moz(80) },
  {
    label: 'alt: PNG 1600 palette, level 6, effort 3',
    usedBy: '',
    width: 1600,
    height: 1600,
    encode: (s) => s.png({ compressionLevel: 6, palette: true, effort: 3 }),
  },
  { label: 'alt: WebP 1600 q80 effort 2 (lossy, keeps alpha; EPUB 3.3 core)', usedBy: '', width: 1600, encode: webp(2) },
  {
    label: 'alt: WebP 1280 effort 2, flattened on white (no alpha)',
    usedBy: '',
    width: 1280,
    encode: (s: Sharp) => webp(2)(flat(s)),
  },
  ...[0, 4, 6].map((e) => ({ label: `alt: WebP 1280 effort ${e}`, usedBy: '', width: 1280, encode: webp(e) })),
  ...[2, 4].map((e) => ({ label: `alt: AVIF 1280 q55 effort ${e}`, usedBy: '', width: 1280, encode: avif(e) })),
  // each from the nearest larger variant's pixels (a resize chain) instead of the 2400 px master
  ...(
    [
      ['cover', 1400, undefined, moz(90), 'PDF'],
      ['site JPEG', 1280, undefined, turbo(80), 'cover'],
      ['site WebP', 1280, undefined, webp(2), 'cover'],
      ['MOBI', 1000, 1400, moz(80), 'site JPEG'],
      ['site WebP', 640, undefined, webp(2), 'MOBI'],
      ['summary', 600, 600, moz(82), 'site WebP 640'],
    ] as const
  ).map(([what, width, height, encode, from]) => ({
    label: `chain: ${what} ${width} from the ${from} size`,
    usedBy: '',
    width,
    height,
    encode,
    from,
    maxBytes: what === 'MOBI' ? 127 * 1024 : undefined,
  })),
];

/** Raw pixels of the chain's source rows, by name: the size that resize is made from. */
const CHAIN_SIZES: Record<string, { width: number; height?: number }> = {
  PDF: { width: 1600, height: 1600 },
  cover: { width: 1400 },
  'site JPEG': { width: 1280 },
  MOBI: { width: 1000, height: 1400 },
  'site WebP 640': { width: 640 },
};

interface Raw {
  data: Buffer;
  info: { width: number; height: number; channels: 1 | 2 | 3 | 4 };
}

const fromRaw = (r: Raw) => sharp(r.data, { raw: r.info });

async function resizeRaw(r: Raw, width: number, height?: number): Promise<Raw> {
  const { data, info } = await fromRaw(r)
    .resize({ width, height, fit: 'inside', withoutEnlargement: true })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, info: { width: info.width, height: info.height, channels: info.channels } };
}

/** Resize + encode as images.ts's render() does (with the maxBytes loop), timed. */
async function encodeTimed(src: Raw, spec: Spec): Promise<{ ms: number; bytes: Buffer }> {
  const t0 = performance.now();
  let quality = 80;
  let scale = 1;
  for (;;) {
    let s = fromRaw(src).resize({
      width: Math.round(spec.width * scale),
      height: spec.height ? Math.round(spec.height * scale) : undefined,
      fit: 'inside',
      withoutEnlargement: true,
    });
    s = spec.maxBytes ? moz(quality)(s) : spec.encode(s);
    const bytes = await s.toBuffer();
    if (!spec.maxBytes || bytes.length <= spec.maxBytes || (quality <= 30 && scale <= 0.2)) {
      return { ms: performance.now() - t0, bytes };
    }
    if (quality > 45) quality -= 15;
    else scale *= 0.8;
  }
}

interface Row {
  label: string;
  usedBy: string;
  ms: number[];
  kb: number[];
  ssim: number[];
  size: string;
}

export async function encodeBench(count = 3): Promise<void> {
  const runs = Number(process.env.BENCH_RUNS ?? 2);
  console.log(`postbound encode benchmark on ${machine()}, load average ${loadavg()[0].toFixed(1)}`);

  // the SSIM function checks itself first: 1 for the same image, lower for a blurred copy
  const probe = await grey(sharp(await cachedScan(subjectOf(0), 15 * 7919)).resize(800));
  const blurred = await grey(sharp(probe.data, { raw: { width: probe.width, height: probe.height, channels: 1 } }).blur(2));
  const same = ssim(probe.data, probe.data, probe.width, probe.height);
  const soft = ssim(probe.data, blurred.data, probe.width, probe.height);
  console.log(`SSIM check: identical ${same.toFixed(4)}, blurred (σ 2) ${soft.toFixed(4)}`);
  if (Math.abs(same - 1) > 1e-6 || soft >= 0.99) throw new Error('ssim() is broken');

  const rows = new Map<string, Row>();
  const row = (spec: Spec | { label: string; usedBy: string }) => {
    let r = rows.get(spec.label);
    if (!r) {
      r = { label: spec.label, usedBy: spec.usedBy, ms: [], kb: [], ssim: [], size: '' };
      rows.set(spec.label, r);
    }
    return r;
  };
  for (let k = 0; k < count; k++) {
    const png = await cachedScan(subjectOf(k), 15 * 7919 + k);
    // decoding the scan into the master (images.ts: once per source and build)
    const decode: number[] = [];
    let master: Raw | undefined;
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const { data, info } = await sharp(png)
        .rotate()
        .resize({ width: 2400, height: 2400, fit: 'inside', withoutEnlargement: true })
        .raw()
        .toBuffer({ resolveWithObject: true });
      decode.push(performance.now() - t0);
      master = { data, info: { width: info.width, height: info.height, channels: info.channels } };
    }
    const d = row({ label: 'decode 3000 px PNG → 2400 px raw master', usedBy: 'every variant (once per build)' });
    d.ms.push(median(decode));
    d.kb.push(png.length / 1024);
    d.size = '2400×1800';
    const scanRaw = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    const scan: Raw = {
      data: scanRaw.data,
      info: { width: scanRaw.info.width, height: scanRaw.info.height, channels: scanRaw.info.channels },
    };
    // the reference for SSIM: the scan itself resized straight to the variant's size (lanczos3, sharp's default)
    const reference = new Map<string, Awaited<ReturnType<typeof grey>>>();
    const refFor = async (w: number, h: number) => {
      const key = `${w}x${h}`;
      if (!reference.has(key)) reference.set(key, await grey(fromRaw(scan).resize(w, h, { fit: 'fill' })));
      return reference.get(key)!;
    };
    const measureSpec = async (spec: Spec, src: Raw, sourceName: Source) => {
      const times: number[] = [];
      let bytes: Buffer = Buffer.alloc(0);
      for (let i = 0; i < runs; i++) ({ ms: times[i]!, bytes } = await encodeTimed(src, spec));
      const out = await grey(bytes);
      const ref = await refFor(out.width, out.height);
      const r = row(sourceName === 'scan' ? { ...spec, label: `${spec.label}, from the 3000 px scan` } : spec);
      r.ms.push(median(times));
      r.kb.push(bytes.length / 1024);
      r.ssim.push(ssim(out.data, ref.data, out.width, out.height));
      r.size = `${out.width}×${out.height}`;
    };
    for (const spec of TODAY) await measureSpec(spec, master!, 'master');
    // the largest resize made straight from the scan, without the master
    await measureSpec(TODAY[1]!, scan, 'scan');
    for (const spec of ALTERNATIVES) {
      if (spec.from) {
        // the source variant's pixels (as decoded from its file would differ by the encode; raw keeps it fair)
        const size = CHAIN_SIZES[spec.from] ?? { width: 1280 };
        await measureSpec(spec, await resizeRaw(master!, size.width, size.height), 'nearest');
      } else await measureSpec(spec, master!, 'master');
    }
  }

  console.log(
    `\nVariants of ${count} generated 3000×2250 RGBA sketch scans (median of ${runs} encodes each, then mean over sketches)`,
  );
  console.log('| variant | used by | size | ms / image | KB / image | SSIM vs source at that size |');
  console.log('| --- | --- | --- | ---: | ---: | ---: |');
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  let todayMs = 0;
  for (const r of rows.values()) {
    if (TODAY.some((s) => s.label === r.label) || r.label.startsWith('decode')) todayMs += mean(r.ms);
    console.log(
      `| ${r.label} | ${r.usedBy} | ${r.size} | ${mean(r.ms).toFixed(0)} | ${mean(r.kb).toFixed(0)} | ${r.ssim.length ? mean(r.ssim).toFixed(4) : ''} |`,
    );
  }
  console.log(`\nToday's decode + variants for one sketch: ${todayMs.toFixed(0)} ms`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  await encodeBench(Number(process.argv[2] ?? 3));
}
