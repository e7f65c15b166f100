// The EPUB read back by the tools readers and stores use: EPUBCheck (Debian's
// Java build) must find nothing at all, calibre must get every chapter title in
// order and every word of every post, and the metadata and cover must survive.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSite } from '../../src/content/load.ts';
import type { Book } from '../../src/content/model.ts';
import { build } from '../../src/epub/index.ts';
import { builtSample } from '../helpers/sample.ts';
import { contextFor, epubcheck, galleryProject, problems, run, worldProject } from './epub-fixture.ts';

interface Case {
  epub: string;
  book: Book;
}

/** Words as both sides agree on them: Unicode letters and digits, case folded. */
const words = (s: string) =>
  new Set(
    s
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .split(' ')
      .filter(Boolean),
  );

const ISO639_2: Record<string, string> = { en: 'eng', el: 'ell', ja: 'jpn', ar: 'ara' };

async function fixtureCase(make: () => Promise<string>): Promise<Case> {
  const ctx = await contextFor(await make());
  const [out] = await build(ctx);
  if (!out) throw new Error('no EPUB was written');
  return { epub: join(ctx.outDir, out.path), book: ctx.site.books[0] as Book };
}

async function sampleCase(): Promise<Case> {
  // the real build of the sample (real cover and summary from Chromium, the validation stage too)
  const root = await builtSample();
  const loaded = await loadSite(root);
  const book = loaded.site?.books[0];
  if (!book) throw new Error('the sample has no book');
  return { epub: join(root, 'dist', 'book', `${book.slug}.epub`), book };
}

const cases: [string, () => Promise<Case>][] = [
  ['the sample book', sampleCase],
  ['a book in Greek, Japanese and Arabic with footnotes, tables, code, raw HTML and task lists', () => fixtureCase(worldProject)],
  ['a book with a 12-image chapter, an image without alt text and a link out of the book', () => fixtureCase(galleryProject)],
];

describe.each(cases)('%s', (_name, make) => {
  let c: Case;
  let txt: string;
  beforeAll(async () => {
    c = await make();
    const dir = mkdtempSync(join(tmpdir(), 'postbound-calibre-'));
    run('ebook-convert', [c.epub, join(dir, 'book.txt')]);
    txt = readFileSync(join(dir, 'book.txt'), 'utf8');
  });

  it('should pass EPUBCheck with no fatal errors, errors or warnings', () => {
    const messages = epubcheck(c.epub);
    expect(problems(messages)).toEqual([]);
    // the report is real: EPUBCheck names the package it read
    expect(messages.filter((m) => m.severity === 'FATAL')).toHaveLength(0);
  });

  it('should give calibre every chapter title in reading order, after the table of contents', () => {
    const posts = [...c.book.front, ...c.book.chapters, ...c.book.back];
    // the contents page lists the titles too; the body starts after its last entry
    let at = txt.indexOf('The book on one page');
    expect(at).toBeGreaterThan(0);
    for (const post of posts) {
      const found = txt.indexOf(post.title, at);
      expect(found, `"${post.title}" after offset ${at}`).toBeGreaterThan(at);
      at = found;
    }
  });

  it('should give calibre every word of every post', () => {
    const got = words(txt);
    for (const post of [...c.book.front, ...c.book.chapters, ...c.book.back]) {
      const missing = [...words(post.text)].filter((w) => !got.has(w));
      expect(missing, post.rel).toEqual([]);
    }
  });

  it('should show title, author, language and a cover in ebook-meta', () => {
    const meta = run('ebook-meta', [c.epub]);
    const field = (name: string) => new RegExp(`^${name}\\s*:\\s*(.*)$`, 'm').exec(meta)?.[1] ?? '';
    expect(field('Title')).toContain(c.book.title);
    expect(field('Author\\(s\\)')).toContain(c.book.author);
    expect(field('Languages')).toBe(ISO639_2[c.book.language] ?? c.book.language);
    const cover = join(mkdtempSync(join(tmpdir(), 'postbound-cover-')), 'cover.jpg');
    run('ebook-meta', [c.epub, `--get-cover=${cover}`]);
    expect(existsSync(cover)).toBe(true);
    expect(readFileSync(cover).subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
  });

  it("should nest each chapter's sections in the navigation document", () => {
    const files = unzipSync(readFileSync(c.epub));
    const nav = new TextDecoder().decode(files['EPUB/nav.xhtml']);
    expect(nav).toContain('<nav epub:type="toc"');
    expect(nav).toContain('<nav epub:type="landmarks"');
    const withSections = c.book.chapters.find((p) => p.headings.some((h) => h.depth === 2));
    if (withSections) {
      const h2 = withSections.headings.find((h) => h.depth === 2);
      expect(nav).toMatch(new RegExp(`<ol>\\s*<li><a href="[^"]+#${h2?.id}">`));
    }
  });
});

describe('EPUB specifics', () => {
  const unzip = (epub: string) => {
    const files = unzipSync(readFileSync(epub));
    return (name: string) => new TextDecoder().decode(files[name]);
  };

  it('should name non-Latin chapters chapter-NN.xhtml, mark footnotes for pop-ups and link out of the book to the blog', async () => {
    const c = await fixtureCase(worldProject);
    const read = unzip(c.epub);
    const greek = read('EPUB/chapter-02.xhtml');
    expect(greek).toContain('<title>Καλημέρα κόσμε</title>');
    expect(greek).toContain('lang="el" xml:lang="el"');
    expect(greek.match(/epub:type="noteref"/g)).toHaveLength(2);
    expect(greek.match(/<aside id="fn-[^"]+" epub:type="footnote" role="doc-footnote">/g)).toHaveLength(2);
    expect(greek).toContain('href="chapter-03.xhtml#日本語の見出し"');
    expect(greek).toContain('href="https://test.example.org/posts/first/#begin-here"');
    expect(greek).toMatch(/<th class="align-right">/);
    expect(greek).toContain('<kbd>Ctrl</kbd>');
    expect(greek).toContain('<mark>save</mark>');
    expect(greek).toContain('<details><summary>');
    expect(read('EPUB/package.opf')).toContain('<dc:language>el</dc:language>');
    expect(read('EPUB/chapter-04.xhtml')).toContain('<title>مرحبا بالعالم</title>');
  });

  it('should write a right-to-left book for an Arabic book that EPUBCheck accepts', async () => {
    const ctx = await contextFor(await worldProject());
    const outs = await build(ctx);
    const arabic = outs.find((o) => o.path === 'book/arabic-book.epub');
    expect(arabic).toBeDefined();
    const file = join(ctx.outDir, arabic?.path as string);
    expect(problems(epubcheck(file))).toEqual([]);
    const read = unzip(file);
    expect(read('EPUB/chapter-01.xhtml')).toContain('lang="ar" xml:lang="ar" dir="rtl"');
    expect(read('EPUB/package.opf')).toContain('page-progression-direction="rtl"');
  });

  it('should give byte-identical EPUBs for the same content built twice from different folders', async () => {
    const root = await worldProject();
    const copy = mkdtempSync(join(tmpdir(), 'postbound-copy-'));
    cpSync(root, copy, { recursive: true });
    rmSync(join(copy, '.cache'), { recursive: true, force: true });
    const a = await contextFor(root);
    const b = await contextFor(copy);
    const [oa] = await build(a);
    const [ob] = await build(b);
    const x = readFileSync(join(a.outDir, oa?.path as string));
    const y = readFileSync(join(b.outDir, ob?.path as string));
    expect(x.length).toBeGreaterThan(1000);
    expect(x.equals(y)).toBe(true);
  });

  it('should warn on the post about an image without alt text and not claim alternativeText', async () => {
    const root = await galleryProject();
    const ctx = await contextFor(root);
    const [out] = await build(ctx);
    const opf = unzip(join(ctx.outDir, out?.path as string))('EPUB/package.opf');
    expect(opf).not.toContain('alternativeText');
    expect(opf).not.toContain('dcterms:conformsTo');
    const gallery = ctx.site.posts.find((p) => p.slug === 'gallery');
    expect(gallery?.file.messages.some((m) => m.ruleId === 'epub-image-alt' && !m.fatal)).toBe(true);
    expect(unzip(join(ctx.outDir, out?.path as string))('EPUB/outside-note.xhtml')).toContain(
      'href="https://test.example.org/posts/blog-only/"',
    );
    expect(out?.info?.images).toBe(12 + 1 + 2);
  });
});
