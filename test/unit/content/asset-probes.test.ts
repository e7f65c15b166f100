import { mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { AssetProbes } from '../../../src/content/asset-probes.ts';
import { cachedAsset } from '../../../src/content/assets.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const png = (width: number) =>
  sharp({ create: { width, height: 40, channels: 3, background: '#ffffff' } })
    .png()
    .toBuffer();

describe('the probes kept in .cache/assets.json', () => {
  it('should give a kept probe while the file is unchanged, and probe a file again once it changed', async () => {
    const root = mkdtempSync(join(tmpdir(), 'postbound-probes-'));
    dirs.push(root);
    const cacheDir = join(root, '.cache');
    const image = join(root, 'a.png');
    writeFileSync(image, await png(60));

    const first = await AssetProbes.open(cacheDir);
    const made = await cachedAsset(root, image, undefined, first);
    expect(made).toMatchObject({ width: 60, format: 'png' });
    await first.save();

    const file = join(cacheDir, 'assets.json');
    expect(readFileSync(file, 'utf8')).toContain('"width":60');
    const second = await AssetProbes.open(cacheDir);
    const stamp = (() => {
      const s = statSync(image);
      return `${s.size}:${s.mtimeMs}:${s.ino}`;
    })();
    expect(second.get(image, stamp)).toEqual(made);

    // the same name, other pixels, a new time: probed again
    writeFileSync(image, await png(80));
    const later = new Date(Date.now() + 5000);
    utimesSync(image, later, later);
    const third = await AssetProbes.open(cacheDir);
    expect(await cachedAsset(root, image, undefined, third)).toMatchObject({ width: 80 });
  });

  it('should drop a damaged file whole and probe every image again', async () => {
    const root = mkdtempSync(join(tmpdir(), 'postbound-probes-'));
    dirs.push(root);
    const cacheDir = join(root, '.cache');
    const image = join(root, 'b.png');
    writeFileSync(image, await png(50));
    const probes = await AssetProbes.open(cacheDir);
    await cachedAsset(root, image, undefined, probes);
    await probes.save();
    const file = join(cacheDir, 'assets.json');
    // a width changed by hand (or by a damaged disk) would put a wrong size in every book
    writeFileSync(file, readFileSync(file, 'utf8').replace('"width":50', '"width":5000'));
    const again = await AssetProbes.open(cacheDir);
    expect(await cachedAsset(root, image, undefined, again)).toMatchObject({ width: 50 });
  });
});
