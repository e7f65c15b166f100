// The MOBI target end to end: a project on disk → loadSite → build(ctx) → readers.
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { initKf8File, initMobiFile } from '@lingo-reader/mobi-parser';
import { XMLValidator } from 'fast-xml-parser';
import sharp from 'sharp';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { ImageCache } from '../../src/assets/images.ts';
import { bookApparatus } from '../../src/content/apparatus.ts';
import { loadSite } from '../../src/content/load.ts';
import { build, fullTitle } from '../../src/mobi/index.ts';
import { readMobi } from '../../src/mobi/reader.ts';
import { EXTH } from '../../src/mobi/record0.ts';
import type { BuildContext } from '../../src/pipeline/context.ts';
import { makeProject } from '../helpers/project.ts';
import { ebookConvert, ebookMeta, flatLabels, inspectMobi, mobitoolRawml, tempDir } from './mobi/checks.ts';

const REPO = resolve(import.meta.dirname, '../..');

/** A context whose cover is a plain sharp picture: the cover target is tested on its own. */
async function contextFor(root: string): Promise<BuildContext> {
  const loaded = await loadSite(root);
  const problems = loaded.files.flatMap((f) => f.messages.map((m) => `${f.path}: ${m.reason}`));
  if (!loaded.ok || !loaded.site) throw new Error(`project did not load:\n${problems.join('\n')}`);
  const outDir = tempDir('mobi-out');
  const cacheDir = tempDir('mobi-cache');
  return {
    site: loaded.site,
    outDir,
    cacheDir,
    images: new ImageCache(cacheDir),
    browser: undefined as never,
    progress: { step() {} },
    buildFile: new VFile({ path: 'postbound.yaml' }),
    artifacts: {
      cover: () =>
        sharp({ create: { width: 1600, height: 2560, channels: 3, background: '#1f3a5f' } })
          .composite([
            {
              input: Buffer.from(
                '<svg width="1600" height="2560"><text x="100" y="400" font-size="160" fill="#fff">Cover</text></svg>',
              ),
            },
          ])
          .jpeg({ quality: 95 })
          .toBuffer(),
      summary: () => Promise.reject(new Error('not needed')),
    },
  };
}

function writeProject(): string {
  const root = tempDir('mobi-project');
  mkdirSync(join(root, 'content/posts'), { recursive: true });
  mkdirSync(join(root, 'content/sketches'), { recursive: true });
  copyFileSync(join(REPO, 'content/sketches/cup.jpg'), join(root, 'content/sketches/cup.jpg'));
  copyFileSync(join(REPO, 'content/sketches/plant.png'), join(root, 'content/sketches/plant.png'));
  writeFileSync(
    join(root, 'postbound.yaml'),
    `site:\n  title: Test Site\n  author: Zoë Example\n  url: https://example.org/blog/\n  language: en\nbooks:\n  - slug: tiny-book\n    title: A Tiny Book\n    posts: [one, two]\n    back: [outside-ok]\n`,
  );
  writeFileSync(
    join(root, 'content/posts/2024-01-01-one.md'),
    `---\ntitle: Chapter One — Café\ndate: 2024-01-01\ntags: [tea]\n---\n\nA cup.[^n]\n\n![A cup of tea](../sketches/cup.jpg "The cup")\n\n## Brewing\n\nSee [the plant](2024-01-02-two.md#watering) and [elsewhere](2024-01-03-three.md).\n\n[^n]: A note.\n`,
  );
  writeFileSync(
    join(root, 'content/posts/2024-01-02-two.md'),
    `---\ntitle: Chapter Two\ndate: 2024-01-02\n---\n\n![A plant](../sketches/plant.png)\n\n## Watering\n\n| a | b |\n|---|---|\n| 1 | 2 |\n`,
  );
  writeFileSync(
    join(root, 'content/posts/2024-01-03-three.md'),
    `---\ntitle: Not In The Book\ndate: 2024-01-03\n---\n\nOutside.\n`,
  );
  writeFileSync(
    join(root, 'content/posts/2024-01-04-outside-ok.md'),
    `---\ntitle: About\ndate: 2024-01-04\n---\n\nThe end. Back to [one](2024-01-01-one.md).\n`,
  );
  return root;
}

describe('mobi target', () => {
  it('builds book/<slug>.mobi from a project that readers open with chapters, images, links and cover', async () => {
    const ctx = await contextFor(writeProject());
    const files = await build(ctx);
    const mobi = files.find((f) => f.path === 'book/tiny-book.mobi')!;
    expect(mobi).toBeDefined();
    const path = join(ctx.outDir, mobi.path);
    const bytes = readFileSync(path);
    expect(mobi.bytes).toBe(bytes.length);

    const own = readMobi(bytes);
    expect(mobitoolRawml(path).equals(own.text)).toBe(true);
    for (const im of own.images) expect(im.length).toBeLessThanOrEqual(127 * 1024);
    expect(own.images).toHaveLength(4); // two sketches, cover, thumbnail
    expect(own.exth(EXTH.author)).toEqual(['Zoë Example']);
    const html = own.text.toString('utf8');
    // Out-of-book post → absolute URL on the site; in-book heading → filepos.
    expect(html).toContain('<a href="https://example.org/blog/posts/three/">elsewhere</a>');
    const link = /<a filepos=(\d{10})>the plant<\/a>/.exec(html);
    expect(link).not.toBeNull();
    expect(own.text.toString('utf8', Number(link![1])).startsWith('<h2>Watering')).toBe(true);
    expect(ctx.buildFile.messages).toEqual([]);

    const meta = ebookMeta(path);
    expect(meta.fields.Title).toBe('A Tiny Book');
    expect(meta.fields['Author(s)']).toBe('Zoë Example');
    expect(meta.fields.Languages).toBe('eng');
    expect(meta.cover && (await sharp(meta.cover).metadata()).height).toBeGreaterThan(1000);

    const epub = ebookConvert(path);
    expect(flatLabels(epub.toc)).toEqual(
      expect.arrayContaining(['Chapter 1: Chapter One — Café', 'Brewing', 'Chapter 2: Chapter Two', 'Watering', 'About']),
    );
    expect(epub.images.filter((n) => !/cover/i.test(n))).toHaveLength(2);
    expect(inspectMobi(path).status).toBe(0);

    const lr = await initMobiFile(path, tempDir('lingo'));
    expect(lr.getToc().map((t) => t.label)).toEqual([
      'Chapter 1: Chapter One — Café',
      'Chapter 2: Chapter Two',
      'About',
      'The book on one page',
    ]);
    for (const s of lr.getSpine()) expect(lr.loadChapter(s.id)).toBeDefined();
    lr.destroy();

    // The AZW3 from the same input.
    const azw3 = files.find((f) => f.path === 'book/tiny-book.azw3')!;
    const azw3Path = join(ctx.outDir, azw3.path);
    const kf8 = readMobi(readFileSync(azw3Path));
    expect(kf8.header.version).toBe(8);
    expect(mobitoolRawml(azw3Path).equals(kf8.text)).toBe(true);
    const inspected = inspectMobi(azw3Path);
    expect(inspected.status).toBe(0);
    expect(inspected.output).not.toMatch(/mismatch|warning/i);
    const kf8Epub = ebookConvert(azw3Path);
    expect(flatLabels(kf8Epub.toc)).toEqual(
      expect.arrayContaining(['Chapter 1: Chapter One — Café', 'Brewing', 'Chapter 2: Chapter Two', 'Watering', 'About']),
    );
    expect(kf8Epub.html.join('')).toContain('https://example.org/blog/posts/three/');
    const lr8 = await initKf8File(azw3Path, tempDir('lingo8'));
    expect(lr8.getToc().map((t) => t.label)).toEqual([
      'Chapter 1: Chapter One — Café',
      'Chapter 2: Chapter Two',
      'About',
      'The book on one page',
    ]);
    lr8.destroy();
  });

  it('builds a book with a front-matter post and chapters with sections and footnotes', async () => {
    // The shape that once made the KF8 TBS throw: one record holds a top-level run
    // (Intro, First steps) whose last entry has a child, then another chapter with a child.
    const ctx = await contextFor(await makeProject());
    const files = await build(ctx);
    const labels = ['Intro', 'Part 1: First steps', 'Begin here', 'Part 2: Second steps', 'Go on'];
    for (const ext of ['mobi', 'azw3']) {
      const path = join(ctx.outDir, `book/test-book.${ext}`);
      expect(files.map((f) => f.path)).toContain(`book/test-book.${ext}`);
      const own = readMobi(readFileSync(path));
      expect(own.header.version).toBe(ext === 'azw3' ? 8 : 6);
      expect(mobitoolRawml(path).equals(own.text), ext).toBe(true);
      const r = inspectMobi(path);
      expect(r.status, r.output).toBe(0);
      // For KF8 the inspector recomputes the strand TBS from the NCX and warns on a mismatch.
      expect(r.output).not.toMatch(/mismatch|warning/i);
      if (ext === 'azw3') expect(r.files['tbs.txt']).toMatch(/Strand 1/);
      const epub = ebookConvert(path);
      expect(flatLabels(epub.toc), ext).toEqual(expect.arrayContaining(labels));
      const html = epub.html.join('\n');
      for (const text of ['Welcome to the test book.', 'A footnote.', 'Back to']) expect(html, ext).toContain(text);
    }
    const kf8 = await initKf8File(join(ctx.outDir, 'book/test-book.azw3'), tempDir('lingo8'));
    const toc = kf8.getToc();
    expect(toc.map((t) => t.label)).toEqual(['Intro', 'Part 1: First steps', 'Part 2: Second steps', 'The book on one page']);
    expect(toc[1].children?.map((t) => t.label)).toEqual(['Begin here']);
    expect(toc[2].children?.map((t) => t.label)).toEqual(['Go on']);
    kf8.destroy();
  });

  it('builds the sample project at the repository root', async () => {
    expect(existsSync(join(REPO, 'postbound.yaml')), 'the sample project (postbound.yaml) is missing').toBe(true);
    const ctx = await contextFor(REPO);
    const files = await build(ctx);
    expect(files.map((f) => f.path).sort()).toEqual(
      ctx.site.books.flatMap((b) => [`book/${b.slug}.azw3`, `book/${b.slug}.mobi`]).sort(),
    );
    for (const f of files.filter((x) => x.path.endsWith('.mobi'))) {
      const path = join(ctx.outDir, f.path);
      const own = readMobi(readFileSync(path));
      expect(mobitoolRawml(path).equals(own.text)).toBe(true);
      const book = ctx.site.books.find((b) => f.path === `book/${b.slug}.mobi`)!;
      const epub = ebookConvert(path);
      const labels = flatLabels(epub.toc);
      for (const entry of bookApparatus(book).entries) expect(labels).toContain(entry.title);
      expect(inspectMobi(path).status).toBe(0);
      const lr = await initMobiFile(path, tempDir('lingo'));
      expect(lr.getMetadata().title).toBe(fullTitle(book));
      for (const s of lr.getSpine()) expect(lr.loadChapter(s.id)).toBeDefined();
      lr.destroy();
    }
    // The AZW3: calibre reassembles every chapter file, and each is well-formed XHTML.
    for (const f of files.filter((x) => x.path.endsWith('.azw3'))) {
      const r = inspectMobi(join(ctx.outDir, f.path));
      expect(r.status, r.output).toBe(0);
      expect(r.output).not.toMatch(/mismatch|warning/i);
      const parts = Object.keys(r.files).filter((k) => /^files\/part\d+\.html$/.test(k));
      expect(parts.length).toBeGreaterThan(0);
      for (const k of parts) expect(XMLValidator.validate(r.files[k]), k).toBe(true);
    }
  });
});
