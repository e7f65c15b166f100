// A writer's own cover of another shape than 1:1.6 is fitted whole on a blurred
// copy of itself, never cropped, and the warning says so at its line in
// postbound.yaml.
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { buildProject } from '../../src/pipeline/build.ts';
import { meanDifference } from '../helpers/pixels.ts';
import { baseConfig, makeProject } from '../helpers/project.ts';

const W = 2400;
const H = 1500;
/** A marker colour in each corner of the original, and words against its left and right edges. */
const CORNERS = { tl: [230, 30, 30], tr: [30, 200, 40], bl: [30, 60, 230], br: [240, 200, 20] } as const;
const rgb = (c: readonly number[]) => `rgb(${c.join(',')})`;
function landscape(): Promise<Buffer> {
  const m = 160;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">
    <rect width="100%" height="100%" fill="#efe6d2"/>
    <rect x="0" y="0" width="${m}" height="${m}" fill="${rgb(CORNERS.tl)}"/>
    <rect x="${W - m}" y="0" width="${m}" height="${m}" fill="${rgb(CORNERS.tr)}"/>
    <rect x="0" y="${H - m}" width="${m}" height="${m}" fill="${rgb(CORNERS.bl)}"/>
    <rect x="${W - m}" y="${H - m}" width="${m}" height="${m}" fill="${rgb(CORNERS.br)}"/>
    <text x="20" y="${H / 2}" font-family="sans-serif" font-size="220" font-weight="700" fill="#222">TITLE</text>
    <text x="${W - 20}" y="${H / 2 + 260}" text-anchor="end" font-family="sans-serif" font-size="160" fill="#822">Author</text>
  </svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

async function mean(img: Buffer, left: number, top: number, size = 24): Promise<number[]> {
  const data = await sharp(img).extract({ left, top, width: size, height: size }).removeAlpha().raw().toBuffer();
  const sum = [0, 0, 0];
  for (let i = 0; i < data.length; i++) sum[i % 3]! += data[i]!;
  return sum.map((v) => v / (data.length / 3));
}
const distance = (a: readonly number[], b: readonly number[]) => a.reduce((s, v, i) => s + Math.abs(v - b[i]!), 0);

describe("a writer's landscape cover", () => {
  it('should be fitted whole on a 1600×2560 cover, with a warning at its line that says so', async () => {
    const original = await landscape();
    const config = `${baseConfig}    cover:\n      image: content/sketches/cover.png\n`;
    expect(config.split('\n')[11]).toBe('      image: content/sketches/cover.png');
    const root = await makeProject({ 'content/sketches/cover.png': original }, { config });
    roots.push(root);
    const built = await buildProject({ root, only: ['cover'] });
    expect(built.ok).toBe(true);
    const jpeg = await sharp(join(root, 'dist', 'book', 'test-book-cover.jpg')).toBuffer();
    const meta = await sharp(jpeg).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 1600, 2560]);
    await sharp(jpeg).resize(500).png().toFile(join(tmpdir(), 'postbound-cover-landscape.png'));

    // the whole width: 2400×1500 scaled to 1600×1000, centred vertically
    const scale = 1600 / W;
    const top = Math.round((2560 - H * scale) / 2);
    const inset = Math.round(50 * scale);
    const at = (x: number, y: number) => mean(jpeg, Math.round(x), Math.round(y));
    const m = 160 * scale;
    expect(distance(await at(inset, top + inset), CORNERS.tl), 'top left').toBeLessThan(60);
    expect(distance(await at(1600 - m + inset, top + inset), CORNERS.tr), 'top right').toBeLessThan(60);
    expect(distance(await at(inset, top + H * scale - m + inset), CORNERS.bl), 'bottom left').toBeLessThan(60);
    expect(distance(await at(1600 - m + inset, top + H * scale - m + inset), CORNERS.br), 'bottom right').toBeLessThan(60);

    // the image's area, downscaled, is the original downscaled (text at both edges included)
    const small = { width: 240, height: 150 };
    const a = await sharp(jpeg)
      .extract({ left: 0, top, width: 1600, height: Math.round(H * scale) })
      .resize(small.width, small.height, { fit: 'fill' })
      .png()
      .toBuffer();
    const b = await sharp(original).resize(small.width, small.height, { fit: 'fill' }).png().toBuffer();
    expect(await meanDifference(a, b)).toBeLessThan(6);

    // above and below: a darker, blurred copy, not white and not a hard-edged copy
    const above = await at(800, top / 2);
    expect(Math.max(...above)).toBeLessThan(200);

    const all = built.files.flatMap((f) => f.messages.map((x) => ({ path: f.path, x })));
    const found = all.find((e) => e.x.ruleId === 'cover-ratio');
    expect(found, JSON.stringify(all.map((e) => [e.path, e.x.ruleId, e.x.line]))).toBeDefined();
    expect(found!.path).toMatch(/postbound\.yaml$/);
    const msg = found!.x;
    expect([msg.line, msg.column]).toEqual([12, 7]);
    expect(msg.reason).toContain('fitted on a blurred copy of itself; export it at 1600×2560 for a full-bleed cover');
    expect(msg.reason).not.toMatch(/crop/);
  }, 120_000);
});
