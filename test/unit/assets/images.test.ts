import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { greyEntropy, ImageCache, SHARED_JPEG, variantWidth } from '../../../src/assets/images.ts';
import { probeImage } from '../../../src/assets/probe.ts';
import type { Asset } from '../../../src/content/model.ts';

const dir = mkdtempSync(join(tmpdir(), 'postbound-images-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function asset(width: number, height: number): Promise<Asset> {
  const path = join(dir, `scan-${width}.png`);
  // noise, so that sizes respond to quality like a real scan
  const raw = Buffer.alloc(width * height * 3);
  for (let i = 0; i < raw.length; i++) raw[i] = (i * 2654435761) >>> 24;
  writeFileSync(
    path,
    await sharp(raw, { raw: { width, height, channels: 3 } })
      .png()
      .toBuffer(),
  );
  const info = await probeImage(path);
  return { id: info.hash.slice(0, 12), path, rel: 'scan.png', hash: info.hash, width, height, format: 'png', stem: 'scan' };
}

describe('image cache', () => {
  it('should make a variant fitted inside the box, never enlarged', async () => {
    const a = await asset(3000, 2000);
    const cache = new ImageCache(join(dir, 'c1'));
    const v = await cache.variant(a, { format: 'jpeg', width: 1600, height: 1600 });
    expect([v.width, v.height]).toEqual([1600, 1067]);
    const meta = await sharp(v.buffer).metadata();
    expect(meta.format).toBe('jpeg');
    expect([meta.width, meta.height]).toEqual([1600, 1067]);
    const big = await cache.variant(a, { format: 'webp', width: 5000 });
    expect(big.width).toBe(2400);
  });

  it('should serve a second request from the disk cache without image work', async () => {
    const a = await asset(1200, 900);
    const first = new ImageCache(join(dir, 'c2'));
    const v1 = await first.variant(a, { format: 'webp', width: 640 });
    expect([first.hits, first.misses]).toEqual([0, 1]);
    const second = new ImageCache(join(dir, 'c2'));
    const v2 = await second.variant(a, { format: 'webp', width: 640 });
    expect([second.hits, second.misses]).toEqual([1, 0]);
    expect(v2.buffer.equals(v1.buffer)).toBe(true);
    expect(v2.name).toBe(v1.name);
  });

  it('should shrink until a byte limit is met (MOBI records)', async () => {
    const a = await asset(2400, 1800);
    const cache = new ImageCache(join(dir, 'c3'));
    const v = await cache.variant(a, { format: 'jpeg', width: 2400, maxBytes: 60 * 1024 });
    expect(v.buffer.length).toBeLessThanOrEqual(60 * 1024);
  });

  it('should tell line art from a pencil scan by grey-level entropy, the same as sharp measures it', async () => {
    const w = 900;
    const h = 600;
    const lines = Buffer.alloc(w * h * 3, 255);
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) if ((x + y) % 50 < 3) lines.fill(0, (y * w + x) * 3, (y * w + x) * 3 + 3);
    const noisy = Buffer.from(lines.map((v, i) => Math.max(0, v - ((i * 2654435761) >>> 27))));
    for (const image of [lines, noisy]) {
      const ours = greyEntropy(image, w, h, 3, 1);
      const { entropy } = await sharp(image, { raw: { width: w, height: h, channels: 3 } }).stats();
      expect(Math.abs(ours - entropy)).toBeLessThan(0.1);
    }
    expect(greyEntropy(lines, w, h, 3)).toBeLessThan(1);
    expect(greyEntropy(noisy, w, h, 3)).toBeGreaterThan(3);
  });

  it('should know the width of a fitted variant without making it', async () => {
    const a = await asset(1200, 900);
    const cache = new ImageCache(join(dir, 'c4'));
    for (const spec of [SHARED_JPEG, { format: 'jpeg' as const, width: 500 }, { format: 'jpeg' as const, height: 300 }]) {
      expect(variantWidth(a, spec)).toBe((await cache.variant(a, spec)).width);
    }
    expect(variantWidth({ width: 3000, height: 4000 }, SHARED_JPEG)).toBe(1200);
  });

  it('should make urgent variants first and background ones last, whatever the order asked', async () => {
    const scans = await Promise.all([1000, 1010, 1020, 1030, 1040, 1050].map((w) => asset(w, 700)));
    const cache = new ImageCache(join(dir, 'c5'), 1);
    const done: string[] = [];
    // a PNG is made from the scan itself (not from the shared book JPEG), in one job
    const ask = (i: number, priority: 'urgent' | 'normal' | 'background') =>
      cache.variant(scans[i]!, { format: 'png', width: 500 }, { priority }).then(() => done.push(`${priority} ${i}`));
    // one job at a time, and a long one first (shrinking to a byte limit takes several encodes):
    // everything asked while it runs waits, and is taken in order of priority
    const busy = cache.variant(await asset(2400, 1800), { format: 'jpeg', maxBytes: 60 * 1024 });
    await vi.waitFor(() => expect(cache.decodes).toBe(1), { timeout: 30_000, interval: 5 });
    await Promise.all([
      busy,
      ask(0, 'normal'),
      ask(1, 'background'),
      ask(2, 'normal'),
      ask(3, 'background'),
      ask(4, 'urgent'),
      ask(5, 'normal'),
    ]);
    const at = (label: string) => done.indexOf(label);
    expect(at('urgent 4')).toBe(0);
    expect(at('urgent 4')).toBeLessThan(at('normal 2'));
    expect(at('normal 2')).toBeLessThan(at('background 1'));
    expect(at('normal 5')).toBeLessThan(at('background 1'));
    expect(at('normal 5')).toBeLessThan(at('background 3'));
  });

  it('should decode each source once for what is asked of it together, and make the same bytes whatever else its job made', async () => {
    const scans = await Promise.all([1500, 1510, 1520, 1530].map((w) => asset(w, 1000)));
    const specs = [SHARED_JPEG, { format: 'webp' as const, width: 640 }, { format: 'jpeg' as const, width: 600, quality: 82 }];
    const together = new ImageCache(join(dir, 'c6'), 2);
    const all = await Promise.all(scans.flatMap((a) => specs.map((spec) => together.variant(a, spec))));
    // each scan once (the base JPEG, the WebP that keeps alpha, the stats), then the base once (the thumbnail)
    expect(together.decodes).toBe(2 * scans.length);
    // each variant alone, in a cache of its own: a job of one request, from the same rung of the ladder
    for (const [i, spec] of specs.entries()) {
      const alone = await new ImageCache(join(dir, `c6-${i}`), 1).variant(scans[2]!, spec);
      expect(alone.buffer.equals(all[2 * specs.length + i]!.buffer)).toBe(true);
    }
  });

  it("should make a summary thumbnail in its scan's job, before the books' JPEG made from the same decode", async () => {
    const scans = await Promise.all([1600, 1610, 1620].map((w) => asset(w, 1200)));
    const thumb = { format: 'jpeg' as const, width: 600, height: 600, quality: 82, background: '#ffffff', fromSource: true };
    const cache = new ImageCache(join(dir, 'c6b'), 1);
    const done: string[] = [];
    // one job at a time, a long one first, so that everything below is asked before any of it starts
    const busy = cache.variant(await asset(2400, 1801), { format: 'jpeg', maxBytes: 60 * 1024 });
    await vi.waitFor(() => expect(cache.decodes).toBe(1), { timeout: 30_000, interval: 5 });
    const thumbs = scans.map((a, i) => cache.variant(a, thumb, { priority: 'urgent' }).then((v) => (done.push(`thumb ${i}`), v)));
    const books = scans.map((a, i) => cache.variant(a, SHARED_JPEG).then(() => done.push(`book ${i}`)));
    const [made] = await Promise.all([Promise.all(thumbs), busy, ...books]);
    // one decode a scan: the thumbnail waits neither for the base JPEG nor for a decode of it
    expect(cache.decodes).toBe(1 + scans.length);
    for (let i = 0; i < scans.length; i++) expect(done.indexOf(`thumb ${i}`)).toBeLessThan(done.indexOf(`book ${i}`));
    // the same bytes as the thumbnail made alone
    const alone = await new ImageCache(join(dir, 'c6b-alone'), 1).variant(scans[1]!, thumb);
    expect(alone.buffer.equals(made[1]!.buffer)).toBe(true);
  });

  it('should refuse the work still waiting once stopped (a failed build), and what is asked after', async () => {
    const scans = await Promise.all([2400, 910, 920].map((w) => asset(w, 1800)));
    const cache = new ImageCache(join(dir, 'c7'), 1);
    // one job at a time, the first one long (shrinking to a byte limit takes several encodes)
    const specs = [
      { format: 'jpeg' as const, maxBytes: 60 * 1024 },
      { format: 'jpeg' as const, width: 300 },
      { format: 'jpeg' as const, width: 300 },
    ];
    const asked = scans.map((a, i) =>
      cache.variant(a, specs[i]!).then(
        () => 'made',
        (e: Error) => e.message,
      ),
    );
    await vi.waitFor(() => expect(cache.decodes).toBe(1), { timeout: 30_000, interval: 5 });
    cache.stop(new Error('the build failed'));
    const late = await cache.variant(await asset(930, 600), { format: 'jpeg', width: 300 }).catch((e: Error) => e.message);
    expect(await Promise.all(asked)).toEqual(['made', 'the build failed', 'the build failed']);
    expect(late).toBe('the build failed');
    expect(cache.decodes).toBe(1);
  });

  it('should find a line drawing smaller as PNG and a noisy scan smaller as JPEG, from one decode with the variant', async () => {
    const [w, h] = [1200, 800];
    const lines = Buffer.alloc(w * h * 3, 255);
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) if ((x + 2 * y) % 90 < 4) lines.fill(20, (y * w + x) * 3, (y * w + x) * 3 + 3);
    const path = join(dir, 'lines.png');
    writeFileSync(
      path,
      await sharp(lines, { raw: { width: w, height: h, channels: 3 } })
        .png()
        .toBuffer(),
    );
    const info = await probeImage(path);
    const drawing: Asset = {
      id: 'lines',
      path,
      rel: 'lines.png',
      hash: info.hash,
      width: w,
      height: h,
      format: 'png',
      stem: 'lines',
    };
    const cache = new ImageCache(join(dir, 'c8'), 1);
    const [lineStats] = await Promise.all([cache.stats(drawing), cache.variant(drawing, SHARED_JPEG)]);
    expect(cache.decodes).toBe(1);
    expect(lineStats).toMatchObject({ pngSmaller: true });
    expect(lineStats.entropy).toBeLessThan(1);
    // kept on disk: the next build's question decodes nothing
    await cache.whenIdle();
    const next = new ImageCache(join(dir, 'c8'), 1);
    expect(await next.stats(drawing)).toEqual(lineStats);
    expect(next.decodes).toBe(0);
    const scan = await cache.stats(await asset(1200, 800));
    expect(scan).toMatchObject({ pngSmaller: false });
    expect(scan.entropy).toBeGreaterThan(3);
  });
});

describe('image cache: scans with alpha', () => {
  // a transparent frame around an opaque grey middle, like a scan whose paper was made transparent
  async function alphaScan(width: number, height: number): Promise<Asset> {
    const raw = Buffer.alloc(width * height * 4);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = (y * width + x) * 4;
        const inside = x > width / 4 && x < (3 * width) / 4 && y > height / 4 && y < (3 * height) / 4;
        raw.fill(inside ? 90 : 30, i, i + 3);
        raw[i + 3] = inside ? 255 : 0;
      }
    }
    const path = join(dir, `alpha-${width}.png`);
    writeFileSync(
      path,
      await sharp(raw, { raw: { width, height, channels: 4 } })
        .png()
        .toBuffer(),
    );
    const info = await probeImage(path);
    expect(info.alpha).toBe(true);
    return {
      id: info.hash.slice(0, 12),
      path,
      rel: 'alpha.png',
      hash: info.hash,
      width,
      height,
      format: 'png',
      stem: 'alpha',
      alpha: true,
    };
  }
  const pixel = async (buffer: Buffer, x: number, y: number) => {
    const { data, info } = await sharp(buffer).raw().toBuffer({ resolveWithObject: true });
    const i = (y * info.width + x) * info.channels;
    return [...data.subarray(i, i + info.channels)];
  };

  it('should draw the JPEG on white and keep the alpha channel for a variant that asks for none', async () => {
    const a = await alphaScan(2000, 1500);
    const cache = new ImageCache(join(dir, 'c9'), 1);
    const [jpeg, webp, black] = await Promise.all([
      cache.variant(a, SHARED_JPEG),
      cache.variant(a, { format: 'webp', width: 800, quality: 100 }),
      cache.variant(a, { format: 'png', width: 400, background: '#000000' }),
    ]);
    // the transparent frame: white in the JPEG, see-through in the WebP, black on the black ground
    expect((await pixel(jpeg.buffer, 5, 5)).every((v) => v >= 250)).toBe(true);
    expect((await pixel(webp.buffer, 5, 5)).at(-1)).toBe(0);
    expect((await pixel(black.buffer, 5, 5)).slice(0, 3).every((v) => v <= 5)).toBe(true);
    // the opaque middle is the same grey in all three
    for (const v of [jpeg, webp, black]) {
      const [r] = await pixel(v.buffer, Math.round(v.width / 2), Math.round(v.height / 2));
      expect(Math.abs(r! - 90)).toBeLessThanOrEqual(4);
    }
    // copies on white serve the JPEG; the two kept grounds are decoded apart
    expect(cache.decodes).toBe(2);
  });

  it('should make the same JPEG of a scan with alpha whatever else its job made', async () => {
    const a = await alphaScan(1800, 1200);
    const alone = await new ImageCache(join(dir, 'c10a'), 1).variant(a, SHARED_JPEG);
    const busy = new ImageCache(join(dir, 'c10b'), 1);
    const [withOthers] = await Promise.all([
      busy.variant(a, SHARED_JPEG),
      busy.variant(a, { format: 'jpeg', width: 2400, quality: 85 }),
      busy.variant(a, { format: 'webp', width: 700 }),
      busy.stats(a),
    ]);
    expect(withOthers.buffer.equals(alone.buffer)).toBe(true);
  });
});
