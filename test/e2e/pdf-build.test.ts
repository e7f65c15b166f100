// The PDF target on a real model: a small project written to a temp folder,
// loaded with the content loader and printed by src/pdf's build().
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VFile } from 'vfile';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImageCache } from '../../src/assets/images.ts';
import { SharedBrowser } from '../../src/browser/browser.ts';
import { loadSite } from '../../src/content/load.ts';
import type { Site } from '../../src/content/model.ts';
import { build } from '../../src/pdf/index.ts';
import type { BuildContext, OutputFile } from '../../src/pipeline/context.ts';
import { standInPictures } from './pdf-fixture.ts';
import { allPages, internalLinks, namedDestinations, outline, pageText, pdffonts, pdfinfo, run, squash } from './pdf-tools.ts';

const REPO = join(import.meta.dirname, '..', '..');
const TITLES = ['Finding the River', 'Mapping the Banks', 'Where the Silt Goes'];

function writeProject(root: string): void {
  mkdirSync(join(root, 'content', 'posts'), { recursive: true });
  mkdirSync(join(root, 'content', 'sketches'), { recursive: true });
  copyFileSync(join(REPO, 'content', 'sketches', 'ladder.png'), join(root, 'content', 'sketches', 'ladder.png'));
  writeFileSync(
    join(root, 'postbound.yaml'),
    [
      'site:',
      '  title: River Notes',
      '  author: Ada Example',
      '  url: https://example.org/',
      'books:',
      '  - slug: river-guide',
      '    title: The River Guide',
      '    subtitle: Notes from the bank',
      '    description: A short guide to reading rivers.',
      '    series: field-notes',
      '    front: [welcome]',
      '    trim: A5',
      '    tocDepth: 2',
      '',
    ].join('\n'),
  );
  const body = (n: number) =>
    Array.from(
      { length: 6 },
      (_, i) =>
        `Paragraph ${i + 1} of part ${n}: ${'the water keeps its own counsel and moves where the ground allows it. '.repeat(8)}`,
    ).join('\n\n');
  writeFileSync(
    join(root, 'content', 'posts', '2024-01-01-welcome.md'),
    `---\ntitle: Welcome\ndate: 2024-01-01\ntags: [intro]\n---\n\nWhy this book exists.\n`,
  );
  TITLES.forEach((title, i) => {
    const n = i + 1;
    const extra =
      n === 1
        ? `\n\n![A ladder against a wall](../sketches/ladder.png "The ladder, drawn on the bank.")\n\nA note.[^1]\n\n[^1]: The footnote of part one.\n`
        : `\n\nAs [the banks section](./2024-02-01-part-1.md#reading-the-banks) showed, and see [part one](./2024-02-01-part-1.md).\n`;
    writeFileSync(
      join(root, 'content', 'posts', `2024-02-0${n}-part-${n}.md`),
      `---\ntitle: ${title}\ndate: 2024-02-0${n}\ntags: [rivers, part-${n}]\nseries: Field Notes\npart: ${n}\nsummary: Part ${n} of the notes.\n${n === 1 ? 'sketch: ../sketches/ladder.png\n' : ''}---\n\n` +
        `${body(n)}\n\n## Reading the banks\n\n${body(n)}${extra}\n## Going downstream\n\n${body(n)}\n`,
    );
  });
}

const browser = new SharedBrowser();
let root: string;
let out: OutputFile[];
let site: Site;
let file: string;
let bytes: Buffer;
let pages: string[];
const buildFile = new VFile({ path: 'postbound.yaml' });

/** Prints the loaded project's book into `dir`/out, with its own cache in `dir`/.cache. */
async function printInto(dir: string, messages: VFile): Promise<OutputFile[]> {
  // what matters here is that the PDF places the cover and summary as its first and last page
  const { cover, summary } = await standInPictures();
  const ctx: BuildContext = {
    site,
    outDir: join(dir, 'out'),
    cacheDir: join(dir, '.cache'),
    images: new ImageCache(join(dir, '.cache')),
    browser,
    progress: { step() {} },
    buildFile: messages,
    artifacts: { cover: async () => cover, summary: async () => ({ png: summary, pdf: Buffer.alloc(0) }) },
  };
  return build(ctx);
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'postbound-pdf-project-'));
  writeProject(root);
  const loaded = await loadSite(root);
  const problems = loaded.files.flatMap((f) => f.messages.filter((m) => m.fatal).map((m) => `${f.path}: ${m.reason}`));
  expect(problems).toEqual([]);
  site = loaded.site as Site;
  out = await printInto(root, buildFile);
  file = join(root, 'out', 'book', 'river-guide.pdf');
  bytes = readFileSync(file);
  pages = allPages(file);
}, 120_000);

afterAll(async () => {
  await browser.close();
  if (process.env.KEEP_PDF) console.log(`kept ${root}`);
  else rmSync(root, { recursive: true, force: true });
});

const tocText = () => squash(pages.filter((t) => /^\s*Contents\s*$/m.test(t)).join(' '));

describe('the PDF target on a loaded project', () => {
  it('should report the file it wrote with its page count and size', () => {
    expect(out).toHaveLength(1);
    expect(out[0]?.path).toBe('book/river-guide.pdf');
    expect(out[0]?.bytes).toBe(bytes.byteLength);
    expect(out[0]?.info?.pages).toBe(pages.length);
    expect(buildFile.messages.map((m) => m.reason)).toEqual([]);
  });

  it('should print on A5 with the book metadata', () => {
    const info = pdfinfo(file);
    // A5 = 148 × 210 mm = 419.53 × 595.28 pt; Chromium rounds the page to whole CSS pixels
    const [w, h] = (info['Page size'] as string).split(/ x | pts/).map(Number);
    expect(Math.abs((w as number) - 419.53)).toBeLessThan(1);
    expect(Math.abs((h as number) - 595.28)).toBeLessThan(1);
    expect(info.Title).toBe('The River Guide: Notes from the bank');
    expect(info.Author).toBe('Ada Example');
    expect(info.Subject).toBe('A short guide to reading rivers.');
    expect(info.Keywords).toBe('rivers, intro, part-1, part-2, part-3');
    expect(info.Tagged).toBe('yes');
    expect(/\/Lang\s*\(en\)/.test(bytes.toString('latin1'))).toBe(true);
    expect(pdffonts(file).filter((f) => !f.embedded)).toEqual([]);
  });

  it('should give each chapter the page number on which its title stands', () => {
    const toc = tocText();
    for (const [i, title] of TITLES.entries()) {
      const m = new RegExp(`Part ${i + 1}: ${title} (\\d+)`).exec(toc);
      expect(m, `${title} in ${toc}`).not.toBeNull();
      const n = Number(m?.[1]);
      expect(
        pageText(file, n)
          .split('\n')
          .map((l) => l.trim()),
      ).toContain(title);
      expect(squash(pageText(file, n))).toMatch(/Part \d/i);
    }
    expect(toc).toMatch(/Welcome \d+/);
    expect(toc).toMatch(/Reading the banks \d+ Going downstream \d+/);
  });

  it('should have an outline with the front matter and every chapter in order', async () => {
    const items = await outline(bytes);
    expect(items.map((i) => i.title)).toEqual(['Welcome', ...TITLES.map((t, i) => `Part ${i + 1}: ${t}`)]);
    expect(items[1]?.children.map((c) => c.title)).toEqual(['Reading the banks', 'Going downstream']);
  });

  it('should link cross-references to the other chapter, and footnotes within theirs', async () => {
    const links = await internalLinks(bytes);
    const dests = await namedDestinations(bytes);
    const slug = site.books[0]?.chapters[0]?.slug as string;
    const toBanks = links.filter((l) => l.dest === `${slug}--reading-the-banks`);
    expect(toBanks.length).toBeGreaterThanOrEqual(3); // contents + parts 2 and 3
    expect(links.filter((l) => l.dest === slug).length).toBeGreaterThanOrEqual(3);
    const banksPage = dests.get(`${slug}--reading-the-banks`) as number;
    expect(pageText(file, banksPage)).toMatch(/^\s*Reading the banks\s*$/m);
    const footnoteLinks = links.filter((l) => l.dest.startsWith(`${slug}--`) && /fn/.test(l.dest));
    expect(footnoteLinks.length).toBeGreaterThanOrEqual(2); // reference and back-reference
    for (const l of footnoteLinks) expect(dests.has(l.dest)).toBe(true);
  });

  it('should print the sketch as a 300 dpi variant across the text block, not the raw scan', () => {
    const figurePage = pages.findIndex((t) => t.includes('The ladder, drawn on the bank.')) + 1;
    expect(figurePage).toBeGreaterThan(0);
    const rows = run('pdfimages', ['-list', '-f', String(figurePage), '-l', String(figurePage), file])
      .split('\n')
      .slice(2)
      .filter(Boolean)
      .map((l) => l.trim().split(/\s+/));
    // A5 text block: 148 − 2 × 16 mm = 116 mm = 4.57 in → 1370 px at 300 dpi (the scan is 2400 px wide);
    // the 1600 px JPEG the e-book and the site share is used when it is at least that wide
    expect(rows).toHaveLength(1);
    expect(Number(rows[0]?.[3])).toBeGreaterThanOrEqual(1370);
    expect(Number(rows[0]?.[3])).toBeLessThanOrEqual(1600);
    expect(Number(rows[0]?.[12])).toBeGreaterThan(250); // x-ppi as placed on the page
    run('pdftoppm', [
      '-r',
      '60',
      '-f',
      String(figurePage),
      '-l',
      String(figurePage),
      '-png',
      '-singlefile',
      file,
      join(root, 'figure'),
    ]);
    const opener = pages.findIndex((t) => t.split('\n').some((l) => l.trim() === TITLES[1])) + 1;
    run('pdftoppm', ['-r', '60', '-f', String(opener), '-l', String(opener), '-png', '-singlefile', file, join(root, 'opener')]);
  });

  it('should end with the one-page summary and start with the cover', () => {
    expect(pageText(file, 1).trim()).toBe('');
    expect(pageText(file, pages.length).trim()).toBe('');
    expect(squash(pageText(file, 3))).toContain('Creative Commons Attribution 4.0 International');
  });

  it('should print the same bytes again a second later, with no cache (no print time left in the file)', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const again = join(root, 'again');
    await printInto(again, new VFile({ path: 'postbound.yaml' }));
    const second = readFileSync(join(again, 'out', 'book', 'river-guide.pdf'));
    expect(second.byteLength).toBe(bytes.byteLength);
    expect(second.equals(bytes)).toBe(true);
  });
});
