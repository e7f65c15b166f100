// The probe that tells the content loader what an image is: by its bytes, never
// its extension; animated or still; alpha; size (an SVG's from its own markup);
// and a file that cannot be decoded turned away as a warning, not an error.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_SVG_SIZE, looksComplete, probeImage, UnsupportedImage } from '../../../src/assets/probe.ts';
import { makeAsset } from '../../../src/content/assets.ts';
import { loadSite } from '../../../src/content/load.ts';
import { makeProject, post } from '../../helpers/project.ts';

const dir = mkdtempSync(join(tmpdir(), 'postbound-probe-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const put = (name: string, bytes: Buffer | string) => {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
};

/** Noise, so that encoders cannot make the file trivially small. */
function noise(width: number, height: number, channels: 3 | 4, alpha = 255): Buffer {
  const raw = Buffer.alloc(width * height * channels);
  for (let i = 0; i < raw.length; i++) raw[i] = (i * 2654435761) >>> 24;
  if (channels === 4) for (let i = 3; i < raw.length; i += 4) raw[i] = alpha;
  return raw;
}
const image = (width: number, height: number, channels: 3 | 4 = 3, alpha = 255) =>
  sharp(noise(width, height, channels, alpha), { raw: { width, height, channels } });

/** An animated GIF (or WebP) of `frames` frames, joined as sharp reads them: pages stacked. */
async function animation(format: 'gif' | 'webp', frames = 3, width = 40, height = 30): Promise<Buffer> {
  const pages = await Promise.all(
    Array.from({ length: frames }, (_, i) =>
      sharp({ create: { width, height, channels: 4, background: { r: 60 * i, g: 120, b: 200, alpha: 1 } } })
        .raw()
        .toBuffer(),
    ),
  );
  const joined = sharp(Buffer.concat(pages), { raw: { width, height: height * frames, channels: 4, pageHeight: height } });
  const delay = Array(frames).fill(200);
  return format === 'gif' ? joined.gif({ delay, loop: 0 }).toBuffer() : joined.webp({ delay, loop: 0 }).toBuffer();
}

describe('probeImage', () => {
  it('should tell each format from its bytes, with its size and alpha', async () => {
    const cases: [string, Buffer, string, boolean][] = [
      ['a.png', await image(64, 48, 4, 128).png().toBuffer(), 'png', true],
      ['a.jpg', await image(64, 48).jpeg().toBuffer(), 'jpeg', false],
      ['a.gif', await image(64, 48).gif().toBuffer(), 'gif', false],
      ['a.webp', await image(64, 48).webp().toBuffer(), 'webp', false],
      ['alpha.webp', await image(64, 48, 4, 10).webp().toBuffer(), 'webp', true],
      ['a.avif', await image(64, 48).avif().toBuffer(), 'avif', false],
      [
        'a.svg',
        Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="64" height="48"><rect width="64" height="48"/></svg>'),
        'svg',
        true,
      ],
    ];
    for (const [name, bytes, format, alpha] of cases) {
      const info = await probeImage(put(name, bytes));
      expect({
        name,
        format: info.format,
        width: info.width,
        height: info.height,
        animated: info.animated,
        alpha: info.alpha,
      }).toEqual({ name, format, width: 64, height: 48, animated: false, alpha });
      expect(info.hash).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('should count an animated GIF and an animated WebP as animated, at the size of one frame', async () => {
    for (const format of ['gif', 'webp'] as const) {
      const info = await probeImage(put(`anim.${format}`, await animation(format)));
      expect([info.format, info.animated, info.width, info.height]).toEqual([format, true, 40, 30]);
    }
    const still = await probeImage(put('one-frame.gif', await animation('gif', 1)));
    expect(still.animated).toBe(false);
  });

  it('should take a file for what its bytes are, whatever its extension says', async () => {
    const jpeg = await image(50, 20).jpeg().toBuffer();
    for (const name of ['photo.JPG', 'PHOTO.JPEG', 'really-a-jpeg.png', 'no-extension', 'photo.webp']) {
      expect((await probeImage(put(name, jpeg))).format, name).toBe('jpeg');
    }
    expect((await probeImage(put('really-a-png.jpg', await image(50, 20).png().toBuffer()))).format).toBe('png');
  });

  it('should size an SVG from its width and height, else its viewBox, else a default', async () => {
    const svg = (attrs: string) => `<svg xmlns="http://www.w3.org/2000/svg" ${attrs}><circle cx="5" cy="5" r="4"/></svg>`;
    const size = async (attrs: string) => {
      const info = await probeImage(put('s.svg', svg(attrs)));
      return [info.width, info.height];
    };
    expect(await size('width="300" height="120"')).toEqual([300, 120]);
    expect(await size('viewBox="0 0 400 200"')).toEqual([400, 200]);
    expect(await size('width="100%" height="100%" viewBox="0 0 40 20"')).toEqual([40, 20]);
    // neither: librsvg measures the drawing, and the probe never answers 0×0
    const [w, h] = await size('');
    expect(w).toBeGreaterThan(0);
    expect(h).toBeGreaterThan(0);
    expect(DEFAULT_SVG_SIZE.width).toBeGreaterThan(0);
  });

  it('should give the displayed size of a JPEG turned by its EXIF orientation', async () => {
    const turned = await image(60, 40).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const info = await probeImage(put('turned.jpg', turned));
    expect([info.width, info.height]).toEqual([40, 60]);
  });

  it('should turn away a truncated file of every format, and keep a JPEG with data after its end', async () => {
    const whole: [string, Buffer][] = [
      ['png', await image(200, 150).png().toBuffer()],
      ['jpeg', await image(200, 150).jpeg().toBuffer()],
      ['gif', await image(200, 150).gif().toBuffer()],
      ['webp', await image(200, 150).webp().toBuffer()],
      ['avif', await image(200, 150).avif().toBuffer()],
      ['svg', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>')],
    ];
    for (const [format, bytes] of whole) {
      expect(looksComplete(bytes, format as never), format).toBe(true);
      await expect(probeImage(put(`whole.${format}`, bytes))).resolves.toMatchObject({ format });
      for (const keep of [0.5, 0.9]) {
        const cut = bytes.subarray(0, Math.floor(bytes.length * keep));
        await expect(probeImage(put(`cut.${format}`, cut)), `${format} cut to ${keep}`).rejects.toBeInstanceOf(UnsupportedImage);
      }
    }
    const trailer = Buffer.concat([whole[1]![1], Buffer.from('camera maker notes after the end')]);
    await expect(probeImage(put('trailer.jpg', trailer))).resolves.toMatchObject({ format: 'jpeg' });
  });

  it('should turn away what is not an image, or a format postbound does not read', async () => {
    await expect(probeImage(put('text.png', 'not an image at all'))).rejects.toBeInstanceOf(UnsupportedImage);
    await expect(probeImage(put('empty.gif', Buffer.alloc(0)))).rejects.toBeInstanceOf(UnsupportedImage);
    const tiff = await image(20, 20).tiff().toBuffer();
    await expect(probeImage(put('scan.tif', tiff))).rejects.toThrow(/tiff/);
    // a GIF header with no image in it
    await expect(
      probeImage(put('hollow.gif', Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1'))),
    ).rejects.toBeInstanceOf(UnsupportedImage);
  });
});

describe('makeAsset', () => {
  it('should describe an asset by its bytes, animated and alpha only when so', async () => {
    const gif = await makeAsset(dir, put('Moving.GIF', await animation('gif')));
    expect(gif).toMatchObject({ format: 'gif', animated: true, width: 40, height: 30, rel: 'Moving.GIF', stem: 'moving' });
    const jpeg = await makeAsset(dir, put('Still.png', await image(30, 20).jpeg().toBuffer()));
    expect(jpeg).toMatchObject({ format: 'jpeg', width: 30, height: 20 });
    expect(jpeg).not.toHaveProperty('animated');
    expect(jpeg).not.toHaveProperty('alpha');
    expect(await makeAsset(dir, put('broken.png', (await image(30, 20).png().toBuffer()).subarray(0, 60)))).toBeUndefined();
  });
});

describe('the content loader', () => {
  it('should warn, not fail, on an image it cannot read, and leave it out of the post', async () => {
    const png = await image(300, 200).png().toBuffer();
    const root = await makeProject({
      'content/sketches/cut.png': png.subarray(0, Math.floor(png.length / 2)),
      'content/sketches/photo.heic': 'ftypheic, but not really',
      'content/sketches/Upper.JPG': await image(40, 30).jpeg().toBuffer(),
      'content/posts/2025-01-05-img.md': post(
        { title: 'Img', date: '2025-01-05', sketch: '../sketches/cut.png' },
        '![half a scan](../sketches/cut.png)\n\n![a phone photo](../sketches/photo.heic)\n\n![a camera photo](../sketches/Upper.JPG)',
      ),
    });
    try {
      const { site, ok, files } = await loadSite(root);
      expect(ok).toBe(true);
      const messages = files.flatMap((f) => f.messages).filter((m) => m.ruleId === 'unsupported-image');
      expect(messages.map((m) => [m.fatal, m.line])).toEqual([
        [false, 7],
        [false, 9],
        [false, 4],
      ]);
      expect(messages[0]!.note).toMatch(/magick/);
      const p = site!.posts.find((x) => x.slug === 'img')!;
      expect(p.images.map((i) => i.asset.format)).toEqual(['jpeg']);
      expect(p.sketch).toBeUndefined();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
