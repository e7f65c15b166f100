import { existsSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { siteFonts } from '../../../src/site/fonts.ts';

describe('siteFonts', () => {
  const fonts = siteFonts('/blog/');

  it("should serve the book's three families from the site's own fonts/ folder, woff2 only", () => {
    for (const family of ['Source Serif 4', 'Source Sans 3', 'JetBrains Mono'])
      expect(fonts.css).toContain(`font-family: '${family}'`);
    const urls = [...fonts.css.matchAll(/url\(([^)]+)\)/g)].map((m) => m[1]);
    expect(urls).toEqual(fonts.files.map((f) => `/blog/fonts/${f.name}`));
    expect(fonts.css).not.toMatch(/\.woff\)|url\(\.\//);
  });

  it('should copy only the Latin subsets, each with its unicode-range and font-display: swap', () => {
    expect(fonts.files.every((f) => /-latin(-ext)?-\d+-(normal|italic)\.woff2$/.test(f.name))).toBe(true);
    const rules = fonts.css.split('@font-face').slice(1);
    expect(rules).toHaveLength(fonts.files.length);
    for (const rule of rules) {
      expect(rule).toContain('font-display: swap');
      expect(rule).toMatch(/unicode-range: U\+/);
    }
    // each file is a real font on disk, and the set stays small
    const bytes = fonts.files.reduce((n, f) => n + statSync(f.path).size, 0);
    expect(fonts.files.every((f) => existsSync(f.path))).toBe(true);
    expect(bytes).toBeLessThan(400_000);
    expect(fonts.preload).toBe('/blog/fonts/source-serif-4-latin-400-normal.woff2');
    expect(fonts.files.map((f) => f.name)).toContain('source-serif-4-latin-400-normal.woff2');
  });
});
