// Books that are valid by the rules EPUBCheck holds them to, though they carry
// what postbound's image check once decoded by mistake (foreign media types
// behind a manifest fallback chain, picture sources with a type, srcset, a video
// poster, remote resources); their invalid neighbours (no fallback, a foreign
// poster); and the zip-level cases. `expect` names the EPUBCheck ids that must
// be in postbound's report. Written here, each as a small change to the minimal
// EPUB; the agreement test runs them through Java EPUBCheck and postbound.
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { edit, type Files, put, rawZip, zip } from '../unit/validate/fixtures.ts';

export interface SpecCase {
  name: string;
  /** Whether the book is meant to be valid (a valid variant, not a breakage). */
  valid: boolean;
  mutate: (f: Files) => Files;
  /** Zips the files another way than fflate can (duplicate entries, a cut). */
  pack?: (f: Files) => Uint8Array;
  /** EPUBCheck ids postbound's report must carry. */
  expect?: string[];
}

const OPF = 'EPUB/package.opf';
const CH1 = 'EPUB/ch1.xhtml';
const items = (xml: string) => (f: Files) => edit(f, OPF, (s) => s.replace('</manifest>', `    ${xml}\n  </manifest>`));
const inFigure = (html: string) => (f: Files) => edit(f, CH1, (s) => s.replace('<figcaption>', `${html}\n      <figcaption>`));
const pipe =
  (...steps: ((f: Files) => Files)[]) =>
  (f: Files) =>
    steps.reduce((acc, step) => step(acc), f);

export async function specCases(): Promise<SpecCase[]> {
  const tile = () => sharp({ create: { width: 60, height: 40, channels: 3, background: '#6a8' } });
  const [tiff, avif, png2x] = await Promise.all([
    tile().tiff().toBuffer(),
    tile().avif().toBuffer(),
    sharp({ create: { width: 480, height: 320, channels: 3, background: '#6a8' } })
      .png()
      .toBuffer(),
  ]);
  // JPEG XR's signature (II, 0xBC, 1) and nothing a decoder could read: not for a validator to decode
  const jxr = new Uint8Array([0x49, 0x49, 0xbc, 0x01, 0x08, 0, 0, 0, 0, 0, 0, 0]);
  // the start of an MP4 (an ftyp box); EPUBCheck does not decode video
  const mp4 = new Uint8Array([
    0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x6d, 0x70, 0x34, 0x32, 0, 0, 0, 0, 0x6d, 0x70, 0x34, 0x32, 0x69, 0x73, 0x6f, 0x6d, 0,
    0, 0, 8, 0x66, 0x72, 0x65, 0x65,
  ]);
  return [
    {
      name: 'foreign-image-with-fallback',
      valid: true,
      mutate: pipe(
        items('<item id="scan" href="images/scan.tif" media-type="image/tiff" fallback="fig"/>'),
        inFigure('<img src="images/scan.tif" alt="A scan of the same map"/>'),
        (f) => put(f, 'EPUB/images/scan.tif', tiff),
      ),
    },
    {
      name: 'foreign-image-fallback-chain',
      valid: true,
      mutate: pipe(
        items(
          '<item id="photo" href="images/map.jxr" media-type="image/vnd.ms-photo" fallback="scan"/>\n    <item id="scan" href="images/scan.tif" media-type="image/tiff" fallback="fig"/>',
        ),
        inFigure('<img src="images/map.jxr" alt="A photograph of the map"/>'),
        (f) => put(put(f, 'EPUB/images/map.jxr', jxr), 'EPUB/images/scan.tif', tiff),
      ),
    },
    {
      name: 'picture-source-with-type',
      valid: true,
      mutate: pipe(
        items('<item id="avif" href="images/fig.avif" media-type="image/avif"/>'),
        (f) =>
          edit(f, CH1, (s) =>
            s.replace(
              /<img src="images\/fig.png"([^>]*)\/>/,
              '<picture><source srcset="images/fig.avif" type="image/avif"/><img src="images/fig.png"$1/></picture>',
            ),
          ),
        (f) => put(f, 'EPUB/images/fig.avif', avif),
      ),
    },
    {
      name: 'img-srcset',
      valid: true,
      mutate: pipe(
        items('<item id="fig2x" href="images/fig-2x.png" media-type="image/png"/>'),
        (f) =>
          edit(f, CH1, (s) => s.replace('<img src="images/fig.png"', '<img src="images/fig.png" srcset="images/fig-2x.png 2x"')),
        (f) => put(f, 'EPUB/images/fig-2x.png', png2x),
      ),
    },
    {
      name: 'video-poster',
      valid: true,
      mutate: pipe(
        items('<item id="clip" href="media/walk.mp4" media-type="video/mp4"/>'),
        inFigure('<video src="media/walk.mp4" poster="images/fig.png" controls="controls">A walk along the coast.</video>'),
        (f) => put(f, 'EPUB/media/walk.mp4', mp4),
      ),
    },
    {
      // a poster is shown as it is: a fallback does not make a foreign one acceptable (MED-001)
      name: 'video-poster-foreign',
      valid: false,
      mutate: pipe(
        items(
          '<item id="clip" href="media/walk.mp4" media-type="video/mp4"/>\n    <item id="poster" href="images/poster.tif" media-type="image/tiff" fallback="fig"/>',
        ),
        inFigure('<video src="media/walk.mp4" poster="images/poster.tif" controls="controls">A walk along the coast.</video>'),
        (f) => put(put(f, 'EPUB/media/walk.mp4', mp4), 'EPUB/images/poster.tif', tiff),
      ),
      expect: ['MED-001'],
    },
    {
      name: 'remote-audio',
      valid: true,
      mutate: pipe(
        (f) =>
          edit(f, OPF, (s) =>
            s.replace(
              '<item id="ch1" href="ch1.xhtml" media-type="application/xhtml+xml"/>',
              '<item id="ch1" href="ch1.xhtml" media-type="application/xhtml+xml" properties="remote-resources"/>',
            ),
          ),
        items('<item id="walk" href="https://media.example.org/walk.mp3" media-type="audio/mpeg"/>'),
        inFigure('<audio src="https://media.example.org/walk.mp3" controls="controls">The sound of the walk.</audio>'),
      ),
    },
    {
      name: 'foreign-image-without-fallback',
      valid: false,
      mutate: pipe(
        items('<item id="scan" href="images/scan.tif" media-type="image/tiff"/>'),
        inFigure('<img src="images/scan.tif" alt="A scan of the same map"/>'),
        (f) => put(f, 'EPUB/images/scan.tif', tiff),
      ),
    },
    {
      name: 'zip-truncated',
      valid: false,
      mutate: (f) => f,
      pack: (f) => {
        const whole = zip(f);
        return whole.subarray(0, whole.byteLength - 30);
      },
      expect: ['PKG-004'],
    },
    {
      name: 'zip-duplicate-entry',
      valid: false,
      mutate: (f) => f,
      pack: (f) =>
        rawZip(
          [...f, f.find((e) => e.name === 'EPUB/ch2.xhtml')!].map((e) => ({
            name: e.name,
            body: e.data,
            method: 0 as const,
            crc: crc32(e.data),
            size: e.data.byteLength,
          })),
        ),
      expect: ['OPF-060'],
    },
  ];
}
