// Pictures drawn in Chromium (cover, mock-up, social picture, one-page summary),
// and the costly ones made from them (the e-book's fitted cover and summary, the
// MOBI's cover under its size limit),
// kept in .cache/renders/ by a hash of everything they are made from: their
// HTML, with fonts and images inlined, and the page size. A build where only a
// post's body changed then draws none of them again and needs no browser for
// them; a new title, answer or sketch changes the HTML and draws afresh.
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { digest, parseSealed, seal } from '../content/sealed.ts';

/** Entries kept per kind of picture (older ones are removed). */
const KEEP = 4;

export interface Drawn<T extends Record<string, Buffer>> {
  files: T;
  /** False when drawing it reported a problem: drawn again next time, so the problem is reported again. */
  keep: boolean;
}

/**
 * The files `draw` makes from `inputs`, from the cache when they were drawn before.
 * `kind` names the picture (a folder per kind and key), `inputs` must include all
 * that changes the result.
 */
export async function drawCached<T extends Record<string, Buffer>>(
  cacheDir: string,
  kind: string,
  inputs: (string | Uint8Array | number)[],
  draw: () => Promise<Drawn<T>>,
): Promise<T> {
  const hash = createHash('sha256').update(kind);
  for (const input of inputs) hash.update(typeof input === 'number' ? String(input) : input).update('\0');
  const dir = join(cacheDir, 'renders');
  const entry = join(dir, `${kind}-${hash.digest('hex').slice(0, 24)}`);
  const hit = await readEntry<T>(entry);
  if (hit) {
    // used now: the newest, so pruning keeps it
    const now = new Date();
    await utimes(entry, now, now).catch(() => undefined);
    return hit;
  }
  const { files, keep } = await draw();
  if (keep) await writeEntry(dir, entry, kind, files);
  return files;
}

/** Each file's SHA-256, kept in the entry beside them: a file cut short, altered or gone is drawn again. */
const SUMS = '.sums';

async function readEntry<T>(entry: string): Promise<T | undefined> {
  try {
    const sums = parseSealed<Record<string, string>>(await readFile(join(entry, SUMS), 'utf8'));
    const names = Object.keys(sums ?? {});
    if (!sums || !names.length) return undefined;
    const buffers = await Promise.all(names.map((n) => readFile(join(entry, n))));
    if (names.some((n, i) => digest(buffers[i]!) !== sums[n])) return undefined;
    return Object.fromEntries(names.map((n, i) => [n, buffers[i]])) as T;
  } catch {
    return undefined;
  }
}

async function writeEntry(dir: string, entry: string, kind: string, files: Record<string, Buffer>): Promise<void> {
  // written beside, then renamed: a reader never sees half an entry
  const tmp = `${entry}.${process.pid}.tmp`;
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  await Promise.all(Object.entries(files).map(([name, bytes]) => writeFile(join(tmp, name), bytes)));
  const sums = Object.fromEntries(Object.entries(files).map(([name, bytes]) => [name, digest(bytes)]));
  await writeFile(join(tmp, SUMS), seal(JSON.stringify(sums)));
  await rm(entry, { recursive: true, force: true });
  await rename(tmp, entry).catch(() => rm(tmp, { recursive: true, force: true }));
  // keep every entry of this kind used in the last hour (a 13-page summary has 13,
  // written at once) and the newest few of the older ones
  const same = (await readdir(dir)).filter((n) => n.startsWith(`${kind}-`) && !n.endsWith('.tmp'));
  // (another build may remove an entry between the listing and the stat)
  const dated = await Promise.all(same.map(async (n) => ({ n, t: (await stat(join(dir, n)).catch(() => undefined))?.mtimeMs })));
  const old = dated
    .filter((d): d is { n: string; t: number } => d.t !== undefined && d.t < Date.now() - RECENT_MS)
    .sort((a, b) => b.t - a.t);
  for (const { n } of old.slice(KEEP)) await rm(join(dir, n), { recursive: true, force: true });
}

/** Entries used this recently are never pruned (a build writes all of its entries of a kind within it). */
const RECENT_MS = 60 * 60 * 1000;
