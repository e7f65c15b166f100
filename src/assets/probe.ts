// What an image file is, read from its bytes: format, size, frames, alpha, and
// whether it is whole. The content loader calls this once per file; the variants
// are made in images.ts.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Metadata } from 'sharp';
import type { Asset } from '../content/model.ts';
import { loadSharp } from './sharp.ts';

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
  const [buffer, sharp] = await Promise.all([readFile(path), loadSharp()]);
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
