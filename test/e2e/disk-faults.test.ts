// A build that cannot write: a full disk (a small tmpfs holding the project),
// dist/ or .cache/ under a read-only bind mount, a file where dist/ or .cache/
// should be. Tests run as root, so permission bits would not stop them: these
// are real mounts. Each must end with one clear message naming the path and the
// fix, exit code 1, and the last good dist/ exactly as it was.
import { execFileSync } from 'node:child_process';
import { closeSync, cpSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fingerprint, leftovers, runBuild } from '../helpers/faults.ts';
import { makeProject } from '../helpers/project.ts';

const mounts: string[] = [];
const roots: string[] = [];
afterAll(() => {
  for (const m of mounts.reverse()) execFileSync('umount', ['-l', m]);
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});
const mount = (args: string[], at: string) => {
  execFileSync('mount', [...args, at]);
  mounts.push(at);
};
const unmount = (at: string) => {
  execFileSync('umount', [at]);
  mounts.splice(mounts.indexOf(at), 1);
};
const readOnly = (dir: string) => {
  mount(['--bind', dir], dir);
  execFileSync('mount', ['-o', 'remount,ro,bind', dir]);
};

/** A project built once (the site: what a fault must leave as it was), and a post edited since. */
async function builtProject(root?: string): Promise<{ root: string; dist: string; before: string }> {
  const made = await makeProject();
  if (root) {
    cpSync(made, root, { recursive: true });
    rmSync(made, { recursive: true, force: true });
  } else roots.push(made);
  const dir = root ?? made;
  const first = await runBuild(dir, ['--only', 'site']);
  expect(first.code, first.err).toBe(0);
  const post = join(dir, 'content', 'posts', '2025-01-03-second.md');
  writeFileSync(post, `${readFileSync(post, 'utf8')}\nA new paragraph, so the build has something to write.\n`);
  return { root: dir, dist: join(dir, 'dist'), before: fingerprint(join(dir, 'dist')) };
}

describe('disk faults', () => {
  it('should say the disk is full, exit 1 and keep dist/ when the disk fills during the build', async () => {
    const root = mkdtempSync(join(tmpdir(), 'postbound-full-'));
    roots.push(root);
    mount(['-t', 'tmpfs', '-o', 'size=3m', 'tmpfs'], root);
    const { dist, before } = await builtProject(root);
    // fill what is left, as another program would
    const fd = openSync(join(root, 'filler'), 'w');
    try {
      for (;;) writeSync(fd, Buffer.alloc(64 * 1024));
    } catch (error) {
      expect((error as NodeJS.ErrnoException).code).toBe('ENOSPC');
    } finally {
      closeSync(fd);
    }
    const built = await runBuild(root, ['--only', 'site']);
    expect(built.code).toBe(1);
    expect(built.err, built.err).toMatch(/error\s+\S+ could not be written: no space is left on the disk \(ENOSPC/);
    expect(built.err).toContain('disk-full');
    expect(built.err).toMatch(/hint: Free some space/);
    expect(built.err).not.toMatch(/\n\s+at /);
    expect(fingerprint(dist)).toBe(before);
    expect(leftovers(root)).toEqual([]);
    // with the space back, the next build goes through
    rmSync(join(root, 'filler'));
    expect((await runBuild(root, ['--only', 'site'])).code).toBe(0);
    unmount(root);
  });

  it('should name a read-only dist/ and keep it', async () => {
    const { root, dist, before } = await builtProject();
    readOnly(dist);
    const built = await runBuild(root, ['--only', 'site']);
    expect(built.code).toBe(1);
    expect(built.err).toMatch(/dist could not become .*it is a mount point or in use, so it cannot be replaced \(EBUSY/);
    expect(built.err).toContain('read-only');
    expect(built.err).toMatch(/hint: postbound writes only dist\/ and \.cache\//);
    expect(fingerprint(dist)).toBe(before);
    expect(leftovers(root)).toEqual([]);
    unmount(dist);
  });

  it('should name a read-only .cache/ and keep dist/', async () => {
    const { root, dist, before } = await builtProject();
    readOnly(join(root, '.cache'));
    const built = await runBuild(root, ['--only', 'site']);
    expect(built.code).toBe(1);
    expect(built.err).toMatch(/\.cache\/build-\d+-\w+ could not be written: the file system is mounted read-only \(EROFS/);
    expect(built.err).toContain('read-only');
    expect(built.err).not.toMatch(/\n\s+at /);
    expect(fingerprint(dist)).toBe(before);
    unmount(join(root, '.cache'));
  });

  it('should name a file where .cache/ should be, and keep dist/ and the file', async () => {
    const { root, dist, before } = await builtProject();
    rmSync(join(root, '.cache'), { recursive: true });
    writeFileSync(join(root, '.cache'), 'a file a writer put here\n');
    const built = await runBuild(root, ['--only', 'site']);
    expect(built.code).toBe(1);
    expect(built.err, built.err).toMatch(/error\s+\.cache could not be written: a file is in the way of a folder \(EEXIST/);
    expect(built.err).toContain('path-blocked');
    expect(built.err).toMatch(/hint: dist\/ and \.cache\/ .* must be folders/);
    expect(fingerprint(dist)).toBe(before);
    expect(readFileSync(join(root, '.cache'), 'utf8')).toBe('a file a writer put here\n');
  });

  it('should name a file where dist/ should be, and leave the file alone', async () => {
    const { root } = await builtProject();
    rmSync(join(root, 'dist'), { recursive: true });
    writeFileSync(join(root, 'dist'), 'notes, not a build\n');
    const built = await runBuild(root, ['--only', 'site']);
    expect(built.code).toBe(1);
    expect(built.err).toMatch(/dist could not be written: a file is in the way of a folder \(ENOTDIR/);
    expect(readFileSync(join(root, 'dist'), 'utf8')).toBe('notes, not a build\n');
    expect(leftovers(root)).toEqual([]);
  });
});
