// The two WordPress fixtures (classic editor, block editor) imported with
// their uploads folder into one project, built, and read back as people see
// them: the site in Chromium (captions, footnote texts, list items, titles
// with one "&") and the EPUB through Java EPUBCheck and its own XHTML.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import puppeteer, { type Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_ARGS, resolveBrowser } from '../../src/browser/browser.ts';
import { main } from '../../src/cli/main.ts';
import { buildProject } from '../../src/pipeline/build.ts';
import { captureIo } from '../helpers/io.ts';
import { serveDir } from '../helpers/serve.ts';
import { tempDir } from '../unit/import/media-fixture.ts';
import { makeUploads, WORDPRESS } from '../unit/import/uploads-fixture.ts';

const config = `site:
  title: Harbour and Plot
  author: Test Writer
  url: https://import.example.org/
  language: en
books:
  - slug: harbour-log
    title: Harbour Log
    series: boats
  - slug: allotment
    title: Allotment Blocks
    series: plot
`;

let root: string;
let browser: Browser;
let server: Awaited<ReturnType<typeof serveDir>>;

beforeAll(async () => {
  root = tempDir('postbound-wp-e2e-');
  writeFileSync(join(root, 'postbound.yaml'), config);
  const uploads = await makeUploads();
  for (const name of ['classic.xml', 'block.xml']) {
    const { io, text } = captureIo();
    const code = await main(['import', join(WORDPRESS, name), root, '--media', uploads, '--series-from', 'category'], io);
    expect(code, text.err).toBe(0);
  }
  const built = await buildProject({ root, only: ['site', 'epub'] });
  expect(built.ok).toBe(true);
  server = await serveDir(join(root, 'dist', 'site'));
  browser = await puppeteer.launch({ executablePath: resolveBrowser(), args: BROWSER_ARGS, headless: true });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** What a reader of the page sees: the title, figure captions, list items, footnote texts, the article's text. */
async function look(slug: string, shot?: string) {
  const page = await browser.newPage();
  try {
    await page.setViewport({ width: 900, height: 1200 });
    await page.goto(`${server.url}/posts/${slug}/`, { waitUntil: 'load' });
    if (shot) await page.screenshot({ path: join(tmpdir(), shot) as `${string}.png`, fullPage: true });
    return (await page.evaluate(`(() => {
      // the post's own content: not the theme's series box, which lists the series' parts
      const all = (s) => Array.from(document.querySelectorAll(s)).filter((e) => !e.closest('.series-box')).map((e) => e.innerText.trim());
      return {
        title: document.querySelector('article h1').innerText,
        captions: all('article figcaption'),
        items: all('article li:not(.prev):not(.next)'),
        notes: all('article .footnotes li'),
        text: document.querySelector('article').innerText,
        summary: all('article details summary'),
        loadedImages: Array.from(document.querySelectorAll('article img')).filter((i) => i.complete && i.naturalWidth > 0).length,
      };
    })()`)) as {
      title: string;
      captions: string[];
      items: string[];
      notes: string[];
      text: string;
      summary: string[];
      loadedImages: number;
    };
  } finally {
    await page.close();
  }
}

describe('imported WordPress posts on the site (Chromium)', () => {
  it('should show classic-editor list items without a backslash and [caption] captions', async () => {
    const seen = await look('ropes-and-knots', 'postbound-wp-ropes.png');
    expect(seen.title).toBe('Ropes & knots');
    expect(seen.captions).toEqual(['The bowline, dressed & set', 'Old-style caption attribute']);
    expect(seen.items).toEqual(
      expect.arrayContaining([
        'Bowline: a loop that does not slip',
        'and quicker to undo',
        'Reef knot: for reefing, and nothing else',
      ]),
    );
    expect(seen.items.join('\n')).not.toContain('\\');
    expect(seen.loadedImages).toBe(2);
  });

  it('should show gallery captions from the attachments in the export', async () => {
    const seen = await look('a-day-of-pictures');
    expect(seen.captions).toEqual([
      'Low water, first light',
      'The trailer, half in the water',
      'Low water, first light',
      'The trailer, half in the water',
    ]);
  });

  it('should show block image and gallery captions and a title with one "&"', async () => {
    const seen = await look('beans-and-frames', 'postbound-wp-beans.png');
    expect(seen.title).toBe('Beans & frames');
    expect(seen.captions).toEqual(['Hazel poles, tied at the top & braced', 'Seedlings, day ten', 'First flowers']);
    expect(seen.text).toContain('April on the plot');
  });

  it('should show the footnote texts from the footnotes meta', async () => {
    const seen = await look('soil-notes', 'postbound-wp-soil.png');
    expect(seen.notes.map((n) => n.replace(/\s*↩$/, ''))).toEqual([
      'Ask anyone who has dug it in February.',
      'See the sand chart & weep.',
    ]);
    expect(seen.text).toContain('N2; the bed is 102 square feet'); // innerText of <sub>/<sup>
  });

  it('should show verse lines, details, both columns, table footers and buttons as words', async () => {
    const seen = await look('verse-tables-buttons', 'postbound-wp-verse.png');
    expect(seen.title).toBe('Verse, tables & buttons');
    expect(seen.text).toMatch(/Rain on the shed roof,\n\s*slugs on the beans,\nJune\./);
    expect(seen.summary).toEqual(['Why hazel?']);
    expect(seen.text).toContain('Left column: the beans.');
    expect(seen.text).toContain('Right column: the leeks.');
    expect(seen.text).toMatch(/Total\s+5/);
    expect(seen.text).toContain('Fill, no link');
    expect(seen.text).not.toMatch(/&amp;|&#x/);
  });

  it('should show video, audio and embeds as links that say what is missing, the poster as a figure', async () => {
    const seen = await look('watching-the-plot', 'postbound-wp-media.png');
    expect(seen.captions).toEqual(['Beans climbing, one frame an hour']);
    expect(seen.text).toContain('Video on YouTube: A tour of the plot in July (a video; follow the link to watch it)');
    expect(seen.text).toContain('Audio: The robin that follows the spade (a recording; follow the link to listen to it)');
    expect(seen.text).toContain('Video: Rain on the water butt (a video; follow the link to watch it)');
  });
});

describe('imported WordPress posts in the EPUB', () => {
  const xhtml = (book: string) => {
    const files = unzipSync(readFileSync(join(root, 'dist', 'book', `${book}.epub`)));
    return Object.entries(files)
      .filter(([name]) => name.endsWith('.xhtml'))
      .map(([, bytes]) => Buffer.from(bytes).toString('utf8'))
      .join('\n');
  };

  it.each(['harbour-log', 'allotment'])('%s should pass EPUBCheck with no errors', (book) => {
    let result = '';
    try {
      result = execFileSync('java', ['-jar', '/usr/share/java/epubcheck.jar', join(root, 'dist', 'book', `${book}.epub`)], {
        encoding: 'utf8',
        stdio: 'pipe',
      });
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string };
      result = `${e.stdout ?? ''}${e.stderr ?? ''}`;
    }
    expect(result).toMatch(/0 fatals \/ 0 errors/);
  });

  it('should hold the captions, footnote texts, list items and titles with one "&"', () => {
    const harbour = xhtml('harbour-log');
    expect(harbour).toMatch(/<figcaption[^>]*>The bowline, dressed &amp; set<\/figcaption>/);
    expect(harbour).toContain('Bowline: a loop that does not slip');
    expect(harbour).toMatch(/Ropes &amp; knots/);
    const allotment = xhtml('allotment');
    expect(allotment).toMatch(/Beans &amp; frames/);
    expect(allotment).toContain('Ask anyone who has dug it in <em>February</em>.');
    expect(allotment).toMatch(/<figcaption[^>]*>Hazel poles, tied at the top &amp; braced<\/figcaption>/);
    expect(allotment).toContain('follow the link to watch it');
    for (const text of [harbour, allotment]) expect(text).not.toMatch(/&amp;amp;|&amp;#/);
  });
});
