// A summary of several pages shows every page in every target: a book of 35
// chapters (3 summary pages) is built, then the EPUB (manifest, summary.xhtml,
// EPUBCheck), the PDF book (pdfimages), the MOBI and AZW3 (mobitool) and the
// downloads page are read back for all 3 pictures.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import sharp from 'sharp';
import { reporter } from 'vfile-reporter';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildProject } from '../../src/pipeline/build.ts';
import { post } from '../helpers/project.ts';
import { epubcheck, problems } from './epub-fixture.ts';
import { mobitoolRawml, tempDir } from './mobi/checks.ts';

const CHAPTERS = 35;
const PAGES = 3;
const SLUG = 'long-road';

function writeFixture(): string {
  const root = mkdtempSync(join(tmpdir(), 'postbound-summary-pages-'));
  const files: Record<string, string> = {
    'postbound.yaml': `site:
  title: Road Notes
  author: Mara Quist
  url: https://road.example.org/
  language: en
books:
  - slug: ${SLUG}
    title: Thirty-Five Stops
    series: stops
`,
  };
  for (let n = 1; n <= CHAPTERS; n++) {
    const day = String(n).padStart(2, '0');
    const month = n <= 28 ? '01' : '02';
    const d = n <= 28 ? day : String(n - 28).padStart(2, '0');
    files[`content/posts/2016-${month}-${d}-stop-${n}.md`] = post(
      {
        title: `Stop number ${n}`,
        date: `2016-${month}-${d}`,
        series: 'Stops',
        part: n,
        problem: `Problem line of stop ${n}.`,
        answer: `Answer line of stop ${n}.`,
      },
      `The body of stop ${n}.`,
    );
  }
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

let dist = '';
beforeAll(async () => {
  const root = writeFixture();
  const made = await buildProject({ root });
  if (!made.ok) throw new Error(`the fixture did not build:\n${reporter(made.files, { quiet: true })}`);
  dist = join(root, 'dist');
}, 600_000);

const bookFile = (ext: string) => join(dist, 'book', `${SLUG}.${ext}`);
const pagesAlt = /The book on one page, page (\d) of 3: /g;

describe('a summary of 3 pages in every target', () => {
  it('should write 3 summary PNGs', () => {
    expect(existsSync(join(dist, 'book', `${SLUG}-summary.png`))).toBe(true);
    expect(existsSync(join(dist, 'book', `${SLUG}-summary-2.png`))).toBe(true);
    expect(existsSync(join(dist, 'book', `${SLUG}-summary-3.png`))).toBe(true);
    expect(existsSync(join(dist, 'book', `${SLUG}-summary-4.png`))).toBe(false);
  });

  it('should list 3 summary images in the EPUB manifest and show all 3 in summary.xhtml, passing EPUBCheck', async () => {
    const zip = unzipSync(readFileSync(bookFile('epub')));
    const opfName = Object.keys(zip).find((n) => n.endsWith('.opf'))!;
    const opf = Buffer.from(zip[opfName]!).toString('utf8');
    const items = [...opf.matchAll(/<item\b[^>]*href="(images\/summary[^"]*)"/g)].map((m) => m[1]);
    expect(items).toEqual(['images/summary.png', 'images/summary-2.png', 'images/summary-3.png']);
    const dir = opfName.includes('/') ? opfName.slice(0, opfName.lastIndexOf('/') + 1) : '';
    const xhtml = Buffer.from(zip[`${dir}summary.xhtml`]!).toString('utf8');
    const srcs = [...xhtml.matchAll(/<img\b[^>]*src="([^"]+)"/g)].map((m) => m[1]);
    expect(srcs).toEqual(items);
    expect([...xhtml.matchAll(pagesAlt)].map((m) => m[1])).toEqual(['1', '2', '3']);
    // page 3 holds the last cards, and the text rows still follow the pictures
    expect(xhtml).toMatch(/page 3 of 3: the cards of chapters 25 to 35/);
    expect(xhtml.lastIndexOf('<img')).toBeLessThan(xhtml.indexOf('summary-list'));
    expect(xhtml).toContain('Problem: </em>Problem line of stop 35.');
    // the pictures differ: page 3 is not page 1 again
    const p1 = Buffer.from(zip[`${dir}images/summary.png`]!);
    const p3 = Buffer.from(zip[`${dir}images/summary-3.png`]!);
    expect(p1.equals(p3)).toBe(false);
    expect((await sharp(p3).metadata()).width).toBeLessThanOrEqual(1600);
    expect(problems(epubcheck(bookFile('epub')))).toEqual([]);
  }, 300_000);

  it('should print a full page per summary page at the end of the PDF book (pdfimages -list)', () => {
    const pdf = bookFile('pdf');
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    const pages = Number(/^Pages:\s+(\d+)/m.exec(info)![1]);
    const list = execFileSync('pdfimages', ['-list', pdf], { encoding: 'utf8' })
      .split('\n')
      .slice(2)
      .map((l) => l.trim().split(/\s+/))
      .filter((c) => c.length > 4 && c[2] === 'image')
      .map((c) => ({ page: Number(c[0]), width: Number(c[3]), height: Number(c[4]), enc: c[8], ppi: Number(c[12]) }));
    // each page of the summary (2550×3300) as a JPEG at 300 dpi of its printed size, which Chromium embeds as it is
    const summaries = list.filter((im) => Math.abs(im.width / im.height - 2550 / 3300) < 0.005 && im.width < 2550);
    expect(summaries.map((im) => [im.enc, im.ppi])).toEqual([
      ['jpeg', 300],
      ['jpeg', 300],
      ['jpeg', 300],
    ]);
    expect(summaries.map((im) => im.page)).toEqual([pages - 2, pages - 1, pages]);
  });

  for (const ext of ['mobi', 'azw3']) {
    it(`should show the 3 summary pages as 3 image records within 127 KB in the .${ext} (mobitool)`, () => {
      const raw = mobitoolRawml(bookFile(ext)).toString('utf8');
      const imgs = [...raw.matchAll(/<img\b[^>]*>/g)]
        .map((m) => m[0])
        .filter((t) => /The book on one page, page \d of 3/.test(t));
      expect(imgs.map((t) => /page (\d) of 3/.exec(t)![1])).toEqual(['1', '2', '3']);
      // each refers to a record of its own (recindex in MOBI 6, kindle:embed in KF8)
      const refs = imgs.map((t) => /(?:recindex="(\d+)"|kindle:embed:([0-9A-Z]+))/.exec(t)?.slice(1).find(Boolean));
      expect(new Set(refs).size).toBe(PAGES);
      // the records themselves: libmobi's recreated source holds every picture
      const dir = tempDir(`summary-pages-${ext}`);
      execFileSync('mobitool', ['-s', '-o', dir, bookFile(ext)], { stdio: 'pipe' });
      const jpegs = (readdirSync(dir, { recursive: true }) as string[])
        .filter((f) => /\.jpe?g$/i.test(f))
        .map((f) => statSync(join(dir, f)).size);
      // cover, thumbnail and 3 summary pages (the fixture has no other pictures)
      expect(jpegs.length).toBeGreaterThanOrEqual(PAGES + 1);
      for (const size of jpegs) expect(size).toBeLessThanOrEqual(127 * 1024);
    }, 120_000);
  }

  it('should show 3 summary pictures on the downloads page, each copied next to it', () => {
    const page = join(dist, 'site', 'books', SLUG, 'index.html');
    const html = readFileSync(page, 'utf8');
    const imgs = [...html.matchAll(/<img class="summary" src="([^"]+)" alt="([^"]+)"/g)];
    expect(imgs.map((m) => m[1]!.replace(/^.*\//, ''))).toEqual([
      `${SLUG}-summary.png`,
      `${SLUG}-summary-2.png`,
      `${SLUG}-summary-3.png`,
    ]);
    expect(imgs.map((m) => /page (\d) of 3/.exec(m[2]!)?.[1])).toEqual(['1', '2', '3']);
    for (const m of imgs) expect(existsSync(join(dist, 'site', 'books', SLUG, m[1]!.replace(/^.*\//, '')))).toBe(true);
  });
});
