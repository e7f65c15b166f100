// The downloads page of each book, apart from the rest of the site: a build
// whose site and books come back from .cache/ writes only these pages, and
// loading the site target whole for them (its markdown, feeds and search) took
// 52 ms to import, against 14 ms for this module.
import { bookApparatus, stringsOf } from '../content/apparatus.ts';
import { describeLicense } from '../content/license.ts';
import type { Book } from '../content/model.ts';
import { directionOf } from '../i18n/index.ts';
import type { BuildContext, OutputFile } from '../pipeline/context.ts';
import { createTemplates } from '../templates/engine.ts';
import { bookFormats, pageRenderer } from './render.ts';
import { sentences, siteStrings } from './strings.ts';
import { siteUrls } from './urls.ts';
import { Writer } from './writer.ts';

/**
 * The downloads page of each book: written after the book targets, because it
 * lists their files and sizes.
 */
export async function buildDownloads(ctx: BuildContext, bookFiles: OutputFile[]): Promise<OutputFile[]> {
  const { site } = ctx;
  const out = new Writer(ctx.outDir);
  const urls = siteUrls(site);
  const render = pageRenderer(site, createTemplates(site.root), urls);
  const covers = new Map<Book, string | undefined>();
  for (const book of site.books) {
    const formats = bookFormats(book, bookFiles);
    const pictures = new Map<string, string>();
    // the summary's pages: -summary.png, then -summary-2.png...
    const summaryPages: { n: number; url: string }[] = [];
    const laterPage = `book/${book.slug}-summary-`;
    for (const f of bookFiles) {
      for (const suffix of ['-mockup.png', '-summary.png', '-cover.jpg', '-og.png']) {
        if (f.path === `book/${book.slug}${suffix}`) {
          // Copy the pictures next to the page so the site stands on its own.
          const name = `${book.slug}${suffix}`;
          await out.copy(f.path, `books/${book.slug}/${name}`);
          pictures.set(suffix, `${urls.book(book.slug)}${name}`);
          if (suffix === '-summary.png') summaryPages.push({ n: 1, url: pictures.get(suffix)! });
        }
      }
      const more = f.path.startsWith(laterPage) ? /^(\d+)\.png$/.exec(f.path.slice(laterPage.length)) : null;
      if (more) {
        const name = f.path.slice('book/'.length);
        await out.copy(f.path, `books/${book.slug}/${name}`);
        summaryPages.push({ n: Number(more[1]), url: `${urls.book(book.slug)}${name}` });
      }
    }
    // the later pages only beside the first, in order
    const summaries = summaryPages.some((p) => p.n === 1) ? summaryPages.sort((a, b) => a.n - b.n).map((p) => p.url) : [];
    covers.set(book, pictures.get('-mockup.png') ?? pictures.get('-cover.jpg'));
    for (const format of formats) await out.copy(format.path, `books/${book.slug}/${format.name}`);
    await out.page(`books/${book.slug}/index.html`, () =>
      render('downloads', {
        title: book.title,
        description: book.description,
        book,
        formats: formats.map((f) => ({ ...f, url: `${urls.book(book.slug)}${f.name}` })),
        mockup: pictures.get('-mockup.png') ?? pictures.get('-cover.jpg'),
        summary: pictures.get('-summary.png'),
        summaries,
        ogImage: pictures.get('-og.png'),
        license: describeLicense(book.license),
        // the licence and pay-what-you-want wording the books carry (src/content/apparatus.ts)
        apparatus: bookApparatus(book),
        // the book's part of the page speaks the book's language, the site's frame the site's
        bt: stringsOf(book),
        btl: sentences(stringsOf(book)),
        bookLang: book.language === site.config.site.language ? undefined : book.language,
        bookDir: directionOf(book.language),
      }),
    );
  }
  // with several books, one page that lists them all (the header links it)
  if (site.books.length > 1) {
    await out.page('books/index.html', () =>
      render('books', {
        title: siteStrings(site.config).booksTitle,
        list: site.books.map((book) => ({ book, cover: covers.get(book) })),
      }),
    );
  }
  return out.done();
}
