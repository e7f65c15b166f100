// The site's search index: Pagefind (its own binary, from the npm package)
// indexes each post's page from memory as it is rendered, and its files are
// written under pagefind/ with the rest of the site. Only the posts' articles
// are indexed (data-pagefind-body in post.eta), not headers and lists.
import * as pagefind from 'pagefind';
import type { Writer } from './writer.ts';

export interface SearchIndex {
  /** Adds a page by its address on the site and its HTML. */
  add(url: string, html: string): void;
  /** Writes the index files under pagefind/; throws Pagefind's own errors. */
  write(out: Writer): Promise<void>;
  /** Drops the index unwritten (a build that failed). */
  discard(): Promise<void>;
}

const UNUSED = /^pagefind-(ui|modular-ui|component-ui|highlight)\./;

/** Indexes being built in this process: Pagefind's one service stops when the last is written. */
let open = 0;

export async function searchIndex(language: string): Promise<SearchIndex> {
  open++;
  const created = await pagefind.createIndex({ forceLanguage: language.split('-')[0] });
  if (!created.index) throw new Error(`Pagefind could not start: ${created.errors.join('; ')}`);
  const index = created.index;
  const added: Promise<{ errors: string[] }>[] = [];
  let done = false;
  const finish = async () => {
    if (done) return;
    done = true;
    await index.deleteIndex();
    // the service process would otherwise keep the build's process alive
    if (--open === 0) await pagefind.close();
  };
  return {
    add(url, content) {
      added.push(index.addHTMLFile({ url, content }));
    },
    async write(out) {
      const errors = (await Promise.all(added)).flatMap((r) => r.errors);
      const { files, errors: more } = await index.getFiles();
      errors.push(...more);
      await finish();
      if (errors.length) throw new Error(`Pagefind could not index the site: ${errors.join('; ')}`);
      for (const file of files) {
        // the site has its own search box: Pagefind's ready-made interfaces are left out
        if (UNUSED.test(file.path)) continue;
        await out.file(`pagefind/${file.path}`, Buffer.from(file.content), true);
      }
    },
    async discard() {
      await Promise.allSettled(added);
      await finish();
    },
  };
}
