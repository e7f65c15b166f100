// The PDF of the sample project at the repository root, built with the real cover
// and summary, then read back page by page.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VFile } from 'vfile';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImageCache } from '../../src/assets/images.ts';
import { SharedBrowser } from '../../src/browser/browser.ts';
import { loadSite } from '../../src/content/load.ts';
import type { Book, Post } from '../../src/content/model.ts';
import { build } from '../../src/pdf/index.ts';
import { pageGeometry } from '../../src/pdf/trim.ts';
import type { Artifacts, BuildContext, OutputFile } from '../../src/pipeline/context.ts';
import { allPages, internalLinks, outline, overflowing, pageText, pdffonts, pdfinfo, run, squash } from './pdf-tools.ts';

const REPO = join(import.meta.dirname, '..', '..');
const browser = new SharedBrowser();
let work: string;
let out: OutputFile[];
let book: Book;
let file: string;
let bytes: Buffer;
let pages: string[];
const buildFile = new VFile({ path: 'postbound.yaml' });

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'postbound-pdf-sample-'));
  const loaded = await loadSite(REPO);
  expect(loaded.site, 'the sample project loads').toBeDefined();
  const site = loaded.site as NonNullable<typeof loaded.site>;
  book = site.books[0] as Book;
  const ctx: BuildContext = {
    site,
    outDir: join(work, 'out'),
    cacheDir: join(work, 'cache'),
    images: new ImageCache(join(work, 'cache')),
    browser,
    progress: { step() {} },
    buildFile,
    artifacts: undefined as unknown as Artifacts,
  };
  ctx.artifacts = {
    cover: (b) => import('../../src/cover/index.ts').then((m) => m.renderCover(b, ctx)),
    summary: (b) => import('../../src/summary/index.ts').then((m) => m.renderSummary(b, ctx)),
  };
  out = await build(ctx);
  file = join(ctx.outDir, 'book', `${book.slug}.pdf`);
  bytes = readFileSync(file);
  pages = allPages(file);
}, 300_000);

afterAll(async () => {
  await browser.close();
  if (process.env.KEEP_PDF) console.log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
});

const parts = (): { post: Post; label: string }[] => [
  ...book.front.map((post) => ({ post, label: post.title })),
  ...book.chapters.map((post, i) => ({ post, label: `Part ${post.part ?? i + 1}: ${post.title}` })),
  ...book.back.map((post) => ({ post, label: post.title })),
];

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('the sample book as PDF', () => {
  it('should write book/<slug>.pdf with no build messages', () => {
    expect(out.map((o) => o.path)).toEqual(site().books.map((b) => `book/${b.slug}.pdf`));
    expect(buildFile.messages.map((m) => m.reason)).toEqual([]);
    expect(out[0]?.info?.pages).toBe(pages.length);
  });

  it('should match the trim size and carry title, author and tags', () => {
    const info = pdfinfo(file);
    const g = pageGeometry(book.trim);
    const [w, h] = (info['Page size'] as string).split(/ x | pts/).map(Number);
    expect(Math.abs((w as number) - g.widthIn * 72)).toBeLessThan(1);
    expect(Math.abs((h as number) - g.heightIn * 72)).toBeLessThan(1);
    expect(info.Title).toBe(book.subtitle ? `${book.title}: ${book.subtitle}` : book.title);
    expect(info.Author).toBe(book.author);
    expect(info.Tagged).toBe('yes');
    expect(pdffonts(file).filter((f) => !f.embedded)).toEqual([]);
  });

  it('should print, for every chapter, the page number on which its title stands', () => {
    const toc = squash(pages.filter((t) => /^\s*Contents\s*$/m.test(t)).join(' '));
    for (const { post, label } of parts()) {
      const m = new RegExp(`${escapeRegExp(label)} (\\d+)`).exec(toc);
      expect(m, `"${label}" in the contents`).not.toBeNull();
      const n = Number(m?.[1]);
      expect(squash(pageText(file, n)), `page ${n}`).toContain(squash(post.title));
      // an opener: the title, without running head or page number
      expect(pageText(file, n).trim().split('\n').at(-1)?.trim()).not.toBe(String(n));
    }
  });

  it('should keep every word inside the text block: code wraps, tables and links fit', () => {
    const g = pageGeometry(book.trim);
    expect(overflowing(file, g.marginIn[3] * 72, g.marginIn[1] * 72)).toEqual([]);
  });

  it('should list every chapter in the outline, in order', async () => {
    const items = await outline(bytes);
    expect(items.map((i) => i.title)).toEqual(parts().map((p) => p.label));
    // and, like the contents, no deeper than tocDepth
    const depth = (list: typeof items): number => Math.max(0, ...list.map((i) => 1 + depth(i.children)));
    expect(depth(items)).toBeLessThanOrEqual(book.tocDepth);
    const first = parts()[1]?.post as Post;
    expect(items[1]?.children.map((i) => i.title)).toEqual(first.headings.filter((h) => h.depth === 2).map((h) => h.text));
  });

  it('should run the chapter title on a right-hand page that is not an opener', () => {
    const post = book.chapters[0] as Post;
    const opener = pages.findIndex((t) => /^\s*P\s*A\s*R\s*T \d+\s*$/im.test(t) && squash(t).includes(post.title)) + 1;
    const right = opener % 2 === 0 ? opener + 1 : opener + 2;
    expect(
      pageText(file, right)
        .split('\n')
        .find((l) => l.trim())
        ?.trim(),
    ).toBe(`Part ${post.part}: ${post.title}`);
    expect(pageText(file, right).trim().split('\n').at(-1)?.trim()).toBe(String(right));
  });

  it('should link between chapters where the posts do', async () => {
    const slugs = new Set(parts().map((p) => p.post.slug));
    const tocPages = new Set(pages.flatMap((t, i) => (/^\s*Contents\s*$/m.test(t) ? [i + 1] : [])));
    const links = (await internalLinks(bytes)).filter((l) => !tocPages.has(l.page));
    const crossRefs = links.filter((l) => slugs.has(l.dest.split('--')[0] as string));
    expect(crossRefs.length).toBeGreaterThan(0);
  });

  it('should start with the cover and end with the one-page summary', () => {
    const first = run('pdfimages', ['-list', '-f', '1', '-l', '1', file]).split('\n').slice(2).filter(Boolean);
    expect(first).toHaveLength(1);
    expect(first[0]?.trim().split(/\s+/)[3]).toBe('1600');
    const last = run('pdfimages', ['-list', '-f', String(pages.length), '-l', String(pages.length), file])
      .split('\n')
      .slice(2)
      .filter(Boolean);
    expect(last).toHaveLength(1);
  });
});

function site() {
  return { books: [book] };
}
