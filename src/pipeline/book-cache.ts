// The book targets (EPUB, PDF, MOBI, summary, cover) cost seconds of Chromium
// and image work, and their output follows from their inputs alone: the posts in
// the books, the images they show, the config, the templates and postbound's own
// code. When none of those changed since the last build, the files it made are
// copied back from .cache/books/ instead of being made again, with the messages
// that build gave. Any change makes them all again (no partial reuse: a book's
// files share the cover and summary, so they are made together or not at all).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { VFile } from 'vfile';
import type { Site } from '../content/model.ts';
import { digest, parseSealed, seal } from '../content/sealed.ts';
import { replayMessage, type StoredMessage, storeMessage } from '../content/stored-messages.ts';
import type { OutputFile } from './context.ts';

const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Cache entries kept; older ones are removed. */
const KEEP = 2;

/** A stored message and the file it belongs to (a post's `rel`, or postbound.yaml). */
export interface CachedMessage extends StoredMessage {
  file: string;
}

interface Manifest {
  outputs: OutputFile[];
  messages: CachedMessage[];
  /** The validation results of the EPUBs, for report.json. */
  validation: unknown[];
  /** Each output's SHA-256, checked when it is copied back. */
  sums: Record<string, string>;
}

export interface BookOutputs {
  outputs: OutputFile[];
  validation: unknown[];
}

let packageHash: Promise<string> | undefined;

/** A hash of postbound's own code and templates: a new version never reuses old books. */
function hashPackage(): Promise<string> {
  packageHash ??= (async () => {
    const hash = createHash('sha256');
    for (const dir of ['src', 'templates']) await hashTree(hash, join(PACKAGE_ROOT, dir));
    hash.update(await readFile(join(PACKAGE_ROOT, 'package-lock.json')).catch(() => Buffer.alloc(0)));
    return hash.digest('hex');
  })();
  return packageHash;
}

async function hashTree(hash: ReturnType<typeof createHash>, dir: string): Promise<void> {
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

/** The key of everything the book targets read. */
export async function bookInputsKey(site: Site, targets: string[]): Promise<string> {
  const hash = createHash('sha256');
  hash.update(await hashPackage());
  hash.update(JSON.stringify(targets));
  hash.update(process.env.SOURCE_DATE_EPOCH ?? '');
  hash.update(JSON.stringify(site.config));
  for (const book of site.books) {
    for (const post of [...book.front, ...book.chapters, ...book.back]) {
      hash.update(post.rel).update('\0').update(String(post.file.value)).update('\0');
      for (const image of post.images) hash.update(image.asset.hash);
      if (post.sketch) hash.update(post.sketch.asset.hash);
    }
    if (book.coverImage) hash.update(book.coverImage.hash);
    if (book.coverSketch) hash.update(book.coverSketch.hash);
  }
  await hashTree(hash, join(site.root, 'templates'));
  return hash.digest('hex').slice(0, 32);
}

export class BookCache {
  private dir: string;
  constructor(cacheDir: string) {
    this.dir = join(cacheDir, 'books');
  }

  /** Copies the files of a previous build with this key into outDir; undefined when there is none. */
  async restore(key: string, outDir: string, files: VFile[]): Promise<BookOutputs | undefined> {
    const entry = join(this.dir, key);
    let manifest: Manifest | undefined;
    try {
      manifest = parseSealed<Manifest>(await readFile(join(entry, 'manifest.json'), 'utf8'));
    } catch {
      return undefined;
    }
    if (!manifest?.sums) return undefined;
    // every file is read and checked before any is written: a book cut short or
    // altered in the cache is made again, and outDir gets all of them or none
    const bytes: Buffer[] = [];
    for (const output of manifest.outputs) {
      const data = await readFile(join(entry, 'files', output.path)).catch(() => undefined);
      if (!data || digest(data) !== manifest.sums[output.path]) {
        await rm(entry, { recursive: true, force: true });
        return undefined;
      }
      bytes.push(data);
    }
    for (const [i, output] of manifest.outputs.entries()) {
      const to = join(outDir, output.path);
      await mkdir(dirname(to), { recursive: true });
      await writeFile(to, bytes[i]!);
    }
    for (const m of manifest.messages) {
      const file = files.find((f) => f.path === m.file) ?? files.find((f) => f.path === 'postbound.yaml');
      if (!file) continue;
      replayMessage(file, m);
    }
    return { outputs: manifest.outputs, validation: manifest.validation };
  }

  /** Keeps the files the book targets wrote, with the messages they gave. */
  async store(key: string, outDir: string, made: BookOutputs, messages: CachedMessage[]): Promise<void> {
    const { outputs, validation } = made;
    await mkdir(this.dir, { recursive: true });
    const tmp = join(this.dir, `${key}.${process.pid}.tmp`);
    await rm(tmp, { recursive: true, force: true });
    const sums: Record<string, string> = {};
    for (const output of outputs) {
      const to = join(tmp, 'files', output.path);
      await mkdir(dirname(to), { recursive: true });
      const data = await readFile(join(outDir, output.path));
      sums[output.path] = digest(data);
      await writeFile(to, data);
    }
    const manifest: Manifest = { outputs, messages, validation, sums };
    await writeFile(join(tmp, 'manifest.json'), seal(JSON.stringify(manifest)));
    await rm(join(this.dir, key), { recursive: true, force: true });
    await rename(tmp, join(this.dir, key));
    await this.prune(key);
  }

  private async prune(keep: string): Promise<void> {
    const entries = await Promise.all(
      (await readdir(this.dir)).map(async (name) => ({ name, mtime: (await stat(join(this.dir, name))).mtimeMs })),
    );
    const old = entries
      .filter((e) => e.name !== keep)
      .sort((a, b) => b.mtime - a.mtime)
      .slice(KEEP - 1);
    for (const e of old) await rm(join(this.dir, e.name), { recursive: true, force: true });
  }
}

/** Messages added to `files` since `counts` was taken, in a form that can be stored. */
export function messagesSince(files: VFile[], counts: Map<VFile, number>): CachedMessage[] {
  return files.flatMap((file) =>
    file.messages.slice(counts.get(file) ?? 0).map((m) => ({ file: file.path, ...storeMessage(m) })),
  );
}
