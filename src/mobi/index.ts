// The MOBI target: every book of the site as `book/<slug>.mobi` (MOBI 6, for every
// Kindle) and `book/<slug>.azw3` (KF8, when that writer is present).
import sharp from 'sharp';
import { drawCached } from '../browser/render-cache.ts';
import { bookApparatus } from '../content/apparatus.ts';
import type { Book, Post } from '../content/model.ts';
import { postPermalink } from '../content/urls.ts';
import type { BuildContext, OutputFile, Target } from '../pipeline/context.ts';
import { writeOutput } from '../pipeline/output.ts';
import { copyrightPageHast, PAGE_IDS, summaryImageId, summaryPageHast, titlePageHast } from './apparatus.ts';
import { buildAzw3 } from './azw3.ts';
import { buildMobi, defaultToc, type MobiBook, type MobiChapter, type MobiImageInput } from './writer.ts';

/** Old Kindles refuse larger image records (mobi-format.md §5.1). */
export const MAX_IMAGE_BYTES = 127 * 1024;
const THUMB_BYTES = 16 * 1024;

export const build: Target = async (ctx) => {
  const outputs: OutputFile[] = [];
  for (const book of ctx.site.books) {
    ctx.progress.step(`mobi: ${book.slug}`);
    const input = await mobiBookFor(book, ctx);
    const result = buildMobi(input);
    for (const key of result.unresolved) {
      ctx.buildFile.message(
        `MOBI link target \`${key}\` was not found in book \`${book.slug}\`; the link points at the start of its chapter instead. Check the heading id the link names.`,
        { place: book.configAt?.(), ruleId: 'mobi-link-target', source: 'postbound' },
      );
    }
    const path = `book/${book.slug}.mobi`;
    const info = {
      chapters: book.front.length + book.chapters.length + book.back.length,
      images: input.images?.length ?? 0,
      imageBytes: (input.images ?? []).reduce((n, im) => n + im.data.length, 0),
    };
    outputs.push(
      await writeOutput(ctx, path, result.file, { ...info, textBytes: result.text.length, ncxEntries: result.ncx.length }),
    );

    const kf8 = buildAzw3(input);
    for (const key of kf8.unresolved.filter((k) => !result.unresolved.includes(k))) {
      ctx.buildFile.message(
        `AZW3 link target \`${key}\` was not found in book \`${book.slug}\`; the link points at the start of its chapter instead.`,
        { place: book.configAt?.(), ruleId: 'mobi-link-target', source: 'postbound' },
      );
    }
    const azw3 = `book/${book.slug}.azw3`;
    outputs.push(await writeOutput(ctx, azw3, kf8.file, { ...info, textBytes: kf8.text.length }));
  }
  return outputs;
};

/** The writer's input for one book: chapters from the posts, images, cover and links. */
export async function mobiBookFor(book: Book, ctx: BuildContext): Promise<MobiBook> {
  const posts: Post[] = [...book.front, ...book.chapters, ...book.back];
  // title page, copyright page, labels and summary: the same description every format renders
  const apparatus = bookApparatus(book);
  const assets = new Map(posts.flatMap((p) => p.images.map((im) => [im.asset.id, im.asset] as const)));
  // every image at once, and the cover beside them; records stay in book order
  const [images, { cover, thumbnail }, summaryImages] = await Promise.all([
    Promise.all(
      [...assets.values()].map(async (asset): Promise<MobiImageInput> => {
        const v = await ctx.images.variant(asset, {
          format: 'jpeg',
          width: 1000,
          height: 1400,
          maxBytes: MAX_IMAGE_BYTES,
          background: '#ffffff',
        });
        return { id: asset.id, data: v.buffer, width: v.width, height: v.height };
      }),
    ),
    // the shrinking below tries up to 25 encodes of a 4-megapixel cover: kept by its bytes
    ctx.artifacts.cover(book).then((source) =>
      drawCached(ctx.cacheDir, 'mobi-cover', [source, MAX_IMAGE_BYTES, THUMB_BYTES], async () => ({
        files: await coverImages(source),
        keep: true,
      })),
    ),
    summaryJpegs(book, ctx),
  ]);
  const postChapters: MobiChapter[] = apparatus.entries.map((entry) => ({
    id: entry.post.slug,
    title: entry.title,
    hast: entry.post.hast,
    sections: entry.post.headings
      .filter((h) => h.depth >= 2 && h.depth <= book.tocDepth)
      .map((h) => ({ id: h.id, title: h.text, depth: h.depth })),
  }));
  const summaryChapter: MobiChapter = {
    id: PAGE_IDS.summary,
    title: apparatus.summary.title,
    hast: summaryPageHast(apparatus, summaryImages),
  };
  const chapters: MobiChapter[] = [
    { id: PAGE_IDS.title, title: apparatus.titlePage.title, hast: titlePageHast(apparatus) },
    { id: PAGE_IDS.copyright, title: apparatus.copyright.heading, hast: copyrightPageHast(apparatus) },
    ...postChapters,
    summaryChapter,
  ];
  return {
    title: fullTitle(book),
    authors: [book.author],
    language: book.language,
    identifier: book.identifier,
    isbn: /^urn:isbn:/i.test(book.identifier) ? book.identifier.slice(9) : undefined,
    publisher: book.publisher,
    description: book.description,
    subjects: [...new Set(posts.flatMap((p) => p.tags))],
    date: book.date,
    rights: book.license,
    modified: book.modified,
    chapters,
    // the contents list what the EPUB's does: the posts, labelled, and the summary
    toc: defaultToc([...postChapters, summaryChapter]),
    tocTitle: apparatus.contentsTitle,
    startTitle: apparatus.strings.startOfContent,
    guide: [
      { type: 'title-page', title: apparatus.strings.titlePage, key: PAGE_IDS.title },
      { type: 'copyright-page', title: apparatus.copyright.heading, key: PAGE_IDS.copyright },
    ],
    start: book.chapters[0]?.slug ?? postChapters[0]?.id,
    images: [...images, ...summaryImages.map((im, i) => ({ id: summaryImageId(i + 1), ...im }))],
    cover,
    thumbnail,
    postUrl: (slug, fragment) => {
      const url = new URL(postPermalink(ctx.site, slug));
      if (fragment) url.hash = fragment;
      return url.href;
    },
  };
}

/**
 * Every page of the summary as a JPEG a Kindle takes (≤ 127 KB each, §5.1); none
 * when the summary could not be made (the page keeps its text).
 */
async function summaryJpegs(book: Book, ctx: BuildContext): Promise<{ data: Buffer; width: number; height: number }[]> {
  let pngs: Buffer[];
  try {
    const made = await ctx.artifacts.summary(book);
    pngs = made.pngs ?? [made.png];
  } catch {
    return [];
  }
  return Promise.all(pngs.map((png) => summaryJpeg(png, ctx)));
}

/** One page of the summary as a JPEG within the record limit, kept by the PNG's bytes. */
async function summaryJpeg(png: Buffer, ctx: BuildContext): Promise<{ data: Buffer; width: number; height: number }> {
  const files = await drawCached(ctx.cacheDir, 'mobi-summary', [png, MAX_IMAGE_BYTES], async () => {
    let out = Buffer.alloc(0);
    for (const width of [1200, 1000, 800, 600]) {
      for (const quality of [85, 75, 65, 55]) {
        out = await sharp(png)
          .resize({ width, height: Math.round(width * 1.6), fit: 'inside', withoutEnlargement: true })
          .flatten({ background: '#ffffff' })
          .jpeg({ quality, mozjpeg: false, chromaSubsampling: '4:2:0' })
          .toBuffer();
        if (out.length <= MAX_IMAGE_BYTES) return { files: { jpeg: out }, keep: true };
      }
    }
    return { files: { jpeg: out }, keep: true };
  });
  const meta = await sharp(files.jpeg).metadata();
  return { data: files.jpeg, width: meta.width ?? 0, height: meta.height ?? 0 };
}

/** Kindle shows one title line: the subtitle joins it (a parenthesised one without a colon). */
export function fullTitle(book: Pick<Book, 'title' | 'subtitle'>): string {
  if (!book.subtitle) return book.title;
  return /^[([]/.test(book.subtitle) ? `${book.title} ${book.subtitle}` : `${book.title}: ${book.subtitle}`;
}

/** Fit the 1600×2560 cover into 127 KB and make the ≤ 16 KB thumbnail (§5.2). */
export async function coverImages(source: Buffer): Promise<{ cover: Buffer; thumbnail: Buffer }> {
  const shrink = async (width: number, height: number, max: number) => {
    let out = Buffer.alloc(0);
    for (const scale of [1, 0.8, 0.62, 0.5, 0.4]) {
      for (const quality of [85, 75, 65, 55, 45]) {
        out = await sharp(source)
          .resize(Math.round(width * scale), Math.round(height * scale), { fit: 'inside' })
          .flatten({ background: '#ffffff' })
          .jpeg({ quality, mozjpeg: false, chromaSubsampling: '4:2:0' })
          .toBuffer();
        if (out.length <= max) return out;
      }
    }
    return out;
  };
  return { cover: await shrink(1600, 2560, MAX_IMAGE_BYTES), thumbnail: await shrink(180, 240, THUMB_BYTES) };
}
