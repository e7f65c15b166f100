// The image checks: what retailers refuse (bytes, pixels, a small cover) and an
// image a reading system would decode but cannot. Only the core raster types
// are decoded; everything else is held to EPUBCheck's rules, not to sharp.

import { pbMessage } from './catalogue.ts';
import type { Manifest, ReadFile } from './checks.ts';
import type { ValidationMessage } from './types.ts';

/** Retailer limits, each with where it comes from. */
export const RETAIL_LIMITS = {
  // Amazon KDP refuses images over 5 MB in an uploaded EPUB.
  imageBytes: 5 * 1024 * 1024,
  // Apple Books Asset Guide: images no larger than 4 million pixels.
  imagePixels: 4_000_000,
  // Apple Books and KDP both ask for at least 1400 px; 1000 is the floor below which stores reject the cover.
  coverShortSide: 1000,
  books: [
    { retailer: 'Amazon KDP', limit: 650 * 1024 * 1024 },
    { retailer: 'Apple Books', limit: 2 * 1024 * 1024 * 1024 },
  ],
};

/**
 * EPUB 3.3 §3.2 core media types for raster images, with sharp's name for the
 * format their bytes must hold and the signature they start with. Nothing else
 * is decoded: `image/jpg` (a common misspelling) and every other foreign type
 * is for EPUBCheck to hold to its fallback chain (RSC-032, OPF-040), and a
 * reading system that does not know the type never decodes it either.
 */
const CORE_RASTER: Record<string, { format: string; magic: number[][] }> = {
  'image/png': { format: 'png', magic: [[0x89, 0x50, 0x4e, 0x47]] },
  'image/jpeg': { format: 'jpeg', magic: [[0xff, 0xd8, 0xff]] },
  'image/gif': { format: 'gif', magic: [[0x47, 0x49, 0x46, 0x38]] },
  // RIFF....WEBP: the four bytes of the size are not compared
  'image/webp': { format: 'webp', magic: [[0x52, 0x49, 0x46, 0x46]] },
};

/** Whether the bytes start as the core type says: a damaged image (PKG-021) rather than another format (OPF-029). */
function startsAs(bytes: Uint8Array, mediaType: string): boolean {
  const core = CORE_RASTER[mediaType];
  if (!core) return false;
  const webpTail = mediaType !== 'image/webp' || String.fromCharCode(...bytes.subarray(8, 12)) === 'WEBP';
  return webpTail && core.magic.some((m) => m.every((b, i) => bytes[i] === b));
}

/** EPUB 3.3 §3.2 core media types for images (a video poster must be one, fallbacks do not count). */
export const CORE_IMAGE_TYPES = new Set([...Object.keys(CORE_RASTER), 'image/svg+xml']);

export async function imageChecks(read: ReadFile, manifest: Manifest, out: ValidationMessage[]): Promise<void> {
  const cover =
    manifest.items.find((i) => i.properties.includes('cover-image')) ??
    manifest.items.find((i) => manifest.coverId && i.id === manifest.coverId && i.mediaType.startsWith('image/'));
  if (!cover) out.push(pbMessage('coverMissing', {}, [{ path: manifest.opfPath }]));
  // Loaded here, not at the top: a quarter of a second that `postbound validate`
  // now spends while the engine works in its thread.
  const { default: sharp } = await import('sharp');
  for (const item of manifest.items) {
    if (!item.mediaType.startsWith('image/')) continue;
    const bytes = read(item.path);
    if (!bytes) continue; // EPUBCheck reports the missing file
    const loc = [{ path: item.path }];
    if (bytes.byteLength > RETAIL_LIMITS.imageBytes) {
      out.push(pbMessage('imageTooHeavy', { path: item.path, size: bytes.byteLength, limit: RETAIL_LIMITS.imageBytes }, loc));
    }
    // Decoded only when it is a core raster type (EPUB 3.3 §3.2): an SVG is a
    // document, not pixels, and a foreign type (AVIF, TIFF, HEIC…) is for
    // EPUBCheck to hold to its fallback (RSC-032, OPF-040): sharp may not read
    // it, or names it otherwise (AVIF is "heif"), which says nothing about the file.
    const expected = CORE_RASTER[item.mediaType]?.format;
    if (!expected) continue;
    let width = 0;
    let height = 0;
    try {
      // metadata() reads the header only; limitInputPixels stops a decompression bomb at open.
      const info = await sharp(bytes, { limitInputPixels: 1e9 }).metadata();
      if (info.format !== expected) throw new Error('format mismatch');
      width = info.width ?? 0;
      height = info.height ?? 0;
    } catch {
      // EPUBCheck's ids: OPF-029 when the bytes are another format, PKG-021 when they start right and break later
      const theirs = startsAs(bytes, item.mediaType) ? 'PKG-021' : 'OPF-029';
      out.push(pbMessage('imageUnreadable', { path: item.path, mediaType: item.mediaType }, loc, undefined, theirs));
      continue;
    }
    if (width * height > RETAIL_LIMITS.imagePixels) {
      out.push(pbMessage('imageTooLarge', { path: item.path, width, height, limit: RETAIL_LIMITS.imagePixels }, loc));
    }
    if (item === cover && Math.min(width, height) < RETAIL_LIMITS.coverShortSide) {
      out.push(pbMessage('coverSmall', { path: item.path, width, height, min: RETAIL_LIMITS.coverShortSide }, loc));
    }
  }
}
