// The book's typefaces on the site, self-hosted: the @fontsource packages' own
// @font-face rules (their unicode-range per subset) pointed at copies under
// fonts/. Only the Latin subsets are copied; a browser fetches latin-ext only
// when a page has a character in its range, and falls back to a system face for
// other scripts. `font-display: swap` as shipped: text shows at once in the fallback.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** [package, css files]: body (serif), headings and labels (sans), code (mono). */
const FACES: [string, string[]][] = [
  ['@fontsource/source-serif-4', ['400.css', '400-italic.css', '700.css']],
  ['@fontsource/source-sans-3', ['400.css', '600.css']],
  ['@fontsource/jetbrains-mono', ['400.css']],
];

const SUBSETS = /-(latin|latin-ext)-\d+-(normal|italic)\.woff2/;

export interface SiteFonts {
  /** @font-face rules with URLs below `base`. */
  css: string;
  /** Files to copy: name under fonts/ and the path on disk. */
  files: { name: string; path: string }[];
  /** The file most pages need first (Latin body text), for a preload link. */
  preload: string;
}

const cache = new Map<string, SiteFonts>();

/** The faces for a site served at `base` (e.g. "/" or "/blog/"). */
export function siteFonts(base: string): SiteFonts {
  const hit = cache.get(base);
  if (hit) return hit;
  const rules: string[] = [];
  const files: SiteFonts['files'] = [];
  for (const [pkg, sheets] of FACES) {
    const dir = dirname(require.resolve(pkg));
    for (const sheet of sheets) {
      const css = readFileSync(join(dir, sheet), 'utf8');
      for (const rule of css.split(/(?=\/\*)/)) {
        const file = /url\(\.\/files\/([^)]+\.woff2)\)/.exec(rule)?.[1];
        if (!rule.includes('@font-face') || !file || !SUBSETS.test(file)) continue;
        files.push({ name: file, path: join(dir, 'files', file) });
        // woff2 only: every browser with CSS custom properties reads it
        rules.push(
          rule
            .replace(/,\s*url\([^)]*\.woff\) format\('woff'\)/, '')
            .replace(`url(./files/${file})`, `url(${base}fonts/${file})`)
            .trim(),
        );
      }
    }
  }
  const fonts = { css: `${rules.join('\n')}\n`, files, preload: `${base}fonts/source-serif-4-latin-400-normal.woff2` };
  cache.set(base, fonts);
  return fonts;
}
