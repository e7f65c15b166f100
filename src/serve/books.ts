// Book formats in the dev loop: made only on demand (`--books`, or `b` in the
// terminal), from the model the site shows, in a folder of their own that is
// swapped into dist/book/ at the end. The site keeps rebuilding meanwhile.
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { VFile } from 'vfile';
import { SharedBrowser } from '../browser/browser.ts';
import type { Book } from '../content/model.ts';
import type { Artifacts, BuildContext, OutputFile, Target } from '../pipeline/context.ts';
import type { DevSite } from './dev-site.ts';

const BOOK_TARGETS: Record<string, () => Promise<{ build: Target }>> = {
  epub: () => import('../epub/index.ts'),
  pdf: () => import('../pdf/index.ts'),
  mobi: () => import('../mobi/index.ts'),
  summary: () => import('../summary/index.ts'),
  cover: () => import('../cover/index.ts'),
};

export interface BooksResult {
  ok: boolean;
  files: OutputFile[];
  /** Messages of the targets, and one per target that failed or is missing. */
  buildFile: VFile;
  ms: number;
}

export async function buildBooks(dev: DevSite): Promise<BooksResult> {
  const t0 = performance.now();
  const site = dev.site;
  const buildFile = new VFile({ path: 'postbound.yaml', cwd: dev.root });
  if (!site) {
    buildFile.message('The site has not built yet; fix its errors first', {
      ruleId: 'books-skipped',
      source: 'postbound',
    }).fatal = true;
    return { ok: false, files: [], buildFile, ms: 0 };
  }
  const tmp = join(dev.cacheDir, `serve-books-${process.pid}-${Date.now().toString(36)}`);
  await mkdir(join(tmp, 'book'), { recursive: true });
  const browser = new SharedBrowser();
  const ctx: BuildContext = { ...dev.context(site, tmp, buildFile), browser };
  ctx.artifacts = artifacts(ctx);
  try {
    const results = await Promise.all(
      Object.entries(BOOK_TARGETS).map(async ([name, load]) => {
        try {
          return await (await load()).build(ctx);
        } catch (error) {
          const reason = `The ${name} target failed: ${error instanceof Error ? error.message : String(error)}`;
          buildFile.message(reason, { ruleId: 'build-failed', source: 'postbound', cause: error as Error }).fatal = true;
          return [];
        }
      }),
    );
    const files = results.flat();
    try {
      const { buildBundle } = await import('../bundle/index.ts');
      for (const book of site.books)
        files.push(
          await buildBundle(
            ctx,
            book,
            files.filter((f) => f.path.startsWith(`book/${book.slug}`)),
          ),
        );
    } catch (error) {
      buildFile.message(`The release bundle failed: ${error instanceof Error ? error.message : String(error)}`, {
        ruleId: 'build-failed',
        source: 'postbound',
      });
    }
    await browser.close();
    // Whatever was made replaces dist/book/, even when one target failed: the others are still worth reading.
    const bookDir = join(dev.distDir, 'book');
    const old = join(tmp, 'old-book');
    await mkdir(dev.distDir, { recursive: true });
    if (existsSync(bookDir)) await rename(bookDir, old);
    await rename(join(tmp, 'book'), bookDir);
    const { buildDownloads } = await import('../site/downloads.ts');
    files.push(...(await buildDownloads(dev.context(site, dev.distDir, buildFile), files)));
    return { ok: !buildFile.messages.some((m) => m.fatal), files, buildFile, ms: Math.round(performance.now() - t0) };
  } finally {
    await browser.close();
    await rm(tmp, { recursive: true, force: true });
  }
}

function artifacts(ctx: BuildContext): Artifacts {
  const covers = new Map<string, Promise<Buffer>>();
  const summaries = new Map<string, Promise<{ png: Buffer; pdf: Buffer }>>();
  const once = <T>(map: Map<string, Promise<T>>, book: Book, make: () => Promise<T>) => {
    let job = map.get(book.slug);
    if (!job) {
      job = make();
      map.set(book.slug, job);
    }
    return job;
  };
  return {
    cover: (book) => once(covers, book, () => import('../cover/index.ts').then((m) => m.renderCover(book, ctx))),
    summary: (book) => once(summaries, book, () => import('../summary/index.ts').then((m) => m.renderSummary(book, ctx))),
  };
}
