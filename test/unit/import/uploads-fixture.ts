// A copy of wp-content/uploads for test/fixtures/wordpress/*.xml, as a writer
// downloads it: year/month folders, each original beside the resized copies
// WordPress made of it. Pictures are drawn with sharp, each original in its
// own colour and every resized copy in grey, so a test can tell which was taken.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import sharp from 'sharp';

export const WORDPRESS = join(import.meta.dirname, '..', '..', 'fixtures', 'wordpress');

type Format = 'jpeg' | 'png' | 'gif' | 'webp';

const ORIGINALS: [string, Format, string][] = [
  ['2023/05/bowline.jpg', 'jpeg', '#3a6ea5'],
  ['2023/05/cleat.png', 'png', '#a53a3a'],
  ['2023/06/slipway.jpg', 'jpeg', '#5a8a5a'],
  ['2023/06/trailer.gif', 'gif', '#8a7a3a'],
  ['2023/07/launch-poster.jpg', 'jpeg', '#3a3a8a'],
  ['2024/04/frame.jpg', 'jpeg', '#7a5a3a'],
  ['2024/04/seedlings.webp', 'webp', '#4a9a4a'],
  ['2024/04/flowers.png', 'png', '#c03030'],
  ['2024/04/shed.jpg', 'jpeg', '#6a6a4a'],
  ['2024/07/timelapse-poster.jpg', 'jpeg', '#2a7a7a'],
];

/** Sizes WordPress makes by default (thumbnail, medium); a copy is made only when smaller than the original. */
const RESIZED: [string, number, number][] = [
  ['2023/05/bowline-300x200.jpg', 300, 200],
  ['2023/05/bowline-150x150.jpg', 150, 150],
  ['2023/05/cleat-150x150.png', 150, 150],
  ['2024/04/frame-300x200.jpg', 300, 200],
];

const draw = (width: number, height: number, background: string, format: Format) =>
  sharp({ create: { width, height, channels: 3, background } })
    .toFormat(format)
    .toBuffer();

export async function makeUploads(): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), 'postbound-uploads-'));
  const write = async (rel: string, bytes: Promise<Buffer>) => {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), await bytes);
  };
  for (const [rel, format, colour] of ORIGINALS) await write(rel, draw(640, 400, colour, format));
  for (const [rel, w, h] of RESIZED) await write(rel, draw(w, h, '#808080', rel.endsWith('.png') ? 'png' : 'jpeg'));
  return root;
}
