// axe-core results kept per content document (.cache/validation/axe/), so that a
// book where one post changed is checked in one document, not in all of them,
// and a book where no content document changed needs no browser at all. A
// document's key holds everything its result depends on: its bytes and path,
// the stored bytes of every file it could load (stylesheets, images, fonts: all
// but the other documents and the package files), the axe-core version, the
// rules asked for and the code that runs and reports them. A document that
// could load another document (a script, a frame, an object, a refresh) is keyed
// by every file of the book instead.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'puppeteer-core';
import { parseSealed, seal } from '../content/sealed.ts';
import { type AxeOptions, axeDocuments, type DocumentResult, failed, isPlain, RUN_OPTIONS } from './axe.ts';
import { catalogue } from './catalogue.ts';
import type { ValidationMessage } from './types.ts';
import { scanTags } from './xml-scan.ts';
import { storedBytes, type ZipEntry } from './zip-guard.ts';

/** Bump when what is stored changes shape. */
const FORMAT = 1;

/** Entries kept at least; more when one book has more documents than a third of this. */
const KEEP = 2000;

const HERE = dirname(fileURLToPath(import.meta.url));

let setupHash: string | undefined;
/**
 * The code that runs axe and turns its findings into messages, axe-core's
 * version and the rules asked for. Read from src/ when it is there, whether this
 * runs from it or from the compiled lib/, so the two share one cache.
 */
function axeSetup(): string {
  if (setupHash) return setupHash;
  const src = resolve(HERE, '..', '..', 'src', 'validate');
  const dir = existsSync(join(src, 'axe.ts')) ? src : HERE;
  const ext = dir === src ? '.ts' : (/\.(\w+)$/.exec(fileURLToPath(import.meta.url))?.[0] ?? '.js');
  const hash = createHash('sha256').update(JSON.stringify({ FORMAT, RUN_OPTIONS }));
  for (const name of ['axe', 'axe-cache', 'xml-scan']) hash.update(readFileSync(join(dir, `${name}${ext}`)));
  hash.update(createRequire(import.meta.url)('axe-core/package.json').version);
  setupHash = hash.digest('hex');
  return setupHash;
}

/** A content document's stored result; `loads` are read again on a hit, so a file that will not inflate is reported as it was. */
type Stored = DocumentResult;

export interface AxeCacheInput {
  /** Content documents to check, in report order. */
  documents: string[];
  read: (path: string) => Uint8Array | undefined;
  /** The EPUB and its entries, for the key: the files a document may load. */
  data: Uint8Array;
  entries: ZipEntry[];
  /** Called only when some document is not in the cache. */
  browser: () => Promise<Browser>;
  cacheDir?: string;
  axe?: AxeOptions;
  /** Told which documents were found in the cache (tests). */
  onHit?: (path: string) => void;
}

/**
 * axe's messages for `documents`, in their order, the same whether each came
 * from the cache or from a run now. Runs that failed or timed out are not kept.
 */
export async function axeWithCache(input: AxeCacheInput): Promise<ValidationMessage[]> {
  const { documents, read, cacheDir } = input;
  if (!documents.length) return [];
  const results = new Map<string, Stored>();
  const keys = new Map<string, string>();
  if (cacheDir) {
    const dir = join(cacheDir, 'validation', 'axe');
    const shared = sharedHashes(input.data, input.entries);
    await Promise.all(
      documents.map(async (path) => {
        const bytes = read(path) ?? new Uint8Array();
        const key = documentKey(path, bytes, shared);
        keys.set(path, key);
        const hit = await readStored(join(dir, `${key}.json`));
        if (!hit) return;
        results.set(path, hit);
        input.onHit?.(path);
      }),
    );
  }
  for (const path of documents) {
    const hit = results.get(path);
    // a fresh run inflates these while the document loads; a hit does too, so read errors stay the same
    if (hit) for (const load of hit.loads) read(load);
  }

  const missing = documents.filter((path) => !results.has(path));
  if (missing.length) {
    let browser: Browser | undefined;
    try {
      browser = await input.browser();
    } catch (err) {
      for (const path of missing) results.set(path, { messages: [failed(path, err)], loads: [] });
    }
    if (browser) {
      const fresh = await axeDocuments(browser, missing, read, input.axe);
      for (const [path, result] of fresh) results.set(path, result);
      if (cacheDir) await storeAll(cacheDir, missing, results, keys, documents.length).catch(() => {});
    }
  }
  return documents.flatMap((path) => results.get(path)?.messages ?? []);
}

interface SharedHashes {
  /** Every entry a plain document may load. */
  resources: string;
  /** Every entry, for a document that may load other documents. */
  all: () => string;
}

const PACKAGE_FILE = /^(mimetype|META-INF\/.*|.*\.(opf|ncx))$/i;
const DOCUMENT = /\.(xhtml|html|htm)$/i;

function sharedHashes(data: Uint8Array, entries: ZipEntry[]): SharedHashes {
  const sorted = [...entries].filter((e) => !e.name.endsWith('/')).sort((a, b) => (a.name < b.name ? -1 : 1));
  const over = (list: ZipEntry[]) => {
    const hash = createHash('sha256');
    for (const e of list) {
      hash.update(`${e.name}\0${e.method}\0${e.uncompressedSize}\0${e.crc32}\0`);
      try {
        hash.update(storedBytes(data, e));
      } catch {
        hash.update('\0unreadable\0');
      }
      hash.update('\0');
    }
    return hash.digest('hex');
  };
  let all: string | undefined;
  return {
    resources: over(sorted.filter((e) => !DOCUMENT.test(e.name) && !PACKAGE_FILE.test(e.name))),
    all: () => {
      all ??= over(sorted);
      return all;
    },
  };
}

function documentKey(path: string, bytes: Uint8Array, shared: SharedHashes): string {
  const text = new TextDecoder().decode(bytes);
  const files = isPlain(text, scanTags(text)) ? `resources:${shared.resources}` : `all:${shared.all()}`;
  return createHash('sha256').update(`${axeSetup()}\0${files}\0${path}\0`).update(bytes).digest('hex');
}

async function readStored(file: string): Promise<Stored | undefined> {
  try {
    // a result cut short or altered on disk is checked again (src/content/sealed.ts)
    const stored = parseSealed<Stored>(await readFile(file, 'utf8'));
    if (!stored || !Array.isArray(stored.messages) || !Array.isArray(stored.loads)) return undefined;
    // used now: the newest, so pruning keeps it
    const now = new Date();
    await utimes(file, now, now).catch(() => undefined);
    return stored;
  } catch {
    return undefined;
  }
}

/** A result that depends on something passing (a load that failed or timed out) is checked again next time. */
const worthKeeping = (result: Stored) => !result.messages.some((m) => m.id === catalogue.axeFailed.id);

async function storeAll(
  cacheDir: string,
  paths: string[],
  results: Map<string, Stored>,
  keys: Map<string, string>,
  documents: number,
): Promise<void> {
  const dir = join(cacheDir, 'validation', 'axe');
  await mkdir(dir, { recursive: true });
  for (const path of paths) {
    const result = results.get(path);
    const key = keys.get(path);
    if (!result || !key || !worthKeeping(result)) continue;
    // written under a temporary name and renamed: a reader never sees half a file
    const tmp = join(dir, `${key}.${process.pid}.tmp`);
    await writeFile(tmp, seal(JSON.stringify(result)));
    await rename(tmp, join(dir, `${key}.json`));
  }
  await prune(dir, Math.max(KEEP, documents * 3));
}

/** Keeps the `keep` most recently used entries. */
async function prune(dir: string, keep: number): Promise<void> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.json'));
  if (names.length <= keep) return;
  const dated = await Promise.all(
    names.map(async (n) => ({
      n,
      t: await stat(join(dir, n)).then(
        (s) => s.mtimeMs,
        () => 0,
      ),
    })),
  );
  dated.sort((a, b) => b.t - a.t);
  await Promise.all(dated.slice(keep).map(({ n }) => rm(join(dir, n), { force: true })));
}
