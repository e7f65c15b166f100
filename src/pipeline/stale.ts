// A build killed outright (SIGKILL from an out-of-memory killer or a CI timeout)
// runs no clean-up: its temporary output folder, the old dist/ it was replacing
// and its Chromium profile stay behind. Each is named with the pid of the build
// that made it, so the next build removes those of processes that no longer run
// and never one of a build still running beside it.
import { readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Chromium's profile folders: `postbound-chromium-<pid>-…` in the system's temporary folder. */
export const PROFILE_PREFIX = 'postbound-chromium-';

/**
 * Whether a process with this pid runs (EPERM: it does, under another user). A
 * zombie does not: a killed build whose parent died too waits, in a container
 * whose first process never reaps, as a zombie for as long as the container runs.
 */
export function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    // Linux: the state is the field after the command's closing parenthesis
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no /proc (macOS): the signal said it runs
  }
}

/** The pid in a name made as `<prefix><pid>-…`, or undefined. */
export function ownerOf(name: string, prefix: string): number | undefined {
  if (!name.startsWith(prefix)) return undefined;
  const match = /^(\d+)-/.exec(name.slice(prefix.length));
  return match ? Number(match[1]) : undefined;
}

/** Removes the entries of `dir` named `<prefix><pid>-…` whose process has ended; returns their names. */
export function removeStale(dir: string, prefixes: string[]): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return []; // no such folder yet
  }
  const removed: string[] = [];
  for (const name of names) {
    const pid = prefixes.map((p) => ownerOf(name, p)).find((p) => p !== undefined);
    if (pid === undefined || isAlive(pid)) continue;
    rmSync(join(dir, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

/**
 * A build killed between the two renames of the swap leaves no dist/, and the
 * last good one in .cache/old-dist-<pid>-…: put it back.
 */
export function recoverDist(distDir: string, cacheDir: string): void {
  if (statSync(distDir, { throwIfNoEntry: false })) return;
  let names: string[];
  try {
    names = readdirSync(cacheDir);
  } catch {
    return;
  }
  const old = names
    .map((name) => ({ name, pid: ownerOf(name, 'old-dist-') }))
    .filter(({ pid }) => pid !== undefined && !isAlive(pid))
    .map(({ name }) => join(cacheDir, name))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
  if (old) renameSync(old, distDir);
}

/** Removes `<name>.<pid>.tmp` entries (half-written cache entries) of processes that have ended. */
export function removeStaleTmp(dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const match = /\.(\d+)\.tmp$/.exec(name);
    if (match && !isAlive(Number(match[1]))) rmSync(join(dir, name), { recursive: true, force: true });
  }
}

/** Everything a killed build can leave in .cache/: run before a build makes its own. */
export function sweepCache(cacheDir: string, distDir: string): void {
  recoverDist(distDir, cacheDir);
  removeStale(cacheDir, ['build-', 'old-dist-']);
  for (const dir of ['', 'books', 'site', 'renders', 'validation', 'images']) removeStaleTmp(join(cacheDir, dir));
  removeStale(tmpdir(), [PROFILE_PREFIX]);
}
