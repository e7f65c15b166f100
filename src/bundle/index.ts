// The release bundle: one zip per book with every format built, the one-page
// summary, the cover, a licence and a README. The zip is deterministic (fixed
// member order and timestamps), so an unchanged book gives identical bytes.
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import type { Book } from '../content/model.ts';
import type { BuildContext, OutputFile } from '../pipeline/context.ts';
import { zipTime } from '../pipeline/zip.ts';
import { maxSummaryPages } from '../summary/layout.ts';
import { knownLicence, licenseText } from './license.ts';
import { readmeText } from './readme.ts';

export { attribution, LICENCES, licenseText } from './license.ts';
export { readmeText } from './readme.ts';

/** The files of a book that go in its bundle, in the order they are stored. */
export function bundleMembers(book: Book): string[] {
  const s = book.slug;
  // a summary of many chapters has more pages (maxSummaryPages in src/summary):
  // -summary-2.png and on, left out when not built
  const pages = maxSummaryPages(book.chapters.length);
  const more = Array.from({ length: pages - 1 }, (_, i) => `${s}-summary-${i + 2}.png`);
  return [`${s}.epub`, `${s}.azw3`, `${s}.mobi`, `${s}.pdf`, `${s}-summary.pdf`, `${s}-summary.png`, ...more, `${s}-cover.jpg`];
}

/**
 * Formats that are compressed already: storing them saves time and loses little.
 * Chromium's PDFs deflate their pages, fonts and images: deflating the file again
 * saved 12% of it (5% of the zip) for 0.2 s of every build's main thread.
 */
const STORED = /\.(epub|azw3|mobi|jpg|png|pdf)$/;

export { zipTime } from '../pipeline/zip.ts';

/**
 * Writes `book/<slug>.zip` from the book's files in outDir; `info.checksums` has each
 * member's sha256. Streamed: one member is in memory at a time (a book of 100 sketches
 * makes a 37 MB zip), read, hashed and written before the next is read.
 */
export async function buildBundle(ctx: BuildContext, book: Book, files: OutputFile[]): Promise<OutputFile> {
  const folder = book.slug;
  const mtime = zipTime(book.modified);
  const path = `book/${book.slug}.zip`;
  const zip = await zipWriter(join(ctx.outDir, path));
  const members: string[] = [];
  const checksums: Record<string, string> = {};
  const add = async (name: string, data: Uint8Array) => {
    const member = `${folder}/${name}`;
    await zip.add(member, data, STORED.test(name) ? 0 : 9, mtime);
    members.push(member);
    checksums[member] = createHash('sha256').update(data).digest('hex');
  };
  const written = new Set(files.map((f) => f.path));
  const present: string[] = [];
  try {
    for (const name of bundleMembers(book)) {
      const rel = `book/${name}`;
      // a page left on disk by a longer summary of an earlier build is not this one's
      if (/-summary-\d+\.png$/.test(name) && !written.has(rel) && written.has(`book/${book.slug}-summary.png`)) continue;
      let data: Buffer;
      try {
        // files a target reported come first; others may be left from an earlier stage on disk
        data = await readFile(join(ctx.outDir, rel));
      } catch {
        if (written.has(rel)) throw new Error(`The file ${rel} was reported as built but is missing from ${ctx.outDir}.`);
        continue;
      }
      await add(name, data);
      present.push(name);
    }
    if (!present.some((n) => /\.(epub|pdf|azw3|mobi)$/.test(n) && !n.includes('-summary'))) {
      ctx.buildFile.message(
        `The bundle of "${book.title}" holds no book file (EPUB, PDF, AZW3 or MOBI): build them in the same run, ` +
          'e.g. without `--only`, so the zip has something to read.',
        book.configAt?.(),
        'postbound:bundle-empty',
      );
    }
    if (!knownLicence(book.license)) {
      ctx.buildFile.message(
        `The licence "${book.license}" of "${book.title}" is not one postbound describes, so LICENSE.txt only links to ` +
          'its SPDX page. Use an SPDX id such as CC-BY-4.0, CC-BY-SA-4.0, CC-BY-NC-4.0, CC-BY-NC-SA-4.0, CC0-1.0, or All-Rights-Reserved.',
        book.configAt?.('license'),
        'postbound:license-unknown',
      );
    }
    const source = ctx.site?.config?.site?.url;
    const encoder = new TextEncoder();
    await add('LICENSE.txt', encoder.encode(licenseText(book, source)));
    await add('README.txt', encoder.encode(readmeText(book, [...present, 'LICENSE.txt'])));
    await zip.end();
  } catch (error) {
    zip.abort();
    throw error;
  }
  const bytes = (await stat(join(ctx.outDir, path))).size;
  return { path, bytes, info: { book: book.slug, members, checksums } };
}

interface ZipWriter {
  add(name: string, data: Uint8Array, level: 0 | 9, mtime: Date): Promise<void>;
  end(): Promise<void>;
  abort(): void;
}

/** A zip written to `file` as its members are added, waiting for the disk when it falls behind. */
async function zipWriter(file: string): Promise<ZipWriter> {
  await mkdir(dirname(file), { recursive: true });
  const out = createWriteStream(file);
  let failed: Error | undefined;
  out.on('error', (error) => {
    failed ??= error;
  });
  const closed = new Promise<void>((resolve, reject) => {
    out.on('close', () => (failed ? reject(failed) : resolve()));
  });
  const zip = new Zip((error, chunk, final) => {
    if (error) failed ??= error;
    else out.write(chunk);
    if (final || error) out.end();
  });
  const drained = () =>
    out.writableNeedDrain && !failed ? new Promise<void>((resolve) => out.once('drain', resolve)) : Promise.resolve();
  return {
    async add(name, data, level, mtime) {
      if (failed) throw failed;
      const member = level === 0 ? new ZipPassThrough(name) : new ZipDeflate(name, { level });
      member.mtime = mtime;
      zip.add(member);
      member.push(data, true);
      await drained();
    },
    async end() {
      zip.end();
      await closed;
    },
    abort() {
      zip.terminate();
      out.destroy();
    },
  };
}
