// The pictures several targets share (a book's cover, its summary), made once per
// build on first request, each timed as a stage of its own.
import type { Book } from '../content/model.ts';
import type { Artifacts, BuildContext } from './context.ts';

export function makeArtifacts(ctx: BuildContext, time: <T>(stage: string, work: () => Promise<T>) => Promise<T>): Artifacts {
  const covers = new Map<string, Promise<Buffer>>();
  const summaries = new Map<string, Promise<{ png: Buffer; pdf: Buffer }>>();
  return {
    cover(book: Book) {
      let job = covers.get(book.slug);
      if (!job) {
        job = time(`cover image (${book.slug})`, () => import('../cover/index.ts').then((m) => m.renderCover(book, ctx)));
        covers.set(book.slug, job);
      }
      return job;
    },
    summary(book: Book) {
      let job = summaries.get(book.slug);
      if (!job) {
        job = time(`summary image (${book.slug})`, () => import('../summary/index.ts').then((m) => m.renderSummary(book, ctx)));
        summaries.set(book.slug, job);
      }
      return job;
    },
  };
}
