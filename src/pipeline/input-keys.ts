// What the targets read, reduced to a key: when the key of a build's inputs is
// the one a kept output was made from, that output is what this build would make
// (src/pipeline/output-cache.ts). Every key includes postbound's own code and
// templates, the config, the project's templates and each post as the targets
// see it: its source, the model made of it and its rendered tree (so a changed
// include, data file or markdown plugin counts even when the post's text did not).
import { createHash, type Hash, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Book, Post, Site } from '../content/model.ts';

const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

let packageHash: Promise<string> | undefined;

/** A hash of postbound's own code and templates: a new version never reuses old output. */
function hashPackage(): Promise<string> {
  packageHash ??= (async () => {
    const hash = createHash('sha256');
    for (const dir of ['src', 'templates']) await hashTree(hash, join(PACKAGE_ROOT, dir));
    hash.update(await readFile(join(PACKAGE_ROOT, 'package-lock.json')).catch(() => Buffer.alloc(0)));
    return hash.digest('hex');
  })();
  return packageHash;
}

async function hashTree(hash: Hash, dir: string): Promise<void> {
  if (!existsSync(dir)) return;
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
  for (const file of files) {
    // read synchronously: a hundred small files, and the thread pool may be busy with images
    hash.update(relative(dir, file)).update('\0').update(readFileSync(file)).update('\0');
  }
}

const postHashes = new WeakMap<Post, string>();

/** Everything of `post` a target renders, hashed once per post object. */
function postHash(post: Post): string {
  let made = postHashes.get(post);
  if (!made) {
    const { file, hast, frontMatterAt: _at, ...model } = post;
    // dates, paths, tags, the images with their content hashes, the front matter as read
    made = hashJson(post.rel, String(file.value), model, hast);
    postHashes.set(post, made);
  }
  return made;
}

/** A book's own facts (title, dates, cover, trim, strings...), its posts left to postHash. */
function bookHash(book: Book): string {
  const { front: _f, chapters: _c, back: _b, series, configAt: _at, ...facts } = book;
  return hashJson({ ...facts, series: series?.slug });
}

/** The SHA-256 of `parts` as text and JSON; a value JSON cannot write gives a key no build shares. */
function hashJson(...parts: unknown[]): string {
  const hash = createHash('sha256');
  try {
    for (const part of parts) hash.update(typeof part === 'string' ? part : JSON.stringify(part)).update('\0');
  } catch {
    return randomUUID(); // (a front matter value that refers to itself: never reused)
  }
  return hash.digest('hex');
}

/** The part of a key every target shares: code, config, the project's templates. */
async function baseKey(site: Site, targets: string[]): Promise<Hash> {
  const hash = createHash('sha256');
  hash.update(await hashPackage());
  hash.update(JSON.stringify(targets));
  hash.update(process.env.SOURCE_DATE_EPOCH ?? '');
  hash.update(JSON.stringify(site.config));
  await hashTree(hash, join(site.root, 'templates'));
  return hash;
}

/** The key of everything the book targets read. */
export async function bookInputsKey(site: Site, targets: string[]): Promise<string> {
  const hash = await baseKey(site, targets);
  for (const book of site.books) {
    hash.update(bookHash(book));
    for (const post of [...book.front, ...book.chapters, ...book.back]) hash.update(postHash(post));
  }
  return hash.digest('hex').slice(0, 32);
}

/**
 * The key of everything the site target reads: every published post, the books
 * it names (the downloads pages, which list the books' files, come later) and
 * the files posts link to, by their bytes.
 */
export async function siteInputsKey(site: Site): Promise<string> {
  const hash = await baseKey(site, ['site']);
  for (const post of site.posts) hash.update(postHash(post));
  for (const book of site.books) hash.update(bookHash(book));
  for (const [rel, abs] of [...site.staticFiles].sort(([a], [b]) => a.localeCompare(b))) {
    hash
      .update(rel)
      .update('\0')
      .update(await readFile(abs))
      .update('\0');
  }
  return hash.digest('hex').slice(0, 32);
}
