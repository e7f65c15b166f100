// PalmDOC LZ77, the compression of MOBI text records (mobi-format.md §3.1).
// Each record is compressed on its own: back-references never leave the record.
// The encoder follows calibre's greedy choices (longest match first, closest
// occurrence, no overlapping copies), so its output equals calibre's byte for byte;
// the matching is done with hash chains instead of string searches.

const WINDOW = 2047;
const MIN_MATCH = 3;
const MAX_MATCH = 10;

/** True for a byte the format can store as itself (0x00 and 0x09–0x7F). */
function isPlain(b: number): boolean {
  return b === 0 || (b >= 0x09 && b < 0x80);
}

/** Compress one record (normally ≤ 4096 bytes). */
export function compressPalmDoc(src: Uint8Array): Buffer {
  const n = src.length;
  const out = Buffer.allocUnsafe(2 * n + 8); // worst case: every byte a one-byte literal run;
  let o = 0;
  // Hash chains over 3-byte prefixes; a position p joins its chain once p + 3 <= i,
  // which keeps every candidate match wholly before i (no overlap, as calibre does).
  const head = new Int32Array(1 << 14).fill(-1);
  const prev = new Int32Array(n).fill(-1);
  let inserted = 0;
  const hash = (p: number) => ((src[p] << 7) ^ (src[p + 1] << 4) ^ src[p + 2]) & 0x3fff;

  let i = 0;
  while (i < n) {
    // calibre only looks for matches past the first 10 bytes and before the last 10.
    if (i > 10 && n - i > 10) {
      while (inserted + MIN_MATCH <= i) {
        const h = hash(inserted);
        prev[inserted] = head[h];
        head[h] = inserted;
        inserted++;
      }
      let bestLen = 0;
      let bestDist = 0;
      for (let p = head[hash(i)]; p >= 0 && i - p <= WINDOW; p = prev[p]) {
        const limit = Math.min(MAX_MATCH, i - p);
        let m = 0;
        while (m < limit && src[p + m] === src[i + m]) m++;
        // Chains are walked closest first, so a strict > keeps the closest of equals.
        if (m > bestLen) {
          bestLen = m;
          bestDist = i - p;
          if (m === MAX_MATCH) break;
        }
      }
      if (bestLen >= MIN_MATCH) {
        const w = 0x8000 | (bestDist << 3) | (bestLen - MIN_MATCH);
        out[o++] = w >> 8;
        out[o++] = w & 0xff;
        i += bestLen;
        continue;
      }
    }
    const b = src[i];
    if (b === 0x20 && i + 1 < n && src[i + 1] >= 0x40 && src[i + 1] < 0x80) {
      out[o++] = src[i + 1] ^ 0x80;
      i += 2;
      continue;
    }
    if (isPlain(b)) {
      out[o++] = b;
      i++;
      continue;
    }
    let j = i + 1;
    while (j < n && j - i < 8 && !isPlain(src[j])) j++;
    out[o++] = j - i;
    for (let k = i; k < j; k++) out[o++] = src[k];
    i = j;
  }
  return out.subarray(0, o);
}

/** Decompress one record; throws on a truncated literal run or a bad back-reference. */
export function decompressPalmDoc(src: Uint8Array): Buffer {
  const out: number[] = [];
  let i = 0;
  while (i < src.length) {
    const b = src[i++];
    if (b >= 1 && b <= 8) {
      if (i + b > src.length) throw new Error(`PalmDOC: literal run of ${b} bytes runs past the record end`);
      for (let k = 0; k < b; k++) out.push(src[i++]);
    } else if (b < 0x80) {
      out.push(b);
    } else if (b < 0xc0) {
      if (i >= src.length) throw new Error('PalmDOC: back-reference cut off at the record end');
      const w = (b << 8) | src[i++];
      const dist = (w >> 3) & 0x7ff;
      const len = (w & 7) + 3;
      if (dist === 0 || dist > out.length)
        throw new Error(`PalmDOC: back-reference distance ${dist} points before the record start`);
      const from = out.length - dist;
      for (let k = 0; k < len; k++) out.push(out[from + k]);
    } else {
      out.push(0x20, b ^ 0x80);
    }
  }
  return Buffer.from(out);
}
