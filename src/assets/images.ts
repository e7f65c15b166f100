// Image variants made with sharp and cached under .cache/images by content hash
// and variant, so a second build does no image work at all.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Asset } from '../content/model.ts';

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
}

export interface ImageVariant {
  buffer: Buffer;
  width: number;
  height: number;
  format: ImageFormat;
  /** File name that is stable for the same source and variant. */
  name: string;
}

export class ImageCache {
  readonly dir: string;
  hits = 0;
  misses = 0;
  private pending = new Map<string, Promise<ImageVariant>>();

  constructor(cacheDir: string) {
    this.dir = join(cacheDir, 'images');
  }

  /** The variant of `asset` described by `spec`, from the cache or made now. */
  variant(asset: Asset, spec: VariantSpec): Promise<ImageVariant> {
    const key = createHash('sha256')
      .update(asset.hash)
      .update(JSON.stringify(spec, Object.keys(spec).sort()))
      .digest('hex')
      .slice(0, 20);
    let job = this.pending.get(key);
    if (!job) {
      job = this.load(key, asset, spec);
      this.pending.set(key, job);
    }
    return job;
  }

  private async load(key: string, asset: Asset, spec: VariantSpec): Promise<ImageVariant> {
    const ext = spec.format === 'jpeg' ? 'jpg' : spec.format;
    const name = `${asset.stem}-${key.slice(0, 8)}.${ext}`;
    const file = join(this.dir, `${key}.${ext}`);
    try {
      const [buffer, meta] = await Promise.all([readFile(file), readFile(`${file}.json`, 'utf8')]);
      const { width, height } = JSON.parse(meta) as { width: number; height: number };
      this.hits++;
      return { buffer, width, height, format: spec.format, name };
    } catch {
      // not cached yet
    }
    this.misses++;
    const made = await render(asset.path, spec);
    await mkdir(this.dir, { recursive: true });
    // write then rename, so an interrupted build never leaves half a file in the cache
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, made.buffer);
    await rename(tmp, file);
    await writeFile(`${file}.json`, JSON.stringify({ width: made.width, height: made.height }));
    return { ...made, format: spec.format, name };
  }
}

async function render(path: string, spec: VariantSpec): Promise<{ buffer: Buffer; width: number; height: number }> {
  let scale = 1;
  let quality = spec.quality ?? defaultQuality(spec.format);
  for (;;) {
    let pipeline = sharp(path, { limitInputPixels: 20000 * 20000 }).rotate();
    if (spec.width || spec.height) {
      pipeline = pipeline.resize({
        width: spec.width ? Math.round(spec.width * scale) : undefined,
        height: spec.height ? Math.round(spec.height * scale) : undefined,
        fit: 'inside',
        withoutEnlargement: true,
      });
    } else if (scale < 1) {
      const meta = await sharp(path).metadata();
      pipeline = pipeline.resize({ width: Math.round((meta.width ?? 1000) * scale) });
    }
    if (spec.background || spec.format === 'jpeg') pipeline = pipeline.flatten({ background: spec.background ?? '#ffffff' });
    switch (spec.format) {
      case 'jpeg':
        pipeline = pipeline.jpeg({ quality, mozjpeg: true, progressive: false });
        break;
      case 'png':
        pipeline = pipeline.png({ compressionLevel: 9, palette: quality < 100 });
        break;
      case 'webp':
        pipeline = pipeline.webp({ quality });
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

/** Reads an image's size and format: used by the content loader. */
export async function probeImage(
  path: string,
): Promise<{ width: number; height: number; format: string; hash: string; bytes: number }> {
  const buffer = await readFile(path);
  const hash = createHash('sha256').update(buffer).digest('hex');
  const meta = await sharp(buffer).metadata();
  return { width: meta.width ?? 0, height: meta.height ?? 0, format: meta.format ?? 'unknown', hash, bytes: buffer.length };
}
