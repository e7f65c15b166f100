// The book's faces come from the @fontsource packages: their CSS already carries
// the unicode-range per subset, so we reuse it and point its URLs at the files on
// disk. Chromium then embeds a subset of each face used into the PDF.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);

/** [package, css files] for body (serif), headings (sans) and code (mono). */
const FACES: [string, string[]][] = [
  ['@fontsource/source-serif-4', ['400.css', '400-italic.css', '700.css', '700-italic.css']],
  ['@fontsource/source-sans-3', ['400.css', '600.css', '700.css', '400-italic.css']],
  ['@fontsource/jetbrains-mono', ['400.css', '700.css']],
];

// Subsets a print book in a Latin-script language needs; Chromium only fetches a
// subset's file when a character in its unicode-range is on the page.
const SUBSETS = /(latin|latin-ext|greek|cyrillic|cyrillic-ext|vietnamese)-\d/;

let cached: string | undefined;

/** @font-face rules with absolute file:// URLs (the page is loaded from a file). */
export function fontFaceCss(): string {
  if (cached) return cached;
  const out: string[] = [];
  for (const [pkg, files] of FACES) {
    const dir = dirname(require.resolve(pkg));
    const base = `${pathToFileURL(dir).href}/`;
    for (const name of files) {
      const css = readFileSync(`${dir}/${name}`, 'utf8');
      for (const rule of css.split(/(?=\/\*)/)) {
        if (!rule.includes('@font-face') || !SUBSETS.test(rule)) continue;
        // woff2 only: every Chromium that prints margin boxes reads it
        out.push(
          rule
            .replace(/,\s*url\([^)]*\.woff\) format\('woff'\)/, '')
            .replace(/font-display:\s*swap;/, 'font-display: block;')
            .replaceAll('url(./', `url(${base}`),
        );
      }
    }
  }
  cached = out.join('');
  return cached;
}
