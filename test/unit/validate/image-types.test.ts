// PB-IMG-003 ("cannot be decoded") is for a core raster image whose bytes are
// not what its media type says: never for an SVG, which is a document, nor for a
// foreign type (AVIF, TIFF…), which EPUBCheck holds to its fallback.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { publishingChecks } from '../../../src/validate/checks.ts';
import { edit, type Files, minimalFiles, put } from './fixtures.ts';

const OPF = 'EPUB/package.opf';

/** Adds manifest items (href, media type) and their files to the minimal EPUB. */
function withImages(files: Files, images: [string, string, Uint8Array | string][]): Files {
  let out = edit(files, OPF, (s) =>
    s.replace(
      '</manifest>',
      `${images.map(([href, type], i) => `<item id="extra${i}" href="${href}" media-type="${type}"/>`).join('')}</manifest>`,
    ),
  );
  for (const [href, , data] of images) out = put(out, `EPUB/${href}`, data);
  return out;
}

async function imageIds(files: Files): Promise<string[]> {
  const byName = new Map(files.map((f) => [f.name, f.data]));
  const messages = await publishingChecks((p) => byName.get(p), { fileSize: 1000 });
  return messages
    .filter((m) => (m.postboundId ?? m.id).startsWith('PB-IMG'))
    .map((m) => `${m.id}${m.postboundId ? ` (${m.postboundId})` : ''} ${m.locations[0]?.path}`);
}

const tile = () => sharp({ create: { width: 40, height: 30, channels: 3, background: '#345' } });

describe('image checks by media type', () => {
  it('should find nothing wrong with an SVG, a GIF, a WebP, a PNG and a JPEG that are what they say', async () => {
    const files = withImages(await minimalFiles(), [
      [
        'images/a.svg',
        'image/svg+xml',
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 3"><rect width="4" height="3"/></svg>',
      ],
      ['images/b.gif', 'image/gif', await tile().gif().toBuffer()],
      ['images/c.webp', 'image/webp', await tile().webp().toBuffer()],
      ['images/d.jpg', 'image/jpeg', await tile().jpeg().toBuffer()],
      ['images/e.png', 'image/png', await tile().png().toBuffer()],
    ]);
    expect(await imageIds(files)).toEqual([]);
  });

  it('should not decode foreign media types, whatever their bytes', async () => {
    const files = withImages(await minimalFiles(), [
      // sharp names AVIF "heif": comparing names would call a good file undecodable
      ['images/a.avif', 'image/avif', await tile().avif().toBuffer()],
      ['images/b.tiff', 'image/tiff', 'not a TIFF, and not for us to judge'],
      ['images/c.heic', 'image/heic', new Uint8Array([0, 0, 0, 24, 0x66, 0x74, 0x79, 0x70])],
      // not a core media type, however common the misspelling: a PNG's bytes under it are not ours to judge
      ['images/d.jpg', 'image/jpg', await tile().png().toBuffer()],
    ]);
    expect(await imageIds(files)).toEqual([]);
  });

  it('should still report a core raster image that is not what its media type says', async () => {
    const files = withImages(await minimalFiles(), [
      ['images/a.gif', 'image/gif', await tile().png().toBuffer()],
      ['images/b.webp', 'image/webp', 'RIFF....WEBP cut'],
    ]);
    // EPUBCheck's ids for the same findings: the bytes are another format (OPF-029), or start right and break (PKG-021)
    expect(await imageIds(files)).toEqual(['OPF-029 (PB-IMG-003) EPUB/images/a.gif', 'PKG-021 (PB-IMG-003) EPUB/images/b.webp']);
  });
});
