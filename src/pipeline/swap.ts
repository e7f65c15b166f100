// Putting a build's output in place: a partial build starts from the last good
// output of the targets it does not run, and the finished folder replaces dist/
// in two renames, so dist/ is always either the old build or the new one whole.
import { existsSync, renameSync, statSync } from 'node:fs';
import { copyFile, cp, link, mkdir, readdir, rm } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';

/**
 * A partial build starts from the last good output of the targets it does not
 * run. The site is rebuilt whole when asked for (so deleted posts disappear) and
 * otherwise hard-linked; the books are copied when any book target runs (a target
 * writing into a hard link would change the old dist/ too) and linked otherwise.
 */
export async function keepOtherOutputs(distDir: string, tmpDir: string, only: readonly string[]): Promise<void> {
  const site = join(distDir, 'site');
  if (!only.includes('site') && existsSync(site)) await linkTree(site, join(tmpDir, 'site'));
  const book = join(distDir, 'book');
  if (existsSync(book)) {
    if (only.some((t) => t !== 'site')) await cp(book, join(tmpDir, 'book'), { recursive: true });
    else await linkTree(book, join(tmpDir, 'book'));
  }
}

/** Mirrors `from` into `to` with hard links (a copy where links are not possible). */
async function linkTree(from: string, to: string): Promise<void> {
  const entries = await readdir(from, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    const source = join(entry.parentPath, entry.name);
    const target = join(to, relative(from, source));
    if (entry.isDirectory()) await mkdir(target, { recursive: true });
    else if (entry.isFile()) {
      await mkdir(dirname(target), { recursive: true });
      await link(source, target).catch(() => copyFile(source, target));
    }
  }
}

/**
 * Replaces dist/ with the new output in two renames, back to back in one
 * synchronous step (microseconds apart: a build killed between them leaves the
 * old dist/ in .cache/old-dist-<pid>-…, put back by the next build); the old one
 * is removed after. A file named dist is the writer's, and stays.
 */
export async function swapIntoPlace(tmpDir: string, distDir: string, cacheDir: string): Promise<void> {
  const old = join(cacheDir, `old-dist-${process.pid}-${Date.now().toString(36)}`);
  const found = statSync(distDir, { throwIfNoEntry: false });
  if (found && !found.isDirectory())
    throw Object.assign(new Error(`${distDir} is a file`), { code: 'ENOTDIR', path: distDir, syscall: 'rename' });
  if (found) renameSync(distDir, old);
  try {
    renameSync(tmpDir, distDir);
  } catch (error) {
    if (found) renameSync(old, distDir);
    throw error;
  }
  if (found) await rm(old, { recursive: true, force: true });
}
