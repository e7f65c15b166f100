// Scans as scanners and print shops save them, not as a browser would: a CMYK
// JPEG, a 16-bit greyscale PNG with alpha, a 16-bit RGB PNG and a JPEG stored on
// its side with an EXIF orientation. Built whole and read back: Java EPUBCheck and
// sharp for the EPUB's pictures, pdfimages for the PDF, our MOBI reader, sharp for
// the site's JPEGs. Each must come out as 8-bit sRGB, the right way up, in its colours.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { unzipSync } from 'fflate';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { isJpeg } from '../../src/mobi/jfif.ts';
import { readMobi } from '../../src/mobi/reader.ts';
import { makeProject, post } from '../helpers/project.ts';
import { epubcheck, problems } from './epub-fixture.ts';

const RED = { r: 208, g: 32, b: 32 };
const BLUE = { r: 32, g: 64, b: 200 };

/** Left half red, right half blue, with a little grain so encoders have work. */
function halves(width: number, height: number): Buffer {
  const raw = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const c = x < width / 2 ? RED : BLUE;
      const grain = ((x * 7 + y * 13) % 9) - 4;
      const i = (y * width + x) * 3;
      raw[i] = c.r + grain;
      raw[i + 1] = c.g + grain;
      raw[i + 2] = c.b + grain;
    }
  }
  return raw;
}

/** A grey ramp whose top quarter is transparent paper (grey and alpha; made 16-bit below). */
function greyRamp(width: number, height: number): Buffer {
  const raw = Buffer.alloc(width * height * 2);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 2;
      raw[i] = Math.round((x / width) * 160);
      raw[i + 1] = y < height / 4 ? 0 : 255;
    }
  }
  return raw;
}

/** Stored as a portrait 800×1200 whose top 100 rows are red, the rest white. */
function sideways(): Buffer {
  const [width, height] = [800, 1200];
  const raw = Buffer.alloc(width * height * 3, 255);
  for (let y = 0; y < 100; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      raw[i] = RED.r;
      raw[i + 1] = RED.g;
      raw[i + 2] = RED.b;
    }
  }
  return raw;
}

const sketchPost = (date: string, part: number, file: string, alt: string) =>
  post(
    {
      title: `Part ${part}`,
      date,
      series: 'Getting Started',
      part,
      sketch: `../sketches/${file}`,
      sketchAlt: alt,
      problem: 'P.',
      answer: 'A.',
    },
    `## Scan ${part}\n\n![${alt}](../sketches/${file})\n\nA line of text.`,
  );

let root: string;
let cmykSource: Buffer;
let output: string;
let code: number;

beforeAll(async () => {
  cmykSource = await sharp(halves(1200, 800), { raw: { width: 1200, height: 800, channels: 3 } })
    .toColourspace('cmyk')
    .jpeg({ quality: 90 })
    .toBuffer();
  const cmyk = cmykSource;
  const grey16 = await sharp(greyRamp(1200, 800), { raw: { width: 1200, height: 800, channels: 2 } })
    .toColourspace('grey16')
    .png()
    .toBuffer();
  const rgb16 = await sharp(halves(1200, 800), { raw: { width: 1200, height: 800, channels: 3 } })
    .toColourspace('rgb16')
    .png()
    .toBuffer();
  const rotated = await sharp(sideways(), { raw: { width: 800, height: 1200, channels: 3 } })
    .jpeg({ quality: 90 })
    .withMetadata({ orientation: 6 })
    .toBuffer();
  root = await makeProject({
    'content/sketches/Print Shop CMYK.jpg': cmyk,
    'content/sketches/scan-grey16.png': grey16,
    'content/sketches/scan-rgb16.png': rgb16,
    'content/sketches/IMG_0412.JPG': rotated,
    'content/posts/2025-01-02-first.md': sketchPost('2025-01-02', 1, 'Print Shop CMYK.jpg', 'cmyk halves'),
    'content/posts/2025-01-03-second.md': sketchPost('2025-01-03', 2, 'scan-grey16.png', 'grey ramp'),
    'content/posts/2025-01-04-third.md': sketchPost('2025-01-04', 3, 'scan-rgb16.png', 'deep halves'),
    'content/posts/2025-01-05-fourth.md': sketchPost('2025-01-05', 4, 'IMG_0412.JPG', 'turned photo'),
  });
  let text = '';
  const sink = new Writable({
    write(chunk, _enc, done) {
      text += chunk;
      done();
    },
  });
  code = await main(['build', root], { stdout: sink, stderr: sink });
  output = text;
});

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

const dist = (...parts: string[]) => join(root, 'dist', ...parts);

/** The EPUB's picture for `alt`, from the chapter that shows it. */
function epubPicture(alt: string): Buffer {
  const zip = unzipSync(readFileSync(dist('book', 'test-book.epub')));
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  for (const [name, bytes] of Object.entries(zip)) {
    if (!name.endsWith('.xhtml')) continue;
    const m = new RegExp(`<img [^>]*src="([^"]+)"[^>]*alt="${alt}"|<img [^>]*alt="${alt}"[^>]*src="([^"]+)"`).exec(decode(bytes));
    if (m) return Buffer.from(zip[`EPUB/${m[1] ?? m[2]}`]);
  }
  throw new Error(`no picture with alt "${alt}" in the EPUB`);
}

/** Mean colour of a region given as fractions of the picture. */
async function meanOf(image: Buffer, x0: number, x1: number, y0 = 0, y1 = 1) {
  const { data, info } = await sharp(image).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  const sum = [0, 0, 0];
  let n = 0;
  for (let y = Math.floor(y0 * info.height); y < Math.floor(y1 * info.height); y++) {
    for (let x = Math.floor(x0 * info.width); x < Math.floor(x1 * info.width); x++) {
      const i = (y * info.width + x) * info.channels;
      for (let c = 0; c < 3; c++) sum[c] += data[i + Math.min(c, info.channels - 1)];
      n++;
    }
  }
  const [r, g, b] = sum.map((s) => s / n);
  return { r, g, b };
}

describe('scans as scanners save them', () => {
  it('builds, warning only about the path with spaces, where it is and what to write', () => {
    expect(code, output).toBe(0);
    const warnings = output.split('\n').filter((l) => /\swarning\s/.test(l));
    expect(warnings, output).toHaveLength(1);
    // the body's line 14: ten lines of front matter, its fences, a heading and a blank line
    expect(warnings[0]).toMatch(/2025-01-02-first\.md:14:1\s.*Print Shop CMYK\.jpg.*spaced-destination/);
    expect(output).toMatch(/angle brackets/);
  });

  it('makes an EPUB that Java EPUBCheck passes with no error and no warning', () => {
    expect(problems(epubcheck(dist('book', 'test-book.epub')))).toEqual([]);
  });

  it('gives the EPUB 8-bit sRGB JPEGs in the source colours, the turned photo the right way up', async () => {
    for (const alt of ['cmyk halves', 'grey ramp', 'deep halves', 'turned photo']) {
      const bytes = epubPicture(alt);
      const meta = await sharp(bytes).metadata();
      expect(meta.format, alt).toBe('jpeg');
      expect(meta.space, alt).toMatch(/^(srgb|b-w)$/);
      expect(meta.depth, alt).toBe('uchar');
      expect(meta.hasAlpha, alt).toBe(false);
      expect(meta.width!, alt).toBeGreaterThan(meta.height!);
    }
    // each keeps its red and blue: the 16-bit one as drawn, the CMYK print file as
    // sharp reads it through its profile (a saturated blue is outside CMYK's gamut,
    // and CMYK bytes read as RGB would come out inverted)
    const cmykSeen = await sharp(cmykSource).toColourspace('srgb').jpeg().toBuffer();
    for (const [alt, left0, right0] of [
      ['cmyk halves', await meanOf(cmykSeen, 0.05, 0.45), await meanOf(cmykSeen, 0.55, 0.95)],
      ['deep halves', RED, BLUE],
    ] as const) {
      const left = await meanOf(epubPicture(alt), 0.05, 0.45);
      const right = await meanOf(epubPicture(alt), 0.55, 0.95);
      for (const c of ['r', 'g', 'b'] as const) {
        expect(Math.abs(left[c] - left0[c]), `${alt} left ${c}`).toBeLessThan(12);
        expect(Math.abs(right[c] - right0[c]), `${alt} right ${c}`).toBeLessThan(12);
      }
      expect(left.r - left.b, alt).toBeGreaterThan(100);
      expect(right.b - right.r, alt).toBeGreaterThan(60);
    }
    // the transparent top of the 16-bit scan is paper white; the ramp below it is dark on the right
    const grey = epubPicture('grey ramp');
    expect((await meanOf(grey, 0, 1, 0, 0.2)).r).toBeGreaterThan(245);
    expect((await meanOf(grey, 0.9, 1, 0.5, 1)).r).toBeLessThan(170);
    // stored on its side with orientation 6 (turn 90° clockwise): its red top is now the right edge
    const turned = epubPicture('turned photo');
    expect((await meanOf(turned, 0.95, 1)).g).toBeLessThan(80);
    expect((await meanOf(turned, 0, 0.5)).g).toBeGreaterThan(240);
  });

  it('prints them into the PDF as 8-bit RGB or grey, none as CMYK', () => {
    const rows = execFileSync('pdfimages', ['-list', dist('book', 'test-book.pdf')], { encoding: 'utf8' })
      .split('\n')
      .slice(2)
      .filter(Boolean)
      .map((l) => l.trim().split(/\s+/))
      .filter((c) => c[2] === 'image');
    // four scans, the cover and the summary
    expect(rows.length).toBeGreaterThanOrEqual(6);
    for (const c of rows) {
      // colour: rgb, gray, or icc with the components of one of them (never 4, CMYK)
      expect(c[5], c.join(' ')).toMatch(/^(rgb|gray|icc)$/);
      expect(c[6], c.join(' ')).toMatch(/^[13]$/);
      expect(c[7], c.join(' ')).toBe('8');
    }
    // one landscape picture per scan: the turned photo is not printed on its side
    expect(rows.filter((c) => Number(c[3]) > Number(c[4])).length).toBeGreaterThanOrEqual(4);
  });

  it('puts all four into the MOBI as JPEG records', () => {
    const own = readMobi(readFileSync(dist('book', 'test-book.mobi')));
    // four scans, the cover and its thumbnail
    expect(own.images.filter((b) => isJpeg(b)).length).toBeGreaterThanOrEqual(6);
  });

  it('gives the site sRGB JPEGs the right way up, named from the files', async () => {
    const images = readdirSync(dist('site', 'images'));
    for (const stem of ['print-shop-cmyk', 'scan-grey16', 'scan-rgb16', 'img-0412']) {
      const jpeg = images.find((f) => f.toLowerCase().startsWith(stem) && f.endsWith('.jpg'));
      expect(jpeg, `${stem} in ${images.join(' ')}`).toBeDefined();
      const meta = await sharp(join(dist('site', 'images'), jpeg!)).metadata();
      expect(meta.space).toMatch(/^(srgb|b-w)$/);
      expect(meta.width!).toBeGreaterThan(meta.height!);
    }
  });
});
