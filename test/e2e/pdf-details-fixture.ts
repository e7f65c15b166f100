// A 35-chapter book for the PDF layout tests (test/e2e/pdf-details.test.ts):
// long titles (90+ characters) and headings whose ids run past the PDF's
// 127-byte name limit, landscape sketches of 3000×1500, one chapter with a
// shortTitle. Written with test/helpers/project.ts, loaded and printed by src/pdf.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { VFile } from 'vfile';
import { ImageCache } from '../../src/assets/images.ts';
import type { SharedBrowser } from '../../src/browser/browser.ts';
import { loadSite } from '../../src/content/load.ts';
import type { Site } from '../../src/content/model.ts';
import { build } from '../../src/pdf/index.ts';
import type { BuildContext } from '../../src/pipeline/context.ts';
import { makeProject, post } from '../helpers/project.ts';
import { standInPictures } from './pdf-fixture.ts';

export const CHAPTERS = 35;
/** Chapters (1-based) with a landscape sketch in the middle of their text. */
export const LANDSCAPE = [4, 17, 30];
/** The chapter with a shortTitle, and that short title. */
export const SHORT = { part: 9, shortTitle: 'The Long Way Round' };

const LONG = 'What the River Told Us About Patience, Silt, Floods and the Slow Work of Keeping a Notebook Every Day';

export function fixtureTitle(n: number): string {
  if (n === SHORT.part) return `${LONG} (the long chapter that has a short title for its running head)`;
  if (n % 5 === 0) return `${LONG}, Part ${n}`;
  return `Notes on the river, day ${n}`;
}

const WORDS =
  'the quick sketch of a river bend shows how water finds the lowest path and carries silt toward the sea while the banks hold their shape for a season or two'.split(
    ' ',
  );
const para = (seed: number, words = 80) => {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(WORDS[(seed * 7 + i * 13) % WORDS.length] as string);
  const t = out.join(' ');
  return `${t.charAt(0).toUpperCase()}${t.slice(1)}.`;
};

/** A sketch-like landscape drawing: strokes on paper. */
async function landscape(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="3000" height="1500"><rect width="100%" height="100%" fill="#fbfaf5"/><rect x="20" y="20" width="2960" height="1460" fill="none" stroke="#444" stroke-width="12"/><path d="M100 1300 C 900 100, 1700 1400, 2900 200" stroke="#222" stroke-width="24" fill="none"/><circle cx="1500" cy="750" r="420" stroke="#a33" stroke-width="18" fill="none"/><text x="150" y="220" font-size="160" font-family="sans-serif" fill="#333">TOP</text></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

export function fixtureConfig(openRight: boolean): string {
  return `site:
  title: River Notes
  author: Ada Tester
  url: https://test.example.org/
  language: en
books:
  - slug: long-river
    title: The Long River Book of Patience
    series: long-river
    front: [intro]
${openRight ? '    openRight: true\n' : ''}`;
}

/** Writes the project; returns its folder. */
export async function makeLongBook(openRight = false): Promise<string> {
  const files: Record<string, string | Buffer> = { 'content/sketches/wide.png': await landscape() };
  for (let n = 1; n <= CHAPTERS; n++) {
    const front: Record<string, unknown> = {
      title: fixtureTitle(n),
      date: `2024-${String(1 + Math.floor((n - 1) / 28)).padStart(2, '0')}-${String(1 + ((n - 1) % 28)).padStart(2, '0')}`,
      series: 'Long River',
      part: n,
      summary: `Part ${n} of the long river.`,
    };
    if (n === SHORT.part) front.shortTitle = SHORT.shortTitle;
    const sketch = LANDSCAPE.includes(n)
      ? `\n\n![A wide sketch of the river](../sketches/wide.png "The river, wide.")\n\n`
      : '\n\n';
    const body =
      `${para(n)}\n\n${para(n + 1)}\n\n${para(n + 2, 120)}${sketch}${para(n + 3)}\n\n${para(n + 4)}\n\n` +
      `## How the banks of the river hold their shape through a long season of floods and droughts\n\n${para(n + 5)}\n\n${para(n + 6)}[^1]\n\n` +
      `[^1]: A footnote of part ${n}.\n`;
    // the slug comes from the file name: long titles give long slugs, as on a real blog
    const slug = fixtureTitle(n)
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '');
    files[`content/posts/${String(n).padStart(2, '0')}-${slug}.md`] = post(front, body);
  }
  return makeProject(files, { config: fixtureConfig(openRight) });
}

/** Loads and prints the book of `root`; returns the PDF's path and the build's messages. */
export async function printProject(
  root: string,
  browser: SharedBrowser,
): Promise<{ file: string; bytes: Buffer; site: Site; messages: string[] }> {
  const loaded = await loadSite(root);
  const fatal = loaded.files.flatMap((f) => f.messages.filter((m) => m.fatal).map((m) => `${f.path}: ${m.reason}`));
  if (fatal.length || !loaded.site) throw new Error(fatal.join('\n'));
  const site = loaded.site;
  const buildFile = new VFile({ path: 'postbound.yaml' });
  const { cover, summary } = await standInPictures();
  const ctx: BuildContext = {
    site,
    outDir: join(root, 'out'),
    cacheDir: join(root, '.cache'),
    images: new ImageCache(join(root, '.cache')),
    browser,
    progress: { step() {} },
    buildFile,
    artifacts: { cover: async () => cover, summary: async () => ({ png: summary, pdf: Buffer.alloc(0) }) },
  };
  await build(ctx);
  const book = site.books[0]?.slug as string;
  const file = join(ctx.outDir, 'book', `${book}.pdf`);
  return { file, bytes: readFileSync(file), site, messages: buildFile.messages.map((m) => m.reason) };
}
