// The summary, cover and mock-up embed their fonts as data URIs, so the HTML
// renders the same in the shared Chromium, on the downloads page and in an EPUB,
// with no network and no file:// access.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

const FACES: { family: string; pkg: string; file: string; weight: number; style: string }[] = [
  {
    family: 'Source Serif 4',
    pkg: '@fontsource/source-serif-4',
    file: 'source-serif-4-latin-400-normal',
    weight: 400,
    style: 'normal',
  },
  {
    family: 'Source Serif 4',
    pkg: '@fontsource/source-serif-4',
    file: 'source-serif-4-latin-400-italic',
    weight: 400,
    style: 'italic',
  },
  {
    family: 'Source Serif 4',
    pkg: '@fontsource/source-serif-4',
    file: 'source-serif-4-latin-700-normal',
    weight: 700,
    style: 'normal',
  },
  {
    family: 'Source Sans 3',
    pkg: '@fontsource/source-sans-3',
    file: 'source-sans-3-latin-400-normal',
    weight: 400,
    style: 'normal',
  },
  {
    family: 'Source Sans 3',
    pkg: '@fontsource/source-sans-3',
    file: 'source-sans-3-latin-600-normal',
    weight: 600,
    style: 'normal',
  },
  {
    family: 'Source Sans 3',
    pkg: '@fontsource/source-sans-3',
    file: 'source-sans-3-latin-700-normal',
    weight: 700,
    style: 'normal',
  },
];

let cached: Promise<string> | undefined;

/** `@font-face` rules for the serif and sans faces, fonts inlined as woff2 data URIs. */
export function fontFaceCss(): Promise<string> {
  cached ??= Promise.all(
    FACES.map(async (face) => {
      const dir = join(dirname(require.resolve(`${face.pkg}/package.json`)), 'files');
      const data = await readFile(join(dir, `${face.file}.woff2`));
      return (
        `@font-face{font-family:'${face.family}';font-style:${face.style};font-weight:${face.weight};` +
        `font-display:block;src:url(data:font/woff2;base64,${data.toString('base64')}) format('woff2');}`
      );
    }),
  ).then((rules) => rules.join('\n'));
  return cached;
}

export function dataUri(buffer: Buffer, mime: string): string {
  return `data:${mime};base64,${buffer.toString('base64')}`;
}
