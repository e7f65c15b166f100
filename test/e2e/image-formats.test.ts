// A blog that shows every image format blogs use (a PNG with alpha, a JPEG with
// an upper-case extension, an animated GIF, a WebP, an AVIF, an Inkscape SVG and
// an SVG with a script) and one file cut short, built whole and read back with
// real tools: Java EPUBCheck and the manifest for the EPUB, Chromium for the
// site, pdfimages for the PDF, our MOBI reader and libmobi for the MOBI, Calibre
// for the AZW3.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { unzipSync } from 'fflate';
import puppeteer, { type Browser } from 'puppeteer-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_ARGS, resolveBrowser } from '../../src/browser/browser.ts';
import { main } from '../../src/cli/main.ts';
import { isJpeg } from '../../src/mobi/jfif.ts';
import { readMobi } from '../../src/mobi/reader.ts';
import { printImageWidth } from '../../src/pdf/trim.ts';
import { makeProject, post } from '../helpers/project.ts';
import { serveDir } from '../helpers/serve.ts';
import { epubcheck, problems } from './epub-fixture.ts';
import { ebookConvert, mobitoolRawml } from './mobi/checks.ts';

const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 26 });

/** Soft noise: a scan-like picture that encoders cannot make trivially small. */
function noise(width: number, height: number, channels: 3 | 4): Buffer {
  const raw = Buffer.alloc(width * height * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * channels;
      raw[i] = (x * 3 + ((y * x) % 17)) & 255;
      raw[i + 1] = (y * 2 + ((x * 7) % 23)) & 255;
      raw[i + 2] = ((x ^ y) * 5) & 255;
      // a transparent frame around an opaque middle
      if (channels === 4) raw[i + 3] = x < width / 5 || x > (width * 4) / 5 ? 0 : 255;
    }
  }
  return raw;
}
const picture = (width: number, height: number, channels: 3 | 4 = 3) =>
  sharp(noise(width, height, channels), { raw: { width, height, channels } });

async function animatedGif(): Promise<Buffer> {
  const [width, height, frames] = [240, 160, 4];
  const pages = await Promise.all(
    Array.from({ length: frames }, (_, i) =>
      sharp({ create: { width, height, channels: 4, background: { r: 40 + 50 * i, g: 90, b: 160, alpha: 1 } } })
        .composite([
          {
            input: Buffer.from(
              `<svg width="${width}" height="${height}"><circle cx="${40 + i * 50}" cy="80" r="30" fill="#fff"/></svg>`,
            ),
          },
        ])
        .raw()
        .toBuffer(),
    ),
  );
  return sharp(Buffer.concat(pages), { raw: { width, height: height * frames, channels: 4, pageHeight: height } })
    .gif({ delay: Array(frames).fill(200), loop: 0 })
    .toBuffer();
}

/** What Inkscape saves: a DOCTYPE, RDF metadata, sodipodi and inkscape markup, a viewBox in mm. */
const INKSCAPE_SVG = `<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
  xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"
  xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"
  xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:cc="http://creativecommons.org/ns#"
  width="160mm" height="90mm" viewBox="0 0 160 90" version="1.1" id="svg1"
  inkscape:version="1.3 (0e150ed6c4, 2023-07-21)" sodipodi:docname="flow.svg">
  <sodipodi:namedview id="namedview1" pagecolor="#ffffff" inkscape:zoom="1.2" inkscape:current-layer="layer1"/>
  <metadata id="metadata1"><rdf:RDF><cc:Work rdf:about=""><dc:title>Flow</dc:title></cc:Work></rdf:RDF></metadata>
  <defs id="defs1"><linearGradient id="g"><stop offset="0" stop-color="#1f3a5f"/><stop offset="1" stop-color="#e0d0b0"/></linearGradient>
    <marker id="arrow" orient="auto" markerWidth="4" markerHeight="4" refX="2" refY="2"><path d="M0,0 L4,2 L0,4 z"/></marker></defs>
  <g inkscape:label="Layer 1" inkscape:groupmode="layer" id="layer1">
    <rect x="5" y="25" width="40" height="40" rx="4" fill="url(#g)" id="rect1"/>
    <rect x="115" y="25" width="40" height="40" rx="4" fill="#c04040" id="rect2"/>
    <path d="M 47,45 H 110" stroke="#111" stroke-width="1.5" marker-end="url(#arrow)" id="path1" sodipodi:nodetypes="cc"/>
    <use xlink:href="#rect2" x="-55" y="0" opacity="0.4"/>
    <text x="80" y="80" font-family="sans-serif" font-size="8" text-anchor="middle">idea → draft</text>
  </g>
</svg>
`;

/** An SVG no EPUB may hold as it is: a script makes it "scripted". */
const SCRIPTED_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100" width="400" height="200">
  <rect width="200" height="100" fill="#f4efe3"/><circle cx="100" cy="50" r="35" fill="#1f3a5f"/>
  <script>document.title = 'hi';</script>
</svg>`;

const body1 = [
  '## Pictures',
  '',
  '![a transparent scan](../sketches/alpha.png "A PNG with alpha")',
  '',
  '![a photograph of a desk](../sketches/photo.JPG "A JPEG")',
  '',
  '![a ball rolling](../sketches/rolling.gif "An animated GIF")',
  '',
  '![a WebP drawing](../sketches/drawing.webp "A WebP")',
].join('\n');
const body2 = [
  '## More',
  '',
  '![an AVIF photo](../sketches/photo.avif "An AVIF")',
  '',
  '![a flow from idea to draft](../sketches/flow.svg "An Inkscape SVG")',
  '',
  '![a blue dot](../sketches/scripted.svg "An SVG with a script")',
  '',
  '![half a scan](../sketches/cut.png)',
].join('\n');

let root: string;
let output: string;
let code: number;

beforeAll(async () => {
  const whole = await picture(900, 600).png().toBuffer();
  root = await makeProject({
    'content/sketches/alpha.png': await picture(900, 600, 4).png().toBuffer(),
    'content/sketches/photo.JPG': await picture(1200, 800).jpeg({ quality: 85 }).toBuffer(),
    'content/sketches/rolling.gif': await animatedGif(),
    'content/sketches/drawing.webp': await picture(1000, 700).webp().toBuffer(),
    'content/sketches/photo.avif': await picture(1000, 750).avif().toBuffer(),
    'content/sketches/flow.svg': INKSCAPE_SVG,
    'content/sketches/scripted.svg': SCRIPTED_SVG,
    'content/sketches/cut.png': whole.subarray(0, Math.floor(whole.length / 2)),
    'content/posts/2025-01-02-first.md': post(
      {
        title: 'First steps',
        date: '2025-01-02',
        series: 'Getting Started',
        part: 1,
        sketch: '../sketches/flow.svg',
        problem: 'No time.',
        answer: 'Ten minutes a day.',
      },
      body1,
    ),
    'content/posts/2025-01-03-second.md': post(
      {
        title: 'Second steps',
        date: '2025-01-03',
        series: 'Getting Started',
        part: 2,
        sketch: '../sketches/rolling.gif',
        sketchAlt: 'a ball rolling',
        problem: 'No ideas.',
        answer: 'Keep a list.',
      },
      body2,
    ),
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

describe('a blog with every image format', () => {
  it('builds, with a warning (not an error) for the file cut short', () => {
    expect(code, output).toBe(0);
    expect(output).toMatch(/warning.*cut\.png.*unsupported-image/);
  });

  it('makes an EPUB that Java EPUBCheck passes with no error and no warning', () => {
    const messages = epubcheck(dist('book', 'test-book.epub'));
    expect(problems(messages)).toEqual([]);
  });

  it('packages each image as a core media type: SVG kept, GIF a PNG frame, WebP and AVIF JPEG, a transparent scan on white', async () => {
    const zip = unzipSync(readFileSync(dist('book', 'test-book.epub')));
    const opf = new TextDecoder().decode(zip['EPUB/package.opf']);
    const types = [...opf.matchAll(/<item [^>]*href="(images\/[^"]+)"[^>]*media-type="([^"]+)"/g)].map((m) => [m[1], m[2]]);
    const chapter = (name: string) => new TextDecoder().decode(zip[`EPUB/${name}.xhtml`]);
    const typeOf = (alt: string, doc: string) => {
      const src = new RegExp(`<img [^>]*src="([^"]+)"[^>]*alt="${alt}"|<img [^>]*alt="${alt}"[^>]*src="([^"]+)"`).exec(
        chapter(doc),
      );
      expect(src, alt).not.toBeNull();
      return types.find(([href]) => href === (src![1] ?? src![2]))?.[1];
    };
    // a scan with see-through paper is drawn on white (on a night page its ink would vanish): a JPEG, white where it was clear
    expect(typeOf('a transparent scan', 'first')).toBe('image/jpeg');
    const scanHref = /<img [^>]*src="([^"]+)"[^>]*alt="a transparent scan"/.exec(chapter('first'))![1]!;
    const { data: edge } = await sharp(Buffer.from(zip[`EPUB/${scanHref}`]!))
      .extract({ left: 2, top: 100, width: 1, height: 1 })
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect(Math.min(...edge)).toBeGreaterThan(245);
    expect(typeOf('a photograph of a desk', 'first')).toBe('image/jpeg');
    expect(typeOf('a ball rolling', 'first')).toBe('image/png');
    expect(typeOf('a WebP drawing', 'first')).toBe('image/jpeg');
    expect(typeOf('an AVIF photo', 'second')).toBe('image/jpeg');
    expect(typeOf('a flow from idea to draft', 'second')).toBe('image/svg+xml');
    expect(typeOf('a blue dot', 'second')).toBe('image/png');
    expect(types.map(([, t]) => t).filter((t) => !['image/png', 'image/jpeg', 'image/svg+xml'].includes(t!))).toEqual([]);
    // the file cut short is not in the book: its alt text is
    expect(chapter('second')).not.toContain('cut.png');
    expect(chapter('second')).toContain('half a scan');
    // the packaged SVG is the drawing without its editor markup, and still draws
    const svg = types.find(([, t]) => t === 'image/svg+xml')![0]!;
    const svgText = new TextDecoder().decode(zip[`EPUB/${svg}`]);
    expect(svgText).not.toMatch(/sodipodi|inkscape:|DOCTYPE/);
    expect(svgText).toContain('marker-end="url(#arrow)"');
  });

  it('serves the site images so that every one loads in Chromium: variants, the original SVG and animated GIF', async () => {
    const server = await serveDir(dist('site'));
    const browser: Browser = await puppeteer.launch({ executablePath: resolveBrowser(), args: BROWSER_ARGS, headless: true });
    try {
      const seen: { src: string; width: number; picture: boolean }[] = [];
      for (const slug of ['first', 'second']) {
        const page = await browser.newPage();
        const failed: string[] = [];
        page.on('requestfailed', (r) => failed.push(r.url()));
        page.on('response', (r) => {
          if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
        });
        await page.goto(`${server.url}/posts/${slug}/`, { waitUntil: 'load' });
        seen.push(
          ...(await page.evaluate(async () => {
            const images = [...document.querySelectorAll('article img, main img')] as HTMLImageElement[];
            for (const img of images) img.loading = 'eager';
            await Promise.all(images.map((img) => (img.complete ? null : new Promise((ok) => (img.onload = img.onerror = ok)))));
            return images.map((img) => ({
              src: img.currentSrc || img.src,
              width: img.naturalWidth,
              picture: img.parentElement?.tagName === 'PICTURE',
            }));
          })),
        );
        expect(failed, slug).toEqual([]);
        await page.close();
      }
      expect(seen).toHaveLength(7);
      expect(seen.filter((i) => i.width === 0)).toEqual([]);
      const by = (re: RegExp) => seen.filter((i) => re.test(i.src));
      // the animation and the SVGs are the original files, in a plain <img>
      expect(by(/rolling-[0-9a-f]{8}\.gif$/)).toMatchObject([{ picture: false }]);
      expect(by(/\.svg$/)).toMatchObject([{ picture: false }, { picture: false }]);
      // the others are responsive variants in a <picture> (Chromium picks the WebP)
      expect(seen.filter((i) => i.picture)).toHaveLength(4);
      const gifFile = readdirSync(dist('site', 'images')).find((f) => /^rolling-[0-9a-f]{8}\.gif$/.test(f))!;
      expect(readFileSync(dist('site', 'images', gifFile))).toEqual(readFileSync(join(root, 'content/sketches/rolling.gif')));
      expect((await sharp(dist('site', 'images', gifFile)).metadata()).pages).toBe(4);
      // the file cut short is a plain link on the site
      const second = readFileSync(dist('site', 'posts', 'second', 'index.html'), 'utf8');
      expect(second).toMatch(/<a href="\.\.\/sketches\/cut\.png" class="unsupported-image">half a scan<\/a>/);
      // social cards get a JPEG, even for the SVG sketch
      const first = readFileSync(dist('site', 'posts', 'first', 'index.html'), 'utf8');
      expect(first).toMatch(/<meta property="og:image" content="[^"]+\.jpg">/);
    } finally {
      await browser.close();
      await server.close();
    }
  });

  it('prints every image into the PDF, the SVG at 300 dpi across the text block', () => {
    const rows = run('pdfimages', ['-list', dist('book', 'test-book.pdf')])
      .split('\n')
      .slice(2)
      .filter(Boolean)
      .map((l) => l.trim().split(/\s+/))
      .filter((c) => c[2] === 'image');
    // seven pictures in the chapters, the cover and the summary
    expect(rows.length).toBeGreaterThanOrEqual(9);
    // the 16:9 SVG is drawn at 300 dpi across the text block, or larger when the PDF turns
    // a landscape picture onto a page of its own (src/pdf/trim.ts turnedPage)
    // (landscape, so not the cover, which is portrait)
    const landscape = rows.filter((c) => Number(c[3]) > Number(c[4])).map((c) => Number(c[3]));
    expect(Math.max(...landscape)).toBeGreaterThanOrEqual(printImageWidth('6x9'));
    // the file cut short: its alt text instead
    expect(run('pdftotext', [dist('book', 'test-book.pdf'), '-'])).toContain('half a scan');
  });

  it('puts every readable image into the MOBI and the AZW3, as JPEG records', () => {
    const mobi = readFileSync(dist('book', 'test-book.mobi'));
    const own = readMobi(mobi);
    const jpegs = own.images.filter((b) => isJpeg(b));
    // seven pictures, the cover and its thumbnail
    expect(jpegs.length).toBeGreaterThanOrEqual(9);
    const rawml = mobitoolRawml(dist('book', 'test-book.mobi')).toString('latin1');
    // seven pictures, and the one-page summary the Kindle files now carry (src/mobi/apparatus.ts)
    expect(rawml.match(/<img [^>]*recindex=/g)?.length).toBe(8);
    expect(rawml).toContain('half a scan');
    const azw3 = ebookConvert(dist('book', 'test-book.azw3'));
    // calibre extracts the pictures (and the cover)
    expect(azw3.images.length).toBeGreaterThanOrEqual(7);
  });

  it('draws the summary and the cover from the SVG and GIF sketches', async () => {
    const cover = await sharp(dist('book', 'test-book-cover.jpg')).metadata();
    expect([cover.format, cover.width, cover.height]).toEqual(['jpeg', 1600, 2560]);
    const summary = await sharp(dist('book', 'test-book-summary.png')).metadata();
    expect(summary.format).toBe('png');
  });
});
