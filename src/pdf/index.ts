// The PDF target: one print-ready PDF per book, printed by the shared Chromium.

import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { selectAll } from 'hast-util-select';
import sharp from 'sharp';
import { SHARED_JPEG, type VariantSpec, variantWidth } from '../assets/images.ts';
import { drawCached } from '../browser/render-cache.ts';
import { type ApparatusEntry, bookApparatus } from '../content/apparatus.ts';
import type { Asset, Book } from '../content/model.ts';
import { postPermalink } from '../content/urls.ts';
import type { BuildContext, OutputFile, Target } from '../pipeline/context.ts';
import { writeOutput } from '../pipeline/output.ts';
import { bookDocument, type PrintBook, type PrintChapter } from './book-html.ts';
import { fontFaceCss } from './fonts.ts';
import { paginate } from './paginate.ts';
import { withDocumentInfo } from './pdf-update.ts';
import { assetIds, bookId, postHtml } from './post-html.ts';
import { pageGeometry, printImageWidth, turnedPage } from './trim.ts';

const STYLESHEET = new URL('../../templates/pdf.css', import.meta.url);

/** The stylesheet of the printed book: fonts, then templates/pdf.css. */
export function bookCss(): string {
  return `${fontFaceCss()}\n${readFileSync(STYLESHEET, 'utf8')}`;
}

export const build: Target = async (ctx) => {
  const out: OutputFile[] = [];
  for (const book of ctx.site.books) out.push(await buildBook(ctx, book));
  return out;
};

async function buildBook(ctx: BuildContext, book: Book): Promise<OutputFile> {
  ctx.progress.step(`pdf: ${book.slug}`);
  const work = await mkdtemp(join(tmpdir(), `postbound-pdf-${book.slug}-`));
  try {
    const print = await printBook(ctx, book, work);
    const browser = await ctx.browser.get();
    const { html, anchors } = bookDocument(print, bookCss());
    // the contents' numbers of the last build: right again unless the edit moved a page
    const pagesFile = join(ctx.cacheDir, 'pdf', `${book.slug}.pages.json`);
    const guess = await readFile(pagesFile, 'utf8')
      .then((text) => new Map(JSON.parse(text) as [string, number][]))
      .catch(() => undefined);
    ctx.progress.step(`pdf: ${book.slug}: printing`);
    ctx.printing?.();
    const result = await paginate(browser, html, {
      anchors,
      workDir: work,
      guess,
      openRight: book.openRight ? print.chapters.map((c) => c.id) : undefined,
    });
    if (!result.unstable) {
      await mkdir(dirname(pagesFile), { recursive: true });
      await writeFile(pagesFile, JSON.stringify([...result.anchorPages]));
    }
    for (const id of result.missing) {
      ctx.buildFile.message(
        `The contents of "${book.slug}" link to #${id}, but Chromium placed no destination for it, so its page number shows as "?". Check that the heading still exists in the post.`,
        book.configAt?.(),
        'postbound:pdf-toc-anchor',
      );
    }
    if (result.unstable) {
      ctx.buildFile.message(
        `The page numbers in the contents of "${book.slug}" kept moving after ${result.passes} prints; some may be off by one. Please report this with the book.`,
        book.configAt?.(),
        'postbound:pdf-toc-unstable',
      );
    }
    const pdf = withDocumentInfo(
      result.pdf,
      {
        title: book.subtitle ? `${book.title}: ${book.subtitle}` : book.title,
        author: book.author,
        subject: book.description,
        keywords: bookKeywords(book),
        date: new Date(book.modified),
      },
      { outlineTitle: repairTitle(print), outlineDepth: book.tocDepth },
    );
    const rel = `book/${book.slug}.pdf`;
    return writeOutput(ctx, rel, pdf, {
      pages: result.pages,
      bytes: pdf.byteLength,
      trim: book.trim,
      passes: result.passes,
      printMs: result.ms.prints.map(Math.round),
    });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * Chromium 156 sometimes garbles a heading's outline entry: the text twice over
 * (a heading moved to the top of the next page) or the lines of a wrapped title
 * joined without a space. Such a title is put back to the title the book has.
 * A chapter's own bookmark (the top level) becomes its contents title, label
 * included ("Part 3: Title"), as in every other format.
 */
export function repairTitle(book: Pick<PrintBook, 'chapters'>): (title: string, depth?: number) => string {
  const key = (t: string) => t.replace(/\s+/g, '');
  const known = new Map<string, string>();
  const chapters = new Map<string, string>();
  for (const c of book.chapters) {
    for (const t of [c.title, ...c.sections.map((s) => s.title)]) if (!known.has(key(t))) known.set(key(t), t);
    chapters.set(key(c.title), c.tocTitle ?? c.title);
  }
  return (title, depth) => {
    const k = key(title);
    const half = k.slice(0, k.length / 2);
    const whole = k.length % 2 === 0 && half === k.slice(k.length / 2) && !known.has(k) ? half : k;
    if (depth === 1 && chapters.has(whole)) return chapters.get(whole) as string;
    return known.get(whole) ?? title;
  };
}

/** Tags of the book's chapters, most used first (PDF /Keywords). */
function bookKeywords(book: Book): string[] {
  const counts = new Map<string, number>();
  for (const post of [...book.front, ...book.chapters, ...book.back]) {
    for (const tag of post.tags) counts.set(tag, (counts.get(tag) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([t]) => t);
}

/** Everything the document needs, with images written as print variants into `work`. */
async function printBook(ctx: BuildContext, book: Book, work: string): Promise<PrintBook> {
  const images = join(work, 'img');
  await mkdir(images, { recursive: true });
  const src = new Map<string, string>();
  const textWidth = printImageWidth(book.trim);
  const turnedWidth = Math.round(pageGeometry(book.trim).textHeightIn * 300);
  const posts = [...book.front, ...book.chapters, ...book.back];
  const wanted = new Map<string, Asset>();
  for (const post of posts) {
    for (const id of assetIds(post.hast)) {
      const asset = ctx.site.assets.get(id) ?? post.images.find((i) => i.asset.id === id)?.asset;
      if (asset) wanted.set(id, asset);
      else {
        post.file.message(
          `The image with asset id ${id} is not among the site's assets, so the PDF shows its original path. This is a bug in the content loader.`,
          selectAll('img', post.hast).find((img) => img.properties.dataAsset === id)?.position,
          'postbound:pdf-image-unknown',
        );
      }
    }
  }
  // the image cache makes each variant once, so these can all run together
  const made = Promise.all(
    [...wanted].map(async ([id, asset]) => {
      // never the raw scan: a JPEG sized for the text block at 300 dpi; the one
      // the e-book and the site share when it is that wide already (one encode fewer).
      // An SVG is drawn at that width and a GIF's first frame kept, both as PNG on
      // white: flat colours and thin lines, which JPEG smears.
      // a picture turned on a page of its own runs along the text block's height
      const width = turnedPage(book.trim, asset.width, asset.height) ? turnedWidth : textWidth;
      const flat = asset.format === 'svg' || asset.format === 'gif';
      const shared = !flat && variantWidth(asset, SHARED_JPEG) >= Math.min(width, asset.width);
      const spec: VariantSpec = flat
        ? { format: 'png', width, background: '#ffffff' }
        : shared
          ? SHARED_JPEG
          : { format: 'jpeg', width, quality: 85 };
      const variant = await ctx.images.variant(asset, spec);
      const file = join(images, variant.name);
      await writeFile(file, variant.buffer);
      src.set(id, pathToFileURL(file).href);
    }),
  );
  const [coverSrc, summarySrcs] = await Promise.all([
    artifactFile(ctx, book, work, 'cover.jpg', async () => ctx.artifacts.cover(book)),
    summaryFiles(ctx, book, work),
    made,
  ]);

  const inBook = new Set(posts.map((p) => p.slug));
  // labels, titles and the copyright page come from the one description of the book
  const apparatus = bookApparatus(book);
  const chapter = (entry: ApparatusEntry): PrintChapter => ({
    kind: entry.kind,
    id: bookId(entry.post.slug),
    label: entry.label,
    title: entry.post.title,
    tocTitle: entry.title,
    head: entry.post.shortTitle,
    summary: entry.post.summary,
    html: postHtml(entry.post.hast, {
      slug: entry.post.slug,
      inBook,
      postUrl: (slug) => postPermalink(ctx.site, slug),
      imageSrc: (id) => src.get(id),
      turned: (id) => {
        const asset = wanted.get(id);
        return asset !== undefined && turnedPage(book.trim, asset.width, asset.height);
      },
    }),
    sections: entry.post.headings
      .filter((h) => h.depth >= 2)
      .map((h) => ({ id: bookId(entry.post.slug, h.id), title: h.text, depth: h.depth })),
  });

  return {
    title: book.title,
    subtitle: book.subtitle,
    author: book.author,
    publisher: book.publisher,
    date: book.date,
    language: book.language,
    identifier: book.identifier,
    license: apparatus.license,
    pwyw: book.pwyw,
    trim: book.trim,
    tocDepth: book.tocDepth,
    openRight: book.openRight,
    coverSrc,
    summarySrc: summarySrcs[0],
    summarySrcs,
    apparatus,
    chapters: apparatus.entries.map(chapter),
  };
}

/**
 * Writes every page of the summary into `work` (`summary.jpg`, `summary-2.jpg`...);
 * none when it could not be made (the book prints without them, as artifactFile says).
 */
async function summaryFiles(ctx: BuildContext, book: Book, work: string): Promise<string[]> {
  let pages: Buffer[] = [];
  const first = await artifactFile(ctx, book, work, 'summary.jpg', async () => {
    const made = await ctx.artifacts.summary(book);
    pages = await Promise.all((made.pngs ?? [made.png]).map((png) => printedSummary(ctx, book, png)));
    return pages[0]!;
  });
  if (!first) return [];
  const rest = await Promise.all(
    pages.slice(1).map(async (jpeg, i) => {
      const file = join(work, `summary-${i + 2}.jpg`);
      await writeFile(file, jpeg);
      return pathToFileURL(file).href;
    }),
  );
  return [first, ...rest];
}

/** Quality of the summary's printed pages: grey-level SSIM 0.997 against the page at that size (bench/README.md). */
const SUMMARY_QUALITY = 92;

/**
 * A summary page as the PDF prints it: a JPEG at 300 dpi of the size it is drawn
 * on the page (full bleed, never enlarged), with full-resolution colour. Chromium
 * puts a JPEG into the PDF as it is, but a PNG it decodes and compresses again:
 * the sample's 2550×3300 page was a 1 MB image and about a quarter of each print's
 * time. Kept in .cache/renders/ by the page's bytes and the size.
 */
async function printedSummary(ctx: BuildContext, book: Book, png: Buffer): Promise<Buffer> {
  const meta = await sharp(png).metadata();
  const { widthIn, heightIn } = pageGeometry(book.trim);
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  const drawnIn = Math.min(widthIn, (heightIn * width) / Math.max(1, height));
  const target = Math.min(width, Math.round(drawnIn * 300));
  const { page } = await drawCached(ctx.cacheDir, 'pdf-summary', [png, target, SUMMARY_QUALITY], async () => ({
    files: {
      page: await sharp(png)
        .resize(target)
        .flatten({ background: '#ffffff' })
        .jpeg({ quality: SUMMARY_QUALITY, chromaSubsampling: '4:4:4' })
        .toBuffer(),
    },
    keep: true,
  }));
  return page;
}

/** Writes a shared picture into `work`; without it the book still prints, one page shorter. */
async function artifactFile(
  ctx: BuildContext,
  book: Book,
  work: string,
  name: string,
  make: () => Promise<Buffer>,
): Promise<string | undefined> {
  try {
    const file = join(work, name);
    await writeFile(file, await make());
    return pathToFileURL(file).href;
  } catch (error) {
    ctx.buildFile.message(
      `The PDF of "${book.slug}" was printed without its ${name.replace(/\..*/, '')} page, because making it failed: ${(error as Error).message}`,
      book.configAt?.(),
      'postbound:pdf-artifact-missing',
    );
    return undefined;
  }
}
