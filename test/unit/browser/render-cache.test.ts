import { mkdtempSync, readdirSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { drawCached } from '../../../src/browser/render-cache.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const cacheDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'pb-renders-'));
  dirs.push(d);
  return d;
};

describe('drawCached', () => {
  it('draws once for the same inputs and returns the same bytes after', async () => {
    const dir = cacheDir();
    let draws = 0;
    const draw = async () => {
      draws++;
      return { files: { png: Buffer.from(`picture ${draws}`), meta: Buffer.from('{"a":1}') }, keep: true };
    };
    const a = await drawCached(dir, 'cover', ['<html>', 1600], draw);
    const b = await drawCached(dir, 'cover', ['<html>', 1600], draw);
    expect(draws).toBe(1);
    expect(b.png.toString()).toBe('picture 1');
    expect(b.meta.toString()).toBe(a.meta.toString());
    await drawCached(dir, 'cover', ['<html>', 1601], draw);
    await drawCached(dir, 'cover', ['<html> ', 1600], draw);
    await drawCached(dir, 'summary', ['<html>', 1600], draw);
    expect(draws).toBe(4);
  });

  it('draws again when the last drawing reported a problem', async () => {
    const dir = cacheDir();
    let draws = 0;
    const draw = async () => {
      draws++;
      return { files: { png: Buffer.from('x') }, keep: false };
    };
    await drawCached(dir, 'cover', ['same'], draw);
    await drawCached(dir, 'cover', ['same'], draw);
    expect(draws).toBe(2);
  });

  it('keeps the entries used in the last hour and only the newest few older ones of a kind', async () => {
    const dir = cacheDir();
    const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000);
    for (let i = 0; i < 9; i++) {
      await drawCached(dir, 'summary', [`page ${i}`], async () => ({ files: { png: Buffer.from(String(i)) }, keep: true }));
    }
    // all nine were written just now: none is pruned
    const renders = join(dir, 'renders');
    expect(readdirSync(renders).filter((n) => n.startsWith('summary-')).length).toBe(9);
    // a day later, in another build: one new entry, and the newest four of the old ones
    for (const [i, n] of readdirSync(renders).sort().entries()) utimesSync(join(renders, n), hoursAgo(24 + i), hoursAgo(24 + i));
    const newestOld = readdirSync(renders).sort().slice(0, 4);
    await drawCached(dir, 'summary', ['page 9'], async () => ({ files: { png: Buffer.from('9') }, keep: true }));
    await drawCached(dir, 'cover', ['c'], async () => ({ files: { png: Buffer.from('c') }, keep: true }));
    const names = readdirSync(renders);
    expect(names.filter((n) => n.startsWith('summary-')).length).toBe(5);
    for (const n of newestOld) expect(names).toContain(n);
    expect(names.filter((n) => n.startsWith('cover-')).length).toBe(1);
    expect(names.some((n) => n.endsWith('.tmp'))).toBe(false);
  });

  it('writes many entries of one kind at once (a 13-page summary) without losing one', async () => {
    const dir = cacheDir();
    const pages = Array.from({ length: 13 }, (_, i) => i);
    const draw = (i: number) => async () => ({ files: { png: Buffer.from(`page ${i}`) }, keep: true });
    await Promise.all(pages.map((i) => drawCached(dir, 'mobi-summary', [`page ${i}`], draw(i))));
    let draws = 0;
    const again = await Promise.all(
      pages.map((i) =>
        drawCached(dir, 'mobi-summary', [`page ${i}`], async () => {
          draws++;
          return draw(i)();
        }),
      ),
    );
    expect(draws).toBe(0);
    expect(again.map((f) => f.png.toString())).toEqual(pages.map((i) => `page ${i}`));
  });
});
