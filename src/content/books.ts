// Books: the posts the config names, in order, with their covers and dates.

import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { BookConfig, Config } from '../config/schema.ts';
import { overridesFor, stringsFor } from '../i18n/index.ts';
import type { ConfigFile } from './config-file.ts';
import { isInside } from './locate.ts';
import { report } from './messages.ts';
import type { Asset, Book, Post, Series } from './model.ts';

export async function buildBooks(
  root: string,
  config: Config,
  configFile: ConfigFile,
  posts: Post[],
  series: Series[],
  assetAt: (path: string) => Promise<Asset | undefined>,
): Promise<Book[]> {
  const file = configFile.file;
  const where = (i: number, ...path: PropertyKey[]) => configFile.parsed?.positionOf(['books', i, ...path]);
  const bySlug = new Map(posts.map((p) => [p.slug, p]));
  const books: Book[] = [];
  for (const [i, bc] of config.books.entries()) {
    const pick = (slugs: string[], key: string): Post[] =>
      slugs.flatMap((slug, j) => {
        const post = bySlug.get(slug);
        if (!post) {
          report(file, 'unknown-post', `Book "${bc.slug}": no post with slug \`${slug}\``, where(i, key, j));
          return [];
        }
        return [post];
      });
    let chapters: Post[] = [];
    let bookSeries: Series | undefined;
    if (bc.series) {
      bookSeries = series.find((s) => s.slug === bc.series);
      if (!bookSeries) {
        const known = series.map((s) => s.slug).join(', ') || 'none';
        report(
          file,
          'unknown-series',
          `Book "${bc.slug}": no series \`${bc.series}\` (series found: ${known})`,
          where(i, 'series'),
        );
      } else chapters = bookSeries.posts;
    } else if (bc.posts) {
      chapters = pick(bc.posts, 'posts');
    }
    if (!bc.series && !bc.posts) {
      report(file, 'empty-book', `Book "${bc.slug}" has no chapters`, where(i));
    }
    const front = pick(bc.front, 'front');
    const back = pick(bc.back, 'back');
    let coverImage: Asset | undefined;
    if (bc.cover.image) {
      const abs = resolve(root, bc.cover.image);
      coverImage = isInside(root, abs) && existsSync(abs) ? await assetAt(abs) : undefined;
      if (!coverImage)
        report(
          file,
          'missing-cover-image',
          `Book "${bc.slug}": cover image \`${bc.cover.image}\` is missing or not PNG/JPEG`,
          where(i, 'cover', 'image'),
        );
    }
    let coverSketch: Asset | undefined;
    if (bc.cover.sketch) {
      coverSketch = bySlug.get(bc.cover.sketch)?.sketch?.asset;
      if (!coverSketch)
        report(
          file,
          'unknown-post',
          `Book "${bc.slug}": \`cover.sketch\` names no post with a sketch (\`${bc.cover.sketch}\`)`,
          where(i, 'cover', 'sketch'),
        );
    } else {
      coverSketch = chapters.find((c) => c.sketch)?.sketch?.asset;
    }
    const book = makeBook(config, bc, { front, chapters, back, series: bookSeries, coverImage, coverSketch });
    books.push({ ...book, configAt: (...path) => where(i, ...path) });
  }
  return books;
}

export function makeBook(
  config: Config,
  bc: BookConfig,
  parts: Pick<Book, 'front' | 'chapters' | 'back' | 'series' | 'coverImage' | 'coverSketch'>,
): Book {
  const all = [...parts.front, ...parts.chapters, ...parts.back];
  const newest = all.reduce((max, p) => Math.max(max, (p.updated ?? p.date).getTime()), 0);
  const epoch = process.env.SOURCE_DATE_EPOCH ? Number(process.env.SOURCE_DATE_EPOCH) * 1000 : undefined;
  const modified = bc.modified ? new Date(bc.modified) : new Date(epoch ?? (newest || Date.UTC(2000, 0, 1)));
  // the newest chapter, whatever order the parts run in (a series numbered newest first included)
  const newestChapter = parts.chapters.reduce((max, p) => Math.max(max, p.date.getTime()), 0);
  const published = new Date(newestChapter || newest || Date.UTC(2000, 0, 1));
  return {
    slug: bc.slug,
    config: bc,
    title: bc.title,
    subtitle: bc.subtitle,
    author: bc.author ?? config.site.author,
    language: bc.language ?? config.site.language,
    strings: stringsFor(
      bc.language ?? config.site.language,
      ...overridesFor(config.strings, bc.language ?? config.site.language),
      bc.strings,
    ),
    license: bc.license,
    identifier: bc.identifier ?? `urn:uuid:${uuidFrom(`${config.site.url}#book/${bc.slug}`)}`,
    description: bc.description,
    publisher: bc.publisher,
    date: bc.date ?? published.toISOString().slice(0, 10),
    modified: `${modified.toISOString().slice(0, 19)}Z`,
    ...parts,
    coverColor: bc.cover.color,
    pwyw: bc.pwyw,
    trim: bc.trim,
    tocDepth: bc.tocDepth,
    openRight: bc.openRight,
  };
}

/** A name-based UUID (version 5 layout over SHA-1), stable for the same name. */
export function uuidFrom(name: string): string {
  const h = createHash('sha1').update(name).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
