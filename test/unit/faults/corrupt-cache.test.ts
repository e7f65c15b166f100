// Every cache under .cache/ checks what it reads back: an entry cut short or
// with a byte changed is made again, never used. Each test damages real
// entries, the way a full disk or a sync tool does, and compares with a fresh run.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { VFile } from 'vfile';
import { afterAll, describe, expect, it } from 'vitest';
import { ImageCache } from '../../../src/assets/images.ts';
import { probeImage } from '../../../src/assets/probe.ts';
import { drawCached } from '../../../src/browser/render-cache.ts';
import { loadSite } from '../../../src/content/load.ts';
import type { Asset } from '../../../src/content/model.ts';
import { OutputCache } from '../../../src/pipeline/output-cache.ts';
import { readCachedRun, storeRun } from '../../../src/validate/cache.ts';
import { makeProject } from '../../helpers/project.ts';

const dirs: string[] = [];
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), 'postbound-corrupt-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const filesUnder = (dir: string) =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));

/** Changes one byte in the middle of `file` (a bit flip: same length, still parses as JSON when it was). */
function alter(file: string, from = /[a-z]/): void {
  const text = readFileSync(file, 'latin1');
  const middle = Math.floor(text.length / 2);
  const at = text.slice(middle).search(from) + middle;
  writeFileSync(file, Buffer.from(text.slice(0, at) + (text[at] === 'x' ? 'y' : 'x') + text.slice(at + 1), 'latin1'));
}
const cut = (file: string) => truncateSync(file, Math.floor(statSync(file).size / 2));

describe('a corrupted cache', () => {
  it('should parse a post again when its markdown entry is cut or altered', async () => {
    const root = await makeProject();
    dirs.push(root);
    const cacheDir = join(root, '.cache');
    const fresh = await loadSite(root, { cacheDir });
    const bodies = (r: typeof fresh) =>
      r.site!.posts.map((p) => JSON.stringify(p.hast, (k, v) => (k === 'position' ? undefined : v)));
    const entries = filesUnder(join(cacheDir, 'markdown'));
    expect(entries.length).toBe(3);
    // a letter changed in a post's text: still valid JSON, wrong words
    for (const [i, entry] of entries.entries()) i % 2 ? cut(entry) : alter(entry);
    alter(join(cacheDir, 'front-matter.json'));
    const again = await loadSite(root, { cacheDir });
    expect(again.ok).toBe(true);
    expect(bodies(again)).toEqual(bodies(fresh));
    expect(again.site!.posts.map((p) => p.title)).toEqual(fresh.site!.posts.map((p) => p.title));
    // and the entries were written again, whole
    const third = await loadSite(root, { cacheDir });
    expect(bodies(third)).toEqual(bodies(fresh));
  });

  it('should make an image variant again when the cached file is cut or altered', async () => {
    const dir = temp();
    const path = join(dir, 'scan.png');
    writeFileSync(
      path,
      await sharp({ create: { width: 900, height: 600, channels: 3, background: '#c0a080' } })
        .png()
        .toBuffer(),
    );
    const info = await probeImage(path);
    const asset: Asset = {
      id: 'a',
      path,
      rel: 'scan.png',
      hash: info.hash,
      width: 900,
      height: 600,
      format: 'png',
      stem: 'scan',
    };
    const spec = { format: 'jpeg' as const, width: 400 };
    const first = await new ImageCache(join(dir, 'c')).variant(asset, spec);
    // the variant and the shared book JPEG it is made from (src/assets/images.ts): the variant is the 400 px one
    const jpegs = filesUnder(join(dir, 'c', 'images')).filter((f) => f.endsWith('.jpg'));
    expect(jpegs).toHaveLength(2);
    const widths = await Promise.all(jpegs.map(async (f) => (await sharp(f).metadata()).width));
    const stored = jpegs.filter((_, i) => widths[i] === 400);
    expect(stored).toHaveLength(1);
    for (const damage of [cut, (f: string) => alter(f, /./)]) {
      damage(stored[0]!);
      const cache = new ImageCache(join(dir, 'c'));
      const again = await cache.variant(asset, spec);
      expect(cache.misses).toBe(1);
      expect(Buffer.compare(again.buffer, first.buffer)).toBe(0);
      expect((await sharp(again.buffer).metadata()).width).toBe(400);
    }
    // a warm read of the repaired entry is a hit again
    const warm = new ImageCache(join(dir, 'c'));
    await warm.variant(asset, spec);
    expect(warm.hits).toBe(1);
  });

  it('should draw a picture again when a file of its render entry is cut, altered or missing', async () => {
    const dir = temp();
    let draws = 0;
    const picture = Buffer.from('a picture drawn in Chromium, standing in here');
    const draw = async () => {
      draws++;
      return { files: { 'cover.jpg': picture, 'mockup.png': Buffer.from('mock-up') }, keep: true };
    };
    await drawCached(dir, 'cover', ['<html>'], draw);
    const entry = filesUnder(join(dir, 'renders')).find((f) => f.endsWith('cover.jpg'))!;
    for (const damage of [cut, (f: string) => alter(f), (f: string) => rmSync(f)]) {
      damage(entry);
      const got = await drawCached(dir, 'cover', ['<html>'], draw);
      expect(got['cover.jpg']).toEqual(picture);
    }
    expect(draws).toBe(4);
    await drawCached(dir, 'cover', ['<html>'], draw);
    expect(draws).toBe(4);
  });

  it('should make the books again when a cached book or its manifest is cut or altered', async () => {
    const dir = temp();
    const out = join(dir, 'out');
    const epub = Buffer.from(`PK${'book bytes '.repeat(200)}`);
    const outputs = [{ path: 'book/b.epub', bytes: epub.length }];
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(out, 'book'), { recursive: true });
    writeFileSync(join(out, 'book', 'b.epub'), epub);
    const cache = new OutputCache(join(dir, 'cache'), 'books');
    const files = [new VFile({ path: 'postbound.yaml' })];
    await cache.store('k1', out, { outputs, validation: [] }, []);
    const restoreTo = join(dir, 'restored');
    expect(await cache.restore('k1', restoreTo, files)).toBeDefined();
    expect(readFileSync(join(restoreTo, 'book', 'b.epub'))).toEqual(epub);

    const book = join(dir, 'cache', 'books', 'k1', 'files', 'book', 'b.epub');
    const manifest = join(dir, 'cache', 'books', 'k1', 'manifest.json');
    for (const damage of [() => alter(book), () => cut(book), () => alter(manifest, /"bytes":\d/)]) {
      await cache.store('k1', out, { outputs, validation: [] }, []);
      damage();
      const elsewhere = join(dir, `r-${Math.random()}`);
      expect(await cache.restore('k1', elsewhere, files)).toBeUndefined();
      // nothing half-copied into the build's folder
      expect(() => statSync(join(elsewhere, 'book', 'b.epub'))).toThrow();
    }
  });

  it('should check an EPUB again when its cached validation result is cut or altered', async () => {
    const dir = temp();
    const run = {
      messages: [{ id: 'RSC-005', severity: 'error', message: 'Error while parsing file: element "p" not allowed here' }],
      publication: {},
      items: [],
      checkers: ['postbound'],
    } as never;
    await storeRun(dir, 'key', run);
    expect(await readCachedRun(dir, 'key')).toEqual(run);
    const file = join(dir, 'validation', 'key.json');
    // an error turned into a warning would pass a broken book
    writeFileSync(file, readFileSync(file, 'utf8').replace('"error"', '"usage"'));
    expect(await readCachedRun(dir, 'key')).toBeUndefined();
    await storeRun(dir, 'key', run);
    cut(file);
    expect(await readCachedRun(dir, 'key')).toBeUndefined();
  });
});
