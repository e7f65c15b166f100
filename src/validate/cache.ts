// Validation results kept on disk by what decides them: the EPUB's bytes, the
// engine and axe-core versions, postbound's own checks (the code of this
// folder), whether axe ran and the zip limits. A book rebuilt byte for byte
// (a PDF setting changed, say) is then not checked again. Only complete runs
// are kept: an engine timeout or a page axe could not load is tried again.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSealed, seal } from '../content/sealed.ts';
import { catalogue } from './catalogue.ts';
import type { ValidationReport } from './types.ts';

/** What a cached run keeps; sources, strictness and timing are applied on each use. */
export type CachedRun = Pick<ValidationReport, 'messages' | 'publication' | 'items' | 'checkers'>;

let codeHash: string | undefined;
/** A hash of every file of the validation stage, so a change to any check misses the cache. */
function validatorCode(): string {
  if (!codeHash) {
    // the sources when they are there, whether this runs from them or from the
    // compiled lib/: the same code, so one cache
    const here = dirname(fileURLToPath(import.meta.url));
    const src = resolve(here, '..', '..', 'src', 'validate');
    const dir = existsSync(join(src, 'cache.ts')) ? src : here;
    const hash = createHash('sha256');
    for (const name of readdirSync(dir).sort()) {
      if (!/\.(ts|js|mjs)$/.test(name)) continue;
      hash
        .update(name)
        .update('\0')
        .update(readFileSync(join(dir, name)))
        .update('\0');
    }
    hash.update(createRequire(import.meta.url)('axe-core/package.json').version);
    codeHash = hash.digest('hex');
  }
  return codeHash;
}

export function validationKey(data: Uint8Array, parts: { engine: string; axe: boolean; limits: unknown }): string {
  return createHash('sha256')
    .update(data)
    .update(JSON.stringify({ ...parts, code: validatorCode() }))
    .digest('hex');
}

export async function readCachedRun(cacheDir: string, key: string): Promise<CachedRun | undefined> {
  try {
    // a run cut short or altered on disk is checked again (src/content/sealed.ts)
    return parseSealed<CachedRun>(await readFile(join(cacheDir, 'validation', `${key}.json`), 'utf8'));
  } catch {
    return undefined;
  }
}

/** Written under a temporary name and renamed, so a reader never sees half a file. */
export async function storeRun(cacheDir: string, key: string, run: CachedRun): Promise<void> {
  const dir = join(cacheDir, 'validation');
  await mkdir(dir, { recursive: true });
  const tmp = join(dir, `${key}.${process.pid}.tmp`);
  await writeFile(tmp, seal(JSON.stringify(run)));
  await rename(tmp, join(dir, `${key}.json`));
  await prune(dir);
}

/** Runs kept: each edit of a book makes a new EPUB, and only the latest few come back. */
const RUNS_KEPT = 16;

async function prune(dir: string): Promise<void> {
  const runs = (await readdir(dir)).filter((n) => n.endsWith('.json'));
  if (runs.length <= RUNS_KEPT) return;
  const dated = await Promise.all(
    runs.map(async (n) => ({ n, t: (await stat(join(dir, n)).catch(() => undefined))?.mtimeMs ?? 0 })),
  );
  for (const { n } of dated.sort((a, b) => b.t - a.t).slice(RUNS_KEPT)) await rm(join(dir, n), { force: true });
}

/** Runs whose result depends on something passing (a timeout, a page that failed to load) are not kept. */
const PASSING = new Set([catalogue.axeFailed.id, catalogue.engineFailed.id, catalogue.engineTimeout.id]);
export function worthKeeping(run: CachedRun): boolean {
  return !run.messages.some((m) => PASSING.has(m.id));
}
