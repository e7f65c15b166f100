// One book apparatus in every format, read back with the real readers: libmobi's
// mobitool and calibre find the title page, the licence, the pay-what-you-want link
// and the summary's text in both Kindle files; calibre's reading of the EPUB, MOBI
// and AZW3 contents lists the chapter titles byte for byte as the PDF's bookmarks do.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { reporter } from 'vfile-reporter';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSite } from '../../src/content/load.ts';
import type { Book } from '../../src/content/model.ts';
import { buildProject } from '../../src/pipeline/build.ts';
import { post } from '../helpers/project.ts';
import { builtSample } from '../helpers/sample.ts';
import { epubcheck } from './epub-fixture.ts';
import { ebookConvert, tempDir } from './mobi/checks.ts';
import { allPages, outline } from './pdf-tools.ts';

const SUMMARY = 'The book on one page';

/** `mobitool -d`: the text libmobi decompresses, each file into its own folder. */
function mobitoolText(file: string): string {
  const dir = tempDir('apparatus-mobitool');
  execFileSync('mobitool', ['-d', '-o', dir, file], { stdio: 'pipe' });
  const raw = readdirSync(dir).find((f) => f.endsWith('.rawml'));
  if (!raw) throw new Error(`mobitool wrote no .rawml for ${file}`);
  return readFileSync(join(dir, raw), 'utf8');
}

/** `ebook-convert x out.txt`: calibre's plain-text reading of a book. */
function calibreText(file: string): string {
  const out = join(tempDir('apparatus-txt'), 'out.txt');
  const run = spawnSync('ebook-convert', [file, out], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (run.status !== 0) throw new Error(`ebook-convert ${file} failed: ${run.stderr}`);
  return readFileSync(out, 'utf8');
}

const decode = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#(\d+);/g, (_, n) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, '&');
/** Markup → its text, for searching a `.rawml` (links keep their text). */
const textOf = (html: string) => decode(html.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ');

interface Built {
  dist: string;
  book: Book;
}

async function built(root: string): Promise<Built> {
  const loaded = await loadSite(root);
  if (!loaded.site) throw new Error(reporter(loaded.files));
  return { dist: join(root, 'dist'), book: loaded.site.books[0]! };
}

// A book unlike the sample: 12 chapters, CC0, a series numbered newest first, and a
// chapter whose title already carries its part number.
const FIXTURE_CHAPTERS = 12;
function writeFixture(): string {
  const root = mkdtempSync(join(tmpdir(), 'postbound-apparatus-'));
  const files: Record<string, string> = {
    'postbound.yaml': `site:
  title: Field Notes
  author: Ines Okafor
  url: https://notes.example.org/
  language: en
books:
  - slug: reversed
    title: Twelve Things Backwards
    license: CC0-1.0
    series: twelve-things
    pwyw: https://notes.example.org/support/
    back: [colophon]
`,
    'content/posts/2014-01-01-colophon.md': post({ title: 'Colophon', date: '2014-01-01' }, 'Written in a hurry.'),
  };
  for (let n = 1; n <= FIXTURE_CHAPTERS; n++) {
    // part 1 is the newest: 2015-12-…, part 12 the oldest, 2015-01-…
    const month = String(13 - n).padStart(2, '0');
    const title = n === 3 ? 'Thing, part 3 - Why' : `Thing number ${n}`;
    files[`content/posts/2015-${month}-10-thing-${n}.md`] = post(
      {
        title,
        date: `2015-${month}-10`,
        series: 'Twelve Things',
        part: n,
        problem: `Problem line of thing ${n}.`,
        answer: `Answer line of thing ${n}.`,
      },
      `The body of thing ${n}.\n\n## A section of thing ${n}\n\nMore about thing ${n}.`,
    );
  }
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

let sample: Built;
let fixture: Built;

beforeAll(async () => {
  const root = writeFixture();
  const [s, made] = await Promise.all([builtSample(), buildProject({ root })]);
  if (!made.ok) throw new Error(`the fixture did not build:\n${reporter(made.files, { quiet: true })}`);
  sample = await built(s);
  fixture = await built(root);
});

const file = (b: Built, ext: string) => join(b.dist, 'book', `${b.book.slug}.${ext}`);

/** What each book's Kindle files must say: title page, licence sentence, pwyw link, summary text. */
function expected(which: () => Built): { strings: () => string[] } {
  return {
    strings: () => {
      const { book } = which();
      const first = book.chapters[0]!;
      return [
        book.title,
        book.author,
        book.license === 'CC0-1.0'
          ? `To the extent possible under law, ${book.author} has waived all copyright and related or neighbouring rights to ${book.title}.`
          : 'This book is published under the Creative Commons Attribution 4.0 International licence (CC-BY-4.0).',
        book.pwyw!,
        'If this book was useful to you, you can pay what you want for it at',
        SUMMARY,
        `Problem: ${first.problem}`,
      ];
    },
  };
}

for (const [name, which] of [
  ['the sample', () => sample],
  ['the CC0 fixture', () => fixture],
] as const) {
  describe(`apparatus of ${name}`, () => {
    const want = expected(which);
    for (const ext of ['mobi', 'azw3']) {
      it(`should carry the title page, the licence, the pay-what-you-want link and the summary in the .${ext} (mobitool -d)`, () => {
        const text = textOf(mobitoolText(file(which(), ext)));
        for (const s of want.strings()) expect(text, s).toContain(s);
      });
      it(`should carry them in the .${ext} as calibre reads it (ebook-convert → txt)`, () => {
        const text = calibreText(file(which(), ext)).replace(/\s+/g, ' ');
        for (const s of want.strings()) expect(text, s).toContain(s);
      });
    }

    it("should list the same chapter titles, byte for byte, in the EPUB, MOBI and AZW3 contents (calibre) and the PDF's bookmarks", async () => {
      const b = which();
      const bookmarks = (await outline(readFileSync(file(b, 'pdf')))).map((i) => i.title);
      const posts = [...b.book.front, ...b.book.chapters, ...b.book.back];
      expect(bookmarks).toHaveLength(posts.length);
      for (const ext of ['epub', 'mobi', 'azw3']) {
        const toc = ebookConvert(file(b, ext)).toc.map((n) => n.label);
        expect(toc, ext).toEqual([...bookmarks, SUMMARY]);
      }
      // chapters are labelled, front and back matter are not
      for (const [i, p] of b.book.chapters.entries()) {
        const at = b.book.front.length + i;
        expect(bookmarks[at]).toMatch(new RegExp(`^(Part ${p.part}: )?`));
        expect(bookmarks[at]!.endsWith(p.title)).toBe(true);
      }
      for (const [i, p] of b.book.front.entries()) expect(bookmarks[i]).toBe(p.title);
    });

    it("should say on the site's downloads page what the books say: licence and pay-what-you-want", () => {
      const b = which();
      const html = readFileSync(join(b.dist, 'site', 'books', b.book.slug, 'index.html'), 'utf8');
      // the book's part of the page (the site's own footer, layout.eta, is not the book's)
      const text = textOf(/<article class="downloads">[\s\S]*?<\/article>/.exec(html)?.[0] ?? '');
      for (const s of want.strings().slice(2, 5)) expect(text, s).toContain(s);
      if (b.book.license === 'CC0-1.0') expect(text).not.toContain('©');
    });

    it('should pass EPUBCheck with no errors and no warnings', () => {
      const messages = epubcheck(file(which(), 'epub')).filter((m) => m.severity !== 'USAGE' && m.severity !== 'INFO');
      expect(messages).toEqual([]);
    });
  });
}

describe('a CC0 series numbered newest first', () => {
  it('should label every chapter "Part n: " except the one whose title carries its number', async () => {
    const bookmarks = (await outline(readFileSync(file(fixture, 'pdf')))).map((i) => i.title);
    const want = Array.from({ length: FIXTURE_CHAPTERS }, (_, i) =>
      i === 2 ? 'Thing, part 3 - Why' : `Part ${i + 1}: Thing number ${i + 1}`,
    );
    expect(bookmarks).toEqual([...want, 'Colophon']);
  });

  it("should date the book by its newest chapter (part 1, 2015-12-10), not its last part's", () => {
    expect(fixture.book.date).toBe('2015-12-10');
    const zip = unzipSync(readFileSync(file(fixture, 'epub')));
    const opf = new TextDecoder().decode(zip['EPUB/package.opf']);
    expect(opf).toContain('<dc:date>2015-12-10</dc:date>');
    const pdf = allPages(file(fixture, 'pdf')).join('\n');
    expect(pdf).toContain('Edition of December 10, 2015.');
  });

  it('should have no © on the copyright page, in the EPUB, the PDF and the MOBI', () => {
    const zip = unzipSync(readFileSync(file(fixture, 'epub')));
    const page = new TextDecoder().decode(zip['EPUB/copyright.xhtml']);
    expect(page).toContain('has waived all copyright and related or neighbouring rights to Twelve Things Backwards.');
    expect(page).toContain('href="https://creativecommons.org/publicdomain/zero/1.0/"');
    expect(page).not.toContain('©');
    const pdf = allPages(file(fixture, 'pdf')).find((t) => t.includes('has waived all copyright'));
    expect(pdf).toBeDefined();
    expect(pdf).not.toContain('©');
    for (const ext of ['mobi', 'azw3']) {
      const text = calibreText(file(fixture, ext));
      expect(text).toContain('Public domain dedication: Creative Commons Zero v1.0 Universal (CC0-1.0).');
      expect(text, ext).not.toContain('©');
    }
  });

  it('should point the MOBI guide at the title page and the copyright page, and give the AZW3 a guide index', () => {
    const raw = mobitoolText(file(fixture, 'mobi'));
    const guide = /<guide>([\s\S]*?)<\/guide>/.exec(raw)?.[1] ?? '';
    const types = [...guide.matchAll(/type="([^"]+)"/g)].map((m) => m[1]);
    expect(types).toEqual(['toc', 'title-page', 'copyright-page', 'text']);
    const at = (type: string) => Number(new RegExp(`type="${type}"[^>]*filepos=(\\d+)`).exec(guide)?.[1]);
    const bytes = Buffer.from(raw, 'utf8');
    expect(bytes.toString('utf8', at('title-page'), at('title-page') + 40)).toContain('Twelve Things Backwards');
    expect(bytes.toString('utf8', at('copyright-page'), at('copyright-page') + 20)).toContain('Copyright');
    expect(bytes.toString('utf8', at('text'), at('text') + 60)).toContain('Thing number 1');

    const dir = tempDir('apparatus-inspect');
    spawnSync('calibre-debug', ['--inspect-mobi', file(fixture, 'azw3')], { cwd: dir, encoding: 'utf8' });
    const sub = readdirSync(dir).find((f) => f.startsWith('decompiled_'))!;
    const found = readdirSync(join(dir, sub), { recursive: true }) as string[];
    const guideFile = found.find((f) => /guide/i.test(f));
    expect(guideFile).toBeDefined();
    const text = readFileSync(join(dir, sub, guideFile!), 'utf8');
    for (const t of ['copyright-page', 'text', 'title-page']) expect(text).toContain(t);
  });
});
