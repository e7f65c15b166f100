// The fonts of the summary, cover and mock-up: the font packages' own files, by
// file URL (the pages are opened from a file: src/browser/html-page.ts), so the
// pictures are drawn the same on any machine, with no network.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

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

let cached: string | undefined;

/** `@font-face` rules for the serif and sans faces, from the font packages' woff2 files. */
export function fontFaceCss(): Promise<string> {
  cached ??= FACES.map((face) => {
    const file = join(dirname(require.resolve(`${face.pkg}/package.json`)), 'files', `${face.file}.woff2`);
    return (
      `@font-face{font-family:'${face.family}';font-style:${face.style};font-weight:${face.weight};` +
      `font-display:block;src:url(${pathToFileURL(file).href}) format('woff2');}`
    );
  }).join('\n');
  return Promise.resolve(cached);
}
