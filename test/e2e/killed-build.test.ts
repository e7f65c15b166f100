// A build killed outright (SIGKILL: what an out-of-memory killer or a CI timeout
// sends) runs none of its own clean-up. Chromium must still end with it (it is
// driven over a pipe that closes when the build dies), the next build must
// remove what it left in .cache/, and dist/ must be, at every moment, either the
// last good one or a complete new one.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  buildPidOf,
  chromiumOf,
  fingerprint,
  hasEnded,
  isCompleteBuild,
  leftovers,
  runBuild,
  spawnBuild,
  waitFor,
} from '../helpers/faults.ts';
import { makeProject } from '../helpers/project.ts';

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

/** A pid that is certainly not running: a short child that has exited. */
async function deadPid(): Promise<number> {
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((ok) => child.on('exit', ok));
  return child.pid!;
}

describe('a build killed with SIGKILL', () => {
  it('should leave no Chromium running, and the next build should remove its temporary folder', async () => {
    const root = await makeProject();
    roots.push(root);
    const child = spawnBuild(root);
    // a cold build runs in a second process (bin/postbound.mjs): killing the first must end it too
    const pid = await buildPidOf(child.pid!);
    expect(pid).not.toBe(child.pid);
    // killed while Chromium runs (a cold build opens it while the posts are read)
    expect(await waitFor(() => chromiumOf(pid).length > 0, 60_000)).toBe(true);
    const running = chromiumOf(pid).length;
    expect(await waitFor(() => leftovers(root).some((n) => n.startsWith(`build-${pid}-`)), 60_000)).toBe(true);
    child.kill('SIGKILL');
    await new Promise((ok) => child.on('exit', ok));
    // the build sees its pipe to the first process close, and kills itself
    expect(await waitFor(() => hasEnded(pid), 5_000)).toBe(true);
    // the pipe closes with the build: Chromium quits within a few seconds
    const gone = await waitFor(() => chromiumOf(pid).length === 0, 5_000);
    expect({ running, left: chromiumOf(pid) }).toEqual({ running, left: [] });
    expect(gone).toBe(true);
    expect(leftovers(root).filter((n) => n.startsWith(`build-${pid}-`))).toHaveLength(1);

    const next = await runBuild(root, ['--only', 'site']);
    expect(next.code, next.err).toBe(0);
    expect(leftovers(root)).toEqual([]);
    expect(chromiumOf(pid)).toEqual([]);
    expect(isCompleteBuild(join(root, 'dist'))).toBe(true);
  });

  it('should remove the folders of dead builds and keep those of a build still running', async () => {
    const root = await makeProject();
    roots.push(root);
    const cache = join(root, '.cache');
    const dead = await deadPid();
    // what a dead build leaves (its output, the old dist/ it was replacing, a half-written
    // book in the cache, its Chromium profile) and what a live one (pid 1) is writing
    const stale = [`build-${dead}-abc`, `old-dist-${dead}-abc`];
    for (const name of [...stale, 'build-1-live']) mkdirSync(join(cache, name, 'site'), { recursive: true });
    mkdirSync(join(cache, 'books', `0123.${dead}.tmp`), { recursive: true });
    const profile = join(tmpdir(), `postbound-chromium-${dead}-XyZ`);
    mkdirSync(profile, { recursive: true });
    writeFileSync(join(cache, 'build-1-live', 'site', 'index.html'), 'being written');

    const built = await runBuild(root, ['--only', 'site']);
    expect(built.code, built.err).toBe(0);
    expect(leftovers(root)).toEqual(['build-1-live']);
    expect(readFileSync(join(cache, 'build-1-live', 'site', 'index.html'), 'utf8')).toBe('being written');
    expect(leftovers(root).some((n) => n.includes(String(dead)))).toBe(false);
    expect(() => readFileSync(join(profile, 'x'))).toThrow();
    expect(await import('node:fs').then((fs) => fs.existsSync(profile))).toBe(false);
    expect(await import('node:fs').then((fs) => fs.existsSync(join(cache, 'books', `0123.${dead}.tmp`)))).toBe(false);
  });

  it('should put the last good dist/ back when a build was killed between the two renames of the swap', async () => {
    const root = await makeProject();
    roots.push(root);
    expect((await runBuild(root, ['--only', 'site'])).code).toBe(0);
    const before = fingerprint(join(root, 'dist'));
    // the moment between "dist/ → .cache/old-dist-<pid>-…" and "new output → dist/"
    const dead = await deadPid();
    const { renameSync } = await import('node:fs');
    renameSync(join(root, 'dist'), join(root, '.cache', `old-dist-${dead}-abc`));
    mkdirSync(join(root, '.cache', `build-${dead}-abc`));
    writeFileSync(join(root, 'content', 'posts', '2025-01-01-intro.md'), 'not a post: no front matter\n');
    // this build fails (the post lost its front matter), yet dist/ is the last good one again
    const failed = await runBuild(root, ['--only', 'site']);
    expect(failed.code).toBe(1);
    expect(fingerprint(join(root, 'dist'))).toBe(before);
  });

  it('should leave dist/ as it was or complete, killed at 15 random moments', async () => {
    const root = await makeProject();
    roots.push(root);
    const dist = join(root, 'dist');
    // the site alone: the swap is the same for every target, and the books' Chromium is tried above
    const args = ['--only', 'site'];
    expect((await runBuild(root, args)).code).toBe(0);
    const t0 = Date.now();
    const first = await runBuild(root, args);
    expect(first.code, first.err).toBe(0);
    // (a length to spread the kills over, not a figure checked: a warm build is shorter)
    const length = Date.now() - t0;
    // a seeded sequence of delays (reproducible), spread over a build's length
    let seed = 20;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const post = join(root, 'content', 'posts', '2025-01-03-second.md');
    const text = readFileSync(post, 'utf8');
    const seen = { old: 0, complete: 0 };
    for (let i = 0; i < 15; i++) {
      const before = fingerprint(dist);
      // each build has something new to write
      writeFileSync(post, `${text}\nEdit ${i}.\n`);
      const child = spawnBuild(root, args);
      const exited = new Promise((ok) => child.on('exit', ok));
      await new Promise((r) => setTimeout(r, random() * length * 1.5));
      child.kill('SIGKILL');
      await exited;
      const after = fingerprint(dist);
      const same = after === before;
      const complete = !same && isCompleteBuild(dist);
      expect({ kill: i, same, complete }).toEqual({ kill: i, same, complete: !same });
      seen[same ? 'old' : 'complete']++;
      if (complete) expect(readFileSync(join(dist, 'site', 'index.html'), 'utf8')).toContain('Test Blog');
      expect(chromiumOf(child.pid!)).toEqual([]);
    }
    // then a build runs to its end and removes what the killed ones left
    const last = await runBuild(root, args);
    expect(last.code, last.err).toBe(0);
    expect(leftovers(root)).toEqual([]);
    expect(isCompleteBuild(dist)).toBe(true);
    console.log(`15 kills: dist/ as it was ${seen.old} times, a complete new one ${seen.complete} times`);
  });
});
