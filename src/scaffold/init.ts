// `postbound init [dir]`: a starter project that builds at once. The files come
// from templates/starter/ in the package; the sketch is drawn on the spot.
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { PACKAGE_TEMPLATES } from '../templates/engine.ts';
import { sketchPng } from './sketch.ts';

export const STARTER_DIR = join(PACKAGE_TEMPLATES, 'starter');
export const STARTER_SKETCH = 'content/sketches/first-steps.png';

/** Thrown when a starter file would replace one that is already there. */
export class ExistingFilesError extends Error {
  override name = 'ExistingFilesError';
  constructor(readonly paths: string[]) {
    super(
      `${paths.join(', ')} already ${paths.length === 1 ? 'exists' : 'exist'}; init never overwrites files. ` +
        'Run it in an empty folder, or pass a new folder: `postbound init my-blog`.',
    );
  }
}

/** The starter project's files, relative paths with forward slashes, and their contents. */
export async function starterFiles(): Promise<Map<string, Buffer | string>> {
  const files = new Map<string, Buffer | string>();
  const entries = await readdir(STARTER_DIR, { recursive: true, withFileTypes: true });
  for (const e of entries) {
    if (!e.isFile()) continue;
    const abs = join(e.parentPath, e.name);
    files.set(
      abs
        .slice(STARTER_DIR.length + 1)
        .split('\\')
        .join('/'),
      await readFile(abs),
    );
  }
  files.set(STARTER_SKETCH, await sketchPng());
  return new Map([...files].sort(([a], [b]) => a.localeCompare(b)));
}

/** Writes the starter into `dir` (made when missing); refuses before writing anything if a file exists. */
export async function initProject(dirIn: string): Promise<string[]> {
  const dir = resolve(dirIn);
  const files = await starterFiles();
  const taken = [...files.keys()].filter((rel) => existsSync(join(dir, rel)));
  if (taken.length) throw new ExistingFilesError(taken);
  for (const [rel, data] of files) {
    const abs = join(dir, rel);
    await mkdir(dirname(abs), { recursive: true });
    // 'wx' so a file that appeared since the check is still not replaced
    await writeFile(abs, data, { flag: 'wx' });
  }
  return [...files.keys()];
}
