// Kindle's MOBI renderer reportedly skips JPEGs without a JFIF header, and calibre
// re-saves such files for that reason (mobi-format.md §5.1). sharp/libvips writes
// JPEGs that start straight with the quantisation tables, so we add the 16-byte
// APP0 "JFIF" segment (version 1.01, aspect 1:1, no thumbnail) when it is missing.

const APP0 = Buffer.from('ffe000104a46494600010100000100010000', 'hex');

export function isJpeg(b: Uint8Array): boolean {
  return b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;
}

/** The same JPEG with a JFIF APP0 segment right after SOI; other data is returned as is. */
export function ensureJfif(b: Buffer): Buffer {
  if (!isJpeg(b) || (b[3] === 0xe0 && b.toString('latin1', 6, 10) === 'JFIF')) return b;
  return Buffer.concat([b.subarray(0, 2), APP0, b.subarray(2)]);
}
