// Reads a zip's central directory (never inflating) and refuses archives that
// would hurt us or a reader: bombs, path traversal, duplicates, damage. It runs
// before any engine sees the bytes, so its cost is bounded by the directory
// size, not by what the entries claim to hold.
import { crc32, inflateRawSync } from 'node:zlib';
import yauzl from 'yauzl';
import { pbMessage } from './catalogue.ts';
import type { ItemFacts, ValidationMessage } from './types.ts';

export interface ZipLimits {
  /** Bytes of the zip file itself. */
  maxFileBytes: number;
  maxEntries: number;
  /** Declared uncompressed size of one entry. */
  maxEntryBytes: number;
  /** Declared uncompressed size of all entries together. */
  maxTotalBytes: number;
  /** Uncompressed ÷ compressed, checked for entries over `ratioFloorBytes`. */
  maxRatio: number;
  ratioFloorBytes: number;
}

// KDP accepts EPUBs up to 650 MB; nothing legitimate comes near 1 GiB unpacked.
export const DEFAULT_LIMITS: ZipLimits = {
  maxFileBytes: 1024 * 1024 * 1024,
  maxEntries: 10_000,
  maxEntryBytes: 256 * 1024 * 1024,
  maxTotalBytes: 1024 * 1024 * 1024,
  maxRatio: 200,
  ratioFloorBytes: 1024 * 1024,
};

export interface ZipEntry {
  name: string;
  compressedSize: number;
  uncompressedSize: number;
  /** 0 stored, 8 deflated. */
  method: number;
  crc32: number;
  localHeaderOffset: number;
  encrypted: boolean;
}

export interface GuardResult {
  /** False when a fatal problem means nothing should be inflated. */
  ok: boolean;
  entries: ZipEntry[];
  messages: ValidationMessage[];
}

const at = (path: string) => [{ path }];

/** Checks the central directory of `data` against `limits`. */
export async function guardZip(data: Uint8Array, limits: Partial<ZipLimits> = {}): Promise<GuardResult> {
  const lim = { ...DEFAULT_LIMITS, ...limits };
  const messages: ValidationMessage[] = [];
  const entries: ZipEntry[] = [];
  if (data.byteLength > lim.maxFileBytes) {
    messages.push(pbMessage('fileTooLarge', { size: data.byteLength, limit: lim.maxFileBytes }, at('')));
    return { ok: false, entries, messages };
  }
  const buffer = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  let zip: yauzl.ZipFile;
  try {
    // decodeStrings: false keeps yauzl from rejecting unsafe names itself, so we
    // can report every one of them with our own id instead of a single throw.
    zip = await yauzl.fromBufferPromise(buffer, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true });
  } catch (err) {
    messages.push(pbMessage('notZip', { reason: reasonOf(err) }, at('')));
    return { ok: false, entries, messages };
  }
  if (zip.entryCount > lim.maxEntries) {
    zip.close();
    messages.push(pbMessage('tooManyEntries', { count: zip.entryCount, limit: lim.maxEntries }, at('')));
    return { ok: false, entries, messages };
  }
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (e: yauzl.Entry) => {
        entries.push(toEntry(e));
        zip.readEntry();
      });
      zip.on('end', () => resolve());
      zip.on('error', reject);
      zip.readEntry();
    });
  } catch (err) {
    messages.push(pbMessage('notZip', { reason: reasonOf(err) }, at('')));
    return { ok: false, entries, messages };
  } finally {
    zip.close();
  }

  const seen = new Set<string>();
  let total = 0;
  for (const e of entries) {
    const why = unsafeName(e.name);
    // EPUBCheck names a backslash or a NUL a disallowed character (PKG-009); it has no id for the rest
    const theirs = why && /backslash|NUL/.test(why) ? 'PKG-009' : null;
    if (why) messages.push(pbMessage('unsafeName', { name: e.name, why }, at(e.name), undefined, theirs));
    if (seen.has(e.name)) messages.push(pbMessage('duplicateName', { name: e.name }, at(e.name)));
    seen.add(e.name);
    total += e.uncompressedSize;
    if (e.uncompressedSize > lim.maxEntryBytes) {
      messages.push(pbMessage('entryTooLarge', { name: e.name, size: e.uncompressedSize, limit: lim.maxEntryBytes }, at(e.name)));
    } else if (e.uncompressedSize > lim.ratioFloorBytes) {
      const ratio = e.uncompressedSize / Math.max(1, e.compressedSize);
      if (ratio > lim.maxRatio) messages.push(pbMessage('ratio', { name: e.name, ratio, limit: lim.maxRatio }, at(e.name)));
    }
    if (e.method === 0 && e.compressedSize !== e.uncompressedSize) {
      messages.push(
        pbMessage(
          'badData',
          { name: e.name, reason: 'a stored entry whose compressed and uncompressed sizes differ' },
          at(e.name),
        ),
      );
    }
    if (e.localHeaderOffset + 30 + e.compressedSize > data.byteLength) {
      messages.push(pbMessage('notZip', { reason: `"${e.name}" lies past the end of the file, which is truncated` }, at(e.name)));
    }
  }
  if (total > lim.maxTotalBytes) messages.push(pbMessage('totalTooLarge', { size: total, limit: lim.maxTotalBytes }, at('')));
  return { ok: !messages.some((m) => m.severity === 'fatal'), entries, messages };
}

function toEntry(e: yauzl.Entry): ZipEntry {
  const raw = e.fileName as unknown as Buffer;
  // Bit 11 of the general purpose flags means UTF-8 (APPNOTE 4.4.4); EPUB
  // requires UTF-8 names anyway, so CP437 names are decoded as latin1 only to be shown.
  const name = e.generalPurposeBitFlag & 0x800 ? raw.toString('utf8') : raw.toString('latin1');
  return {
    name,
    compressedSize: e.compressedSize,
    uncompressedSize: e.uncompressedSize,
    method: e.compressionMethod,
    crc32: e.crc32,
    localHeaderOffset: e.relativeOffsetOfLocalHeader,
    encrypted: (e.generalPurposeBitFlag & 0x1) !== 0,
  };
}

export function unsafeName(name: string): string | undefined {
  if (name.includes('\\')) return 'contains a backslash';
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return 'is an absolute path';
  if (name.split('/').some((part) => part === '..')) return 'climbs out of the book with ".."';
  if (name.includes('\0')) return 'contains a NUL character';
  return undefined;
}

function reasonOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Inflates one entry, never producing more than its declared size: a lying
 * header makes this fail instead of filling memory.
 */
export function inflateEntry(data: Uint8Array, e: ZipEntry): Uint8Array {
  const raw = storedBytes(data, e);
  let out: Buffer;
  if (e.method === 0) out = raw;
  else if (e.method === 8) out = inflateRawSync(raw, { maxOutputLength: Math.max(1, e.uncompressedSize) });
  else throw new Error(`compression method ${e.method} is not allowed in EPUB`);
  if (out.byteLength !== e.uncompressedSize)
    throw new Error(`it holds ${out.byteLength} bytes, not the ${e.uncompressedSize} declared`);
  if (crc32(out) !== e.crc32) throw new Error('its checksum does not match');
  return out;
}

/**
 * An entry's bytes as stored (compressed or not), without inflating them: the
 * same stored bytes always inflate to the same content, so they can stand for it
 * in a hash. Throws when the local header is not where the directory says.
 */
export function storedBytes(data: Uint8Array, e: ZipEntry): Buffer {
  const view = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const h = e.localHeaderOffset;
  // Local file header: signature, then name and extra lengths at 26 and 28 (APPNOTE 4.3.7).
  if (view.readUInt32LE(h) !== 0x04034b50) throw new Error('local header signature not found');
  const start = h + 30 + view.readUInt16LE(h + 26) + view.readUInt16LE(h + 28);
  const raw = view.subarray(start, start + e.compressedSize);
  if (raw.byteLength < e.compressedSize) throw new Error('the data is cut short');
  return raw;
}

/** The entries as EPUBCheck's report lists them. */
export function itemFacts(entries: ZipEntry[]): ItemFacts[] {
  return entries
    .filter((e) => !e.name.endsWith('/'))
    .map((e) => ({
      fileName: e.name,
      compressedSize: e.compressedSize,
      uncompressedSize: e.uncompressedSize,
      compressionMethod: e.method === 0 ? 'Stored' : e.method === 8 ? 'Deflated' : String(e.method),
    }));
}
