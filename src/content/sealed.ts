// What every cache under .cache/ reads back is checked before it is used: a key
// says which input an entry belongs to, not that its bytes are still the ones
// written. A disk that lost the end of a file, a sync tool that merged two
// versions, an editor that opened one by mistake: a damaged entry must be made
// again, never give a wrong book. Text entries carry the SHA-256 of their body
// on their first line; binary ones are listed with theirs beside them.
import { createHash } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

const MARK = 'sealed:';

/** The SHA-256 of `data`, hex (what the caches compare). */
export function digest(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** `body` with its checksum on a first line: write this. */
export function seal(body: string): string {
  return `${MARK}${digest(body)}\n${body}`;
}

/** The body of a sealed text, or undefined when it was cut or altered (or never sealed). */
export function unseal(text: string): string | undefined {
  const end = text.indexOf('\n');
  if (end < 0 || !text.startsWith(MARK)) return undefined;
  const body = text.slice(end + 1);
  return digest(body) === text.slice(MARK.length, end) ? body : undefined;
}

/** JSON.parse of a sealed text, or undefined when damaged. */
export function parseSealed<T>(text: string): T | undefined {
  const body = unseal(text);
  if (body === undefined) return undefined;
  try {
    return JSON.parse(body) as T;
  } catch {
    return undefined;
  }
}

/**
 * Writes `body` sealed to `file` through a temporary file and a rename, so a
 * reader never sees half of it. For a cache: a file that cannot be written (a
 * full disk, a read-only .cache/) only costs time, so failure is not an error.
 */
export async function saveSealed(file: string, body: string): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(tmp, seal(body));
    await rename(tmp, file);
  } catch {
    await rm(tmp, { force: true }).catch(() => undefined);
  }
}
