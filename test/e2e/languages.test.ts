// A French blog and an Arabic blog, built completely: no English word of the
// string table (src/i18n/en.ts) is left in anything a reader of either gets (the
// site, the EPUB, the MOBI and AZW3 as mobitool decodes them, the PDFs as
// pdftotext reads them, the bundle's README); the same searches do find those
// words in the English sample, so the test can fail. The Arabic site runs right
// to left in Chromium, and the Arabic EPUB passes EPUBCheck.
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { unzipSync } from 'fflate';
import puppeteer, { type Browser } from 'puppeteer-core';
import { reporter } from 'vfile-reporter';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_ARGS, resolveBrowser } from '../../src/browser/browser.ts';
import { en, LANGUAGES, STRING_KEYS, type StringKey } from '../../src/i18n/index.ts';
import { buildProject } from '../../src/pipeline/build.ts';
import { builtSample } from '../helpers/sample.ts';
import { serveDir } from '../helpers/serve.ts';
import { epubcheck, problems } from './epub-fixture.ts';
import { englishSearch, type Output, outputs, searchable } from './languages-scan.ts';

const FIXTURES = resolve(import.meta.dirname, '..', 'fixtures', 'languages');
const BLOGS = { fr: 'pain-au-levain', ar: 'aashab' } as const;
type Lang = keyof typeof BLOGS;

const dist: Record<string, string> = {};
const read: Record<string, Output[]> = {};

beforeAll(async () => {
  // one after the other: each build already keeps the machine's cores busy
  for (const lang of Object.keys(BLOGS) as Lang[]) {
    const root = mkdtempSync(join(tmpdir(), `postbound-${lang}-`));
    cpSync(join(FIXTURES, lang), root, { recursive: true });
    const built = await buildProject({ root });
    if (!built.ok) throw new Error(`the ${lang} fixture did not build:\n${reporter(built.files, { quiet: true })}`);
    dist[lang] = join(root, 'dist');
    read[lang] = outputs(dist[lang], BLOGS[lang]);
  }
}, 600_000);

/** Every English string found, with where and what is around it. */
function englishIn(texts: Output[], keys: StringKey[]): string[] {
  const found: string[] = [];
  for (const key of keys) {
    const search = englishSearch(key);
    if (!search) continue;
    for (const o of texts) {
      // addresses are not words ("licenses/by/4.0"), nor are the stores' names
      const text = searchable(o.text);
      const m = (o.caseless ? new RegExp(search.source, 'iu') : search).exec(text);
      if (m)
        found.push(`${key} "${en[key]}" in ${o.name}: …${text.slice(Math.max(0, m.index - 40), m.index + m[0].length + 40)}…`);
    }
  }
  return found;
}

/** The keys whose translation in `lang` is a different string: a word both languages write alike says nothing. */
const translated = (lang: string) => STRING_KEYS.filter((k) => LANGUAGES[lang]![k] !== en[k]);

for (const lang of Object.keys(BLOGS) as Lang[]) {
  describe(`the ${lang} fixture`, () => {
    it('should have been read back from every output: site, EPUB, MOBI, AZW3, PDF, summary, bundle', () => {
      const names = read[lang]!.map((o) => o.name);
      for (const want of [
        /^site\/index\.html$/,
        /^site\/posts\/.+\/index\.html$/,
        /^site\/books\/.+\/index\.html$/,
        /^site\/archive\/index\.html$/,
        /^site\/tags\/.+\/index\.html$/,
        /^site\/series\/.+\/index\.html$/,
        /^site\/404\.html$/,
        /^site\/feed\.xml$/,
        /^epub: EPUB\/nav\.xhtml$/,
        /^epub: EPUB\/package\.opf$/,
        /^epub: EPUB\/copyright\.xhtml$/,
        /^epub: EPUB\/summary\.xhtml$/,
        /^mobi \(mobitool -d\)/,
        /^azw3 \(mobitool -d\)/,
        /^pdftotext book\/[^/]+\.pdf$/,
        /^pdftotext book\/.+-summary\.pdf$/,
        /^zip: .*README\.txt$/,
      ]) {
        expect(
          names.some((n) => want.test(n)),
          String(want),
        ).toBe(true);
      }
      // and each holds the text of the posts, not an empty page
      for (const o of read[lang]!.filter((x) => !x.name.includes('404')))
        expect(o.text.trim().length, o.name).toBeGreaterThan(40);
    });

    it('should print no English string of the table in any output', () => {
      expect(englishIn(read[lang]!, translated(lang))).toEqual([]);
    });

    it('should print no English sentence outside the table either ("the", "and", "of", "with" before a word)', () => {
      const english: string[] = [];
      for (const o of read[lang]!) {
        const text = searchable(o.text);
        for (const m of text.matchAll(/(?<!\p{L})(the|and|of|with)\s+\p{L}+/gu)) {
          english.push(`${o.name}: …${text.slice(Math.max(0, m.index - 40), m.index + 40)}…`);
        }
      }
      expect(english).toEqual([]);
    });

    it("should print the language's own words where the English ones were", () => {
      // the outputs' text has its runs of spaces (no-break ones too) made one space
      const t = Object.fromEntries(Object.entries(LANGUAGES[lang]!).map(([k, v]) => [k, v.replace(/\s+/g, ' ')]));
      const all = (pattern: RegExp) =>
        read[lang]!.filter((o) => pattern.test(o.name))
          .map((o) => o.text)
          .join('\n');
      expect(all(/^epub: EPUB\/nav\.xhtml$/)).toContain(t.contents);
      expect(all(/^pdftotext book\/[^/]+\.pdf$/)).toContain(t.contents);
      expect(all(/^mobi/)).toContain(t.copyright);
      expect(all(/-summary\.pdf$/)).toContain(t.problem!.toLocaleUpperCase(lang));
      expect(all(/^site\/index\.html$/)).toContain(t.archive);
      expect(all(/^zip: /)).toContain(t.readmeWhich);
    });
  });
}

describe('the searches', () => {
  it('should find the English strings in the English sample, so a miss in French or Arabic means something', async () => {
    const root = await builtSample();
    const slug = JSON.parse(JSON.stringify(readFileSync(join(root, 'postbound.yaml'), 'utf8'))).match(/slug:\s*(\S+)/)[1];
    const texts = outputs(join(root, 'dist'), slug);
    const found = new Set(englishIn(texts, STRING_KEYS).map((f) => f.split(' ')[0]));
    // what every book and site of the sample prints, whatever its content
    for (const key of [
      'contents',
      'copyright',
      'landmarks',
      'startOfContent',
      'summaryTitle',
      'problem',
      'answer',
      'a11yStructure',
      'archive',
      'tags',
      'subscribe',
      'skipToContent',
      'notFound',
      'download',
      'formatEpub',
      'readmeWhich',
      'publishedUnder',
      'attribution',
      'edition',
      'chaptersOnOnePage',
    ] as StringKey[]) {
      expect(found, key).toContain(key);
    }
  });
});

describe('the French fixture', () => {
  it('should write dates the French way, on the site and in the book', () => {
    const home = readFileSync(join(dist.fr!, 'site', 'index.html'), 'utf8');
    expect(home).toContain('18 février 2024');
    const pdf = read.fr!.find((o) => /^pdftotext book\/[^/]+\.pdf$/.test(o.name))!.text;
    expect(pdf).toContain('Édition du 18 février 2024.');
    // pdftotext gives the no-break space before the colon as a space
    expect(pdf).toContain('Partie 2 : Pétrir sans fatigue');
    expect(pdf).toContain('Composé en Source Serif 4, Source Sans 3 et JetBrains Mono.');
  });
});

describe('the Arabic fixture', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serveDir>>;
  beforeAll(async () => {
    server = await serveDir(join(dist.ar!, 'site'));
    browser = await puppeteer.launch({ executablePath: resolveBrowser(), args: BROWSER_ARGS, headless: true });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const path of ['', 'posts/alrayhan/', 'books/aashab/', 'archive/']) {
    it(`should run right to left in Chromium, mirrored (/${path})`, async () => {
      const page = await browser.newPage();
      await page.setViewport({ width: 1280, height: 900 });
      await page.goto(new URL(path, `${server.url}/`).href, { waitUntil: 'load' });
      const seen = await page.evaluate(() => {
        const main = document.querySelector('main')!;
        const title = document.querySelector('.site-title')!.getBoundingClientRect();
        const nav = document.querySelector('.site-header nav')!.getBoundingClientRect();
        return {
          dir: document.documentElement.getAttribute('dir'),
          lang: document.documentElement.lang,
          direction: getComputedStyle(main).direction,
          // the site's name starts the header: on the right, before the links
          titleRightOfNav: title.left >= nav.right - 1,
        };
      });
      await page.close();
      expect(seen).toEqual({ dir: 'rtl', lang: 'ar', direction: 'rtl', titleRightOfNav: true });
    });
  }

  it('should give the EPUB dir="rtl" and page-progression-direction="rtl", and pass EPUBCheck with no errors', () => {
    const file = join(dist.ar!, 'book', `${BLOGS.ar}.epub`);
    const zip = unzipSync(readFileSync(file));
    const opf = new TextDecoder().decode(zip['EPUB/package.opf']);
    expect(opf).toMatch(/<spine[^>]*page-progression-direction="rtl"/);
    for (const [path, bytes] of Object.entries(zip)) {
      if (path.endsWith('.xhtml')) expect(new TextDecoder().decode(bytes), path).toMatch(/<html[^>]* dir="rtl"/);
    }
    const messages = epubcheck(file);
    expect(problems(messages).filter((m) => /^(FATAL|ERROR)/.test(m))).toEqual([]);
  });

  it('should mark the AZW3 right to left: dir="rtl" on its pages, and EXTH 527 for the page turn (calibre)', () => {
    const file = join(dist.ar!, 'book', `${BLOGS.ar}.azw3`);
    const azw3 = read.ar!.filter((o) => o.name.startsWith('azw3'));
    expect(azw3.length).toBeGreaterThan(0);
    const raw = readFileSync(file);
    // EXTH record 527, its length (8 + 3) and "rtl"
    expect(raw.includes(Buffer.concat([Buffer.from([0, 0, 2, 15, 0, 0, 0, 11]), Buffer.from('rtl')]))).toBe(true);
  });
});
