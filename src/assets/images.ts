// Image variants made with sharp and cached under .cache/images by content hash
// and variant, so a second build does no image work at all.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import sharp, { type Metadata, type Sharp, type SharpOptions } from 'sharp';
import type { Asset } from '../content/model.ts';
import { digest, parseSealed, seal } from '../content/sealed.ts';

export type ImageFormat = 'webp' | 'jpeg' | 'png' | 'avif';

export interface VariantSpec {
  format: ImageFormat;
  /** Fit inside this width (never enlarges). */
  width?: number;
  /** Fit inside this height (never enlarges). */
  height?: number;
  quality?: number;
  /** Shrink quality, then size, until the file is at most this many bytes (MOBI: 127 KB). */
  maxBytes?: number;
  /** Flatten transparency onto this colour (JPEG has no alpha). */
  background?: string;
  /** Encoder effort for WebP (0 fastest … 6 smallest; sharp's default is 4). */
  effort?: number;
  /**
   * JPEG from libjpeg-turbo with the perceptual quantisation table instead of
   * mozjpeg: six times quicker, about a quarter larger at the same quality.
   */
  fast?: boolean;
}

/**
 * The one JPEG the books share: e-readers (EPUB) and print (the PDF, when it is
 * wide enough for 300 dpi across the text block). Asking for exactly this spec
 * encodes the image once for both.
 */
export const SHARED_JPEG: VariantSpec = { format: 'jpeg', width: 1600, height: 1600 };

export interface ImageVariant {
  buffer: Buffer;
  width: number;
  height: number;
  format: ImageFormat;
  /** File name that is stable for the same source and variant. */
  name: string;
}

/** Long side of the decoded copy that variants are made from (print at 300 dpi on A4 needs ~2000). */
const MASTER_SIDE = 2400;
/** Decoded copies kept at once; each is at most 2400×2400×4 bytes. */
const MASTERS_KEPT = 16;

/**
 * Order of image work: `urgent` first (the cover's sketch and the summary's
 * thumbnails, which Chromium and then every book wait for), then the books'
 * images, then `background` work nothing waits for until the end (the site's).
 */
export type Priority = 'urgent' | 'normal' | 'background';
const RANK: Record<Priority, number> = { urgent: 0, normal: 1, background: 2 };

interface Waiter {
  go: () => void;
  rank: number;
}

interface Master {
  data: Buffer;
  info: { width: number; height: number; channels: 1 | 2 | 3 | 4 };
}

export class ImageCache {
  readonly dir: string;
  hits = 0;
  misses = 0;
  private pending = new Map<string, Promise<ImageVariant>>();
  // Scans are large (2000-4000 px PNG): decoding one costs more than encoding a
  // variant, so each source is decoded once per build into a smaller raw copy,
  // and every variant the targets ask for is made from that copy.
  private masters = new Map<string, Promise<Master>>();

  // sharp runs each job on one of libuv's four threads, which file reads and
  // writes share: with every image asked for at once, encodes held all four and
  // a build's small reads waited seconds behind them. One job per core keeps
  // the cores busy and leaves threads free for I/O.
  private running = 0;
  // Waiting jobs, in order of priority (see Priority), then of arrival.
  private waiting: Waiter[] = [];
  /** The waiting decode of each source, so a more pressing request can move it forward. */
  private masterWaiters = new Map<string, Waiter>();

  constructor(
    cacheDir: string,
    private readonly jobs = Math.max(1, Math.min(availableParallelism(), 3)),
  ) {
    this.dir = join(cacheDir, 'images');
  }

  private async cpu<T>(work: () => Promise<T>, rank: number, waiter: Waiter = { go: () => {}, rank }): Promise<T> {
    // a finished job hands its slot straight to the next one waiting
    if (this.running >= this.jobs) {
      await new Promise<void>((resolve) => {
        waiter.go = resolve;
        this.enqueue(waiter);
      });
    } else this.running++;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next.go();
      else this.running--;
    }
  }

  private enqueue(waiter: Waiter): void {
    const after = this.waiting.findIndex((w) => w.rank > waiter.rank);
    this.waiting.splice(after < 0 ? this.waiting.length : after, 0, waiter);
  }

  /**
   * The variant of `asset` described by `spec`, from the cache or made now.
   * `priority` orders its work among the rest (see Priority).
   */
  variant(asset: Asset, spec: VariantSpec, options: { priority?: Priority } = {}): Promise<ImageVariant> {
    const rank = RANK[options.priority ?? 'normal'];
    const key = createHash('sha256')
      .update(asset.hash)
      .update(JSON.stringify(spec, Object.keys(spec).sort()))
      .digest('hex')
      .slice(0, 20);
    let job = this.pending.get(key);
    if (!job) {
      job = this.load(key, asset, spec, rank);
      this.pending.set(key, job);
    } else this.hurry(asset, rank);
    return job;
  }

  private async load(key: string, asset: Asset, spec: VariantSpec, rank: number): Promise<ImageVariant> {
    const ext = spec.format === 'jpeg' ? 'jpg' : spec.format;
    const name = `${asset.stem}-${key.slice(0, 8)}.${ext}`;
    const file = join(this.dir, `${key}.${ext}`);
    try {
      const [buffer, meta] = await Promise.all([readFile(file), readFile(`${file}.json`, 'utf8')]);
      // a variant cut short or altered on disk is made again (src/content/sealed.ts)
      const kept = parseSealed<{ width: number; height: number; sha256: string }>(meta);
      if (kept && kept.sha256 === digest(buffer)) {
        this.hits++;
        return { buffer, width: kept.width, height: kept.height, format: spec.format, name };
      }
    } catch {
      // not cached yet
    }
    this.misses++;
    const master = await this.master(asset, rank);
    const made = await this.cpu(() => render(master, spec), rank);
    await mkdir(this.dir, { recursive: true });
    // write then rename, so an interrupted build never leaves half a file in the cache
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, made.buffer);
    await rename(tmp, file);
    await writeFile(
      `${file}.json`,
      seal(JSON.stringify({ width: made.width, height: made.height, sha256: digest(made.buffer) })),
    );
    return { ...made, format: spec.format, name };
  }

  /**
   * Shannon entropy of the image's grey levels, in bits (0 to 8): near 0 for clean
   * line art on white, 3 and more for pencil on textured paper or photos.
   */
  async entropy(asset: Asset): Promise<number> {
    return (await this.stats(asset)).entropy;
  }

  /**
   * What the pixels say, beyond the header: the grey-level entropy (see entropy())
   * and whether any pixel of the (first) frame is less than opaque, which a PNG or
   * WebP with an alpha channel often is not. Kept on disk beside the variants, so
   * a warm build decodes nothing.
   */
  async stats(asset: Asset): Promise<ImageStats> {
    const file = join(this.dir, `${asset.hash.slice(0, 20)}.stats.json`);
    try {
      const kept = parseSealed<Partial<ImageStats>>(await readFile(file, 'utf8')) ?? {};
      if (typeof kept.entropy === 'number' && typeof kept.transparent === 'boolean') return kept as ImageStats;
    } catch {
      // not measured yet
    }
    const { data, info } = await this.master(asset, RANK.normal);
    const stats = {
      entropy: greyEntropy(data, info.width, info.height, info.channels),
      transparent: anyTransparent(data, info.channels),
    };
    await mkdir(this.dir, { recursive: true });
    await writeFile(file, seal(JSON.stringify(stats)));
    return stats;
  }

  /** Moves the waiting decode of `asset`'s source up to `rank`, when it waits behind that. */
  private hurry(asset: Asset, rank: number): void {
    const waiter = this.masterWaiters.get(asset.hash);
    const at = waiter && waiter.rank > rank ? this.waiting.indexOf(waiter) : -1;
    if (!waiter || at < 0) return;
    this.waiting.splice(at, 1);
    waiter.rank = rank;
    this.enqueue(waiter);
  }

  private master(asset: Asset, rank: number): Promise<Master> {
    let job = this.masters.get(asset.hash);
    if (job) {
      this.hurry(asset, rank);
      // keep recently used copies: move to the end of the insertion order
      this.masters.delete(asset.hash);
      this.masters.set(asset.hash, job);
      return job;
    }
    const waiter: Waiter = { go: () => {}, rank };
    this.masterWaiters.set(asset.hash, waiter);
    job = this.cpu(
      () => {
        this.masterWaiters.delete(asset.hash);
        return openSource(asset, MASTER_SIDE)
          .rotate()
          .resize({ width: MASTER_SIDE, height: MASTER_SIDE, fit: 'inside', withoutEnlargement: true })
          .raw()
          .toBuffer({ resolveWithObject: true });
      },
      rank,
      waiter,
    ).then(({ data, info }) => ({ data, info: { width: info.width, height: info.height, channels: info.channels } }));
    this.masters.set(asset.hash, job);
    if (this.masters.size > MASTERS_KEPT) this.masters.delete(this.masters.keys().next().value as string);
    return job;
  }
}

/**
 * Entropy of the grey levels of every third pixel in each direction: a plain
 * loop over the decoded copy, 25 times cheaper than asking sharp for the
 * statistics of a resized copy, and within 0.03 bits of it on the sample.
 */
export function greyEntropy(data: Uint8Array, width: number, height: number, channels: number, step = 3): number {
  const counts = new Float64Array(256);
  let n = 0;
  for (let y = 0; y < height; y += step) {
    for (let x = 0; x < width; x += step) {
      const i = (y * width + x) * channels;
      // Rec. 709 luma, as libvips uses for grey
      const grey = channels >= 3 ? Math.round(0.2126 * data[i]! + 0.7152 * data[i + 1]! + 0.0722 * data[i + 2]!) : data[i]!;
      counts[grey]!++;
      n++;
    }
  }
  let entropy = 0;
  for (const c of counts) {
    if (c === 0) continue;
    const p = c / n;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}

export interface ImageStats {
  entropy: number;
  /** Some pixel is less than fully opaque. */
  transparent: boolean;
}

/** Whether any pixel's alpha (the last of 2 or 4 channels) is below 255. */
export function anyTransparent(data: Uint8Array, channels: number): boolean {
  if (channels !== 2 && channels !== 4) return false;
  for (let i = channels - 1; i < data.length; i += channels) if (data[i]! < 255) return true;
  return false;
}

/**
 * Width of the variant `spec` would give for `asset` (fit inside, never enlarged).
 * An SVG has no pixels of its own: it is drawn at MASTER_SIDE on its long side,
 * and variants are fitted from that.
 */
export function variantWidth(
  asset: Pick<Asset, 'width' | 'height'> & { format?: Asset['format'] },
  spec: Pick<VariantSpec, 'width' | 'height'>,
): number {
  const drawn = asset.format === 'svg' ? MASTER_SIDE / Math.max(asset.width, asset.height) : 1;
  const width = asset.width * drawn;
  const height = asset.height * drawn;
  const scale = Math.min(1, spec.width ? spec.width / width : 1, spec.height ? spec.height / height : 1);
  return Math.round(width * scale);
}

/**
 * A sharp pipeline reading `asset`'s file, whatever its format: the first frame
 * of an animated GIF or WebP (sharp's default), an SVG drawn at the density that
 * gives it `side` pixels on its long side (librsvg draws at 72 dpi otherwise, and
 * a 300-unit viewBox would be enlarged from 300 px), and decoding that tolerates
 * a damaged tail (the content loader has already turned away what cannot be
 * decoded at all: a variant is better made from what is there than not at all).
 */
export function openSource(asset: Pick<Asset, 'path' | 'format' | 'width' | 'height'>, side = MASTER_SIDE): Sharp {
  const options: SharpOptions = { limitInputPixels: 20000 * 20000, failOn: 'none' };
  if (asset.format === 'svg') {
    const long = Math.max(asset.width, asset.height, 1);
    options.density = Math.min(72 * 64, Math.max(1, (72 * side) / long));
  }
  return sharp(asset.path, options);
}

async function render(master: Master, spec: VariantSpec): Promise<{ buffer: Buffer; width: number; height: number }> {
  let scale = 1;
  let quality = spec.quality ?? defaultQuality(spec.format);
  const input = () => sharp(master.data, { raw: master.info });
  for (;;) {
    let pipeline = input();
    if (spec.width || spec.height) {
      pipeline = pipeline.resize({
        width: spec.width ? Math.round(spec.width * scale) : undefined,
        height: spec.height ? Math.round(spec.height * scale) : undefined,
        fit: 'inside',
        withoutEnlargement: true,
      });
    } else if (scale < 1) {
      pipeline = pipeline.resize({ width: Math.round(master.info.width * scale) });
    }
    if (spec.background || spec.format === 'jpeg') pipeline = pipeline.flatten({ background: spec.background ?? '#ffffff' });
    switch (spec.format) {
      case 'jpeg':
        pipeline = spec.fast
          ? pipeline.jpeg({ quality, quantisationTable: 3, progressive: false })
          : pipeline.jpeg({ quality, mozjpeg: true, progressive: false });
        break;
      case 'png':
        pipeline = pipeline.png({ compressionLevel: 9, palette: quality < 100 });
        break;
      case 'webp':
        pipeline = pipeline.webp({ quality, effort: spec.effort });
        break;
      case 'avif':
        pipeline = pipeline.avif({ quality });
        break;
    }
    const { data, info } = await pipeline.toBuffer({ resolveWithObject: true });
    if (!spec.maxBytes || data.length <= spec.maxBytes || (quality <= 30 && scale <= 0.2)) {
      return { buffer: data, width: info.width, height: info.height };
    }
    if (quality > 45) quality -= 15;
    else scale *= 0.8;
  }
}

function defaultQuality(format: ImageFormat): number {
  return format === 'avif' ? 55 : format === 'png' ? 90 : 80;
}

/** The formats postbound reads (sharp's names, except `heif` with AV1 inside, which is `avif`). */
export type SourceFormat = Asset['format'];

export interface ImageProbe {
  format: SourceFormat;
  /** Display size: after EXIF orientation; an SVG's own size (or DEFAULT_SVG_SIZE). */
  width: number;
  height: number;
  /** A GIF or WebP of more than one frame. */
  animated: boolean;
  /** The image has an alpha channel (it may still be opaque everywhere). */
  alpha: boolean;
  hash: string;
  bytes: number;
}

/** The size given to an SVG that says nothing of its own (no width, height or viewBox). */
export const DEFAULT_SVG_SIZE = { width: 800, height: 600 };

/** Why a file is not an image postbound can use: the loader reports it as `unsupported-image`. */
export class UnsupportedImage extends Error {}

/**
 * Reads an image's format, size, frames and alpha from its bytes (never its
 * extension: a `.JPG`, or a `.png` that holds a JPEG, is what its bytes say).
 * Throws UnsupportedImage for a file no target could use: not an image, a format
 * outside SourceFormat (HEIC, TIFF, BMP…), or one that does not decode.
 */
export async function probeImage(path: string): Promise<ImageProbe> {
  const buffer = await readFile(path);
  const hash = createHash('sha256').update(buffer).digest('hex');
  let meta: Metadata;
  try {
    meta = await sharp(buffer, { limitInputPixels: 20000 * 20000 }).metadata();
  } catch (error) {
    throw new UnsupportedImage(`not an image sharp can read (${firstLine(error)})`);
  }
  const format = sourceFormat(meta);
  if (!format) {
    const named = meta.format === 'heif' ? `HEIF (${meta.compression ?? 'unknown'} compression)` : (meta.format ?? 'unknown');
    throw new UnsupportedImage(`a ${named} image, which postbound does not read`);
  }
  // metadata() reads the header only: a file cut short passes it. Its tail is
  // looked at (a few bytes), and only a file whose tail is wrong is decoded, so
  // a build never decodes a sound image here.
  if (!looksComplete(buffer, format)) {
    try {
      await sharp(buffer, { limitInputPixels: 20000 * 20000, failOn: 'warning' })
        .resize({ width: 64, height: 64, fit: 'inside' })
        .raw()
        .toBuffer();
    } catch (error) {
      throw new UnsupportedImage(`the file is damaged or cut short (${firstLine(error)})`);
    }
  }
  let width = meta.autoOrient?.width ?? meta.width ?? 0;
  let height = meta.autoOrient?.height ?? meta.height ?? 0;
  if (format === 'svg' && (!width || !height)) ({ width, height } = DEFAULT_SVG_SIZE);
  if (!width || !height) throw new UnsupportedImage('an image without a size');
  return {
    format,
    width,
    height,
    animated: (format === 'gif' || format === 'webp') && (meta.pages ?? 1) > 1,
    alpha: meta.hasAlpha === true,
    hash,
    bytes: buffer.length,
  };
}

function sourceFormat(meta: Metadata): SourceFormat | undefined {
  switch (meta.format) {
    case 'png':
    case 'jpeg':
    case 'gif':
    case 'webp':
    case 'svg':
      return meta.format;
    case 'heif':
      // HEIC (HEVC inside) has no decoder in sharp's own libvips
      return meta.compression === 'av1' ? 'avif' : undefined;
    default:
      return undefined;
  }
}

const firstLine = (error: unknown) => String((error as Error)?.message ?? error).split('\n')[0];

/**
 * Whether the file holds what a whole file of its format holds, read from its
 * structure without decoding: PNG's chunks from IHDR through IDAT to IEND,
 * JPEG's segments up to a scan and its end-of-image marker, GIF's blocks from an
 * image to the trailer, WebP's RIFF length, every top-level box of an AVIF. SVG
 * needs nothing: metadata() parses all of it. A false answer is only a reason
 * to decode, not a verdict (some cameras write data after a JPEG's end, some
 * tools pad a PNG, a GIF encoder may forget its trailer).
 */
export function looksComplete(b: Buffer, format: SourceFormat): boolean {
  switch (format) {
    case 'png':
      return pngComplete(b);
    case 'jpeg':
      return jpegComplete(b);
    case 'gif':
      return gifComplete(b);
    case 'webp':
      return b.length >= 12 && b.readUInt32LE(4) + 8 <= b.length;
    case 'avif':
      return boxesComplete(b);
    case 'svg':
      return true;
  }
}

function pngComplete(b: Buffer): boolean {
  let at = 8;
  let data = false;
  while (at + 12 <= b.length) {
    const length = b.readUInt32BE(at);
    const type = b.toString('latin1', at + 4, at + 8);
    at += 12 + length;
    if (at > b.length) return false;
    if (type === 'IDAT') data = true;
    if (type === 'IEND') return data;
  }
  return false;
}

function jpegComplete(b: Buffer): boolean {
  let at = 2;
  // segments before the first scan carry their length; then entropy-coded data
  while (at + 4 <= b.length) {
    if (b[at] !== 0xff) return false;
    const marker = b[at + 1]!;
    if (marker === 0xff) {
      at++; // fill byte
      continue;
    }
    if (marker === 0xd9) return false; // the end before any scan
    const length = b.readUInt16BE(at + 2);
    if (marker === 0xda) {
      at += 2 + length;
      break;
    }
    at += 2 + length;
  }
  if (at > b.length) return false;
  let end = b.length;
  while (end > at && (b[end - 1] === 0x00 || b[end - 1] === 0x0a || b[end - 1] === 0x0d || b[end - 1] === 0x20)) end--;
  return end - 2 >= at && b[end - 2] === 0xff && b[end - 1] === 0xd9;
}

function gifComplete(b: Buffer): boolean {
  if (b.length < 13) return false;
  const flags = b[10]!;
  let at = 13 + (flags & 0x80 ? 3 * 2 ** ((flags & 7) + 1) : 0);
  let frames = 0;
  const skipSubBlocks = () => {
    while (at < b.length) {
      const size = b[at]!;
      at += 1 + size;
      if (size === 0) return true;
    }
    return false;
  };
  while (at < b.length) {
    const kind = b[at]!;
    if (kind === 0x3b) return frames > 0;
    if (kind === 0x21) {
      at += 2; // introducer and label
      if (!skipSubBlocks()) return false;
    } else if (kind === 0x2c) {
      if (at + 10 > b.length) return false;
      const local = b[at + 9]!;
      at += 10 + (local & 0x80 ? 3 * 2 ** ((local & 7) + 1) : 0);
      at += 1; // LZW minimum code size
      if (!skipSubBlocks()) return false;
      frames++;
    } else return false;
  }
  return false;
}

function boxesComplete(b: Buffer): boolean {
  let at = 0;
  while (at + 8 <= b.length) {
    let size = b.readUInt32BE(at);
    if (size === 1) {
      if (at + 16 > b.length) return false;
      size = Number(b.readBigUInt64BE(at + 8));
    } else if (size === 0) return true; // to the end of the file
    if (size < 8 || at + size > b.length) return false;
    at += size;
  }
  return at === b.length;
}
