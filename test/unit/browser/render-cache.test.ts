import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
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

  it('keeps only the newest few entries of a kind', async () => {
    const dir = cacheDir();
    for (let i = 0; i < 9; i++) {
      await drawCached(dir, 'summary', [`page ${i}`], async () => ({ files: { png: Buffer.from(String(i)) }, keep: true }));
    }
    await drawCached(dir, 'cover', ['c'], async () => ({ files: { png: Buffer.from('c') }, keep: true }));
    const names = readdirSync(join(dir, 'renders'));
    expect(names.filter((n) => n.startsWith('summary-')).length).toBe(4);
    expect(names.filter((n) => n.startsWith('cover-')).length).toBe(1);
    expect(names.some((n) => n.endsWith('.tmp'))).toBe(false);
  });
});
