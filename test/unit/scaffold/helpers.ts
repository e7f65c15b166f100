// Small blogs written into temporary folders, one per test, and a way to prove
// nothing in them changed.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';

const temps: string[] = [];

/** Removes every folder made by `makeBlog` (call from afterAll). */
export function cleanBlogs(): void {
  for (const t of temps.splice(0)) rmSync(t, { recursive: true, force: true });
}

/** A folder holding `files` (relative path → text), named `name` inside a fresh temporary folder. */
export function makeBlog(files: Record<string, string>, name = 'blog'): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'postbound-detect-')), name);
  temps.push(dirname(dir));
  mkdirSync(dir, { recursive: true });
  for (const [rel, text] of Object.entries(files)) {
    const abs = join(dir, rel);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, text);
  }
  return dir;
}

/** sha256 of every file under `dir`, by relative path. */
export function hashTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const abs = join(e.parentPath, e.name);
    out[relative(dir, abs)] = createHash('sha256').update(readFileSync(abs)).digest('hex');
  }
  return out;
}

export function post(front: string, body = 'Some text.\n'): string {
  return `---\n${front.trim()}\n---\n\n${body}`;
}

export { captureIo } from '../../helpers/io.ts';
