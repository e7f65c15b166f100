// What a killed or failed build leaves behind, read from the file system and
// /proc: the processes still running with a build's Chromium profile, the
// temporary folders under .cache/, and a fingerprint of dist/.
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

export const BIN = resolve(import.meta.dirname, '../../bin/postbound.mjs');

/** Starts `postbound build root …args` as a child process (CI set: no progress line). */
export function spawnBuild(root: string, args: string[] = []): ChildProcess {
  return spawn(process.execPath, [BIN, 'build', root, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, CI: '1' },
  });
}

/** Runs `postbound build` to its end: exit code and what it printed. */
export function runBuild(root: string, args: string[] = []): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawnBuild(root, args);
  let out = '';
  let err = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    err += d;
  });
  return new Promise((ok) => child.on('exit', (code) => ok({ code, out, err })));
}

/** Pids of the running processes whose command line contains `text` (this one excluded). */
export function processesWith(text: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8').replaceAll('\0', ' ');
      const state = /^State:\s+(\w)/m.exec(readFileSync(`/proc/${name}/status`, 'utf8'))?.[1];
      if (state !== 'Z' && cmdline.includes(text)) found.push(Number(name));
    } catch {
      // ended while being read
    }
  }
  return found;
}

/**
 * The process doing the build that `postbound` started as `pid`: bin/postbound.mjs
 * starts itself again when a build has no image cache yet (to fix malloc's mmap
 * threshold), and that second process, the first one's child, is the build.
 */
export async function buildPidOf(pid: number): Promise<number> {
  const childOf = () =>
    processesWith('postbound.mjs').find((p) => {
      try {
        return /^PPid:\s+(\d+)/m.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] === String(pid);
      } catch {
        return false;
      }
    });
  await waitFor(() => childOf() !== undefined, 5_000);
  return childOf() ?? pid;
}

/** Whether the process `pid` has ended (a zombie counts as ended). */
export function hasEnded(pid: number): boolean {
  try {
    return /^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return true;
  }
}

/** The Chromium processes started by the build of this pid (its profile is named with it). */
export const chromiumOf = (pid: number) => processesWith(`postbound-chromium-${pid}-`);

/** Waits until `test` is true, checking every 50 ms, for at most `ms`; returns whether it became true. */
export async function waitFor(test: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (test()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return test();
}

/** Every file under `dir` with its SHA-256, sorted: two equal fingerprints are the same folder. */
export function fingerprint(dir: string): string {
  if (!existsSync(dir)) return 'missing';
  const files = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
  const hash = createHash('sha256');
  for (const f of files) hash.update(relative(dir, f)).update('\0').update(readFileSync(f)).update('\0');
  return hash.digest('hex');
}

/** Whether `dist` is a whole build: a report.json whose every file is there with its size. */
export function isCompleteBuild(dist: string): boolean {
  try {
    const report = JSON.parse(readFileSync(join(dist, 'report.json'), 'utf8')) as { files: { path: string; bytes: number }[] };
    return report.files.length > 0 && report.files.every((f) => statSync(join(dist, f.path)).size === f.bytes);
  } catch {
    return false;
  }
}

/** What a build leaves in .cache/ while it runs or after it was killed. */
export function leftovers(root: string): string[] {
  const cache = join(root, '.cache');
  if (!existsSync(cache)) return [];
  return readdirSync(cache).filter((n) => /^(build|old-dist)-\d+-/.test(n));
}
