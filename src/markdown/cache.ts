// Parsed posts kept on disk (.cache/markdown/), keyed by the text of the post and
// the version of the pipeline, so that a build after a small change parses only
// the posts that changed: markdown is most of the cost of loading a large blog.
// One file per post (named by its path, the key on its first line), replaced
// when the post changes, so the cache never holds more entries than posts.
// When many posts need parsing (a cold build of a large blog), they are parsed
// by worker threads, one per core, while the main thread reads the rest.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { VFile } from 'vfile';
import { parseSealed, seal } from '../content/sealed.ts';
import { replayMessage } from '../content/stored-messages.ts';
import type { RenderedMarkdown } from './pipeline.ts';
import { collect } from './plugins/collect.ts';
import type { RenderJob, StoredMarkdown } from './render.ts';
import { DEFAULT_SETTINGS, type MarkdownSettings } from './settings.ts';

const HERE = dirname(fileURLToPath(import.meta.url));

let version: string | undefined;
/**
 * The code that parses posts (markdown, front matter and its schema) and its
 * dependencies' versions: a new postbound never reuses old parses.
 */
export function pipelineVersion(): string {
  if (version) return version;
  const hash = createHash('sha256');
  // the sources when they are there, whether this runs from them or from the
  // compiled lib/: both are the same code, and must share one cache
  const root = resolve(HERE, '..', '..');
  const code = existsSync(join(root, 'src', 'markdown')) ? join(root, 'src') : resolve(HERE, '..');
  for (const dir of ['markdown', 'markdown/plugins', 'markdown/highlight', 'content', 'config'].map((d) => join(code, d))) {
    for (const name of readdirSync(dir)
      .filter((n) => /\.(ts|js|mjs)$/.test(n))
      .sort())
      hash.update(name).update(readFileSync(join(dir, name)));
  }
  const lock = resolve(HERE, '..', '..', 'package-lock.json');
  if (existsSync(lock)) hash.update(readFileSync(lock));
  version = hash.digest('hex').slice(0, 16);
  return version;
}

/**
 * Below this many posts to parse, starting workers (each loads the pipeline,
 * ~0.3 s) costs more than it saves; measured with bench/markdown-workers.ts.
 */
export const WORKER_THRESHOLD = 48;

export interface RenderOptions {
  /** Where parsed posts are kept; no cache when undefined. */
  cacheDir?: string;
  /** Worker threads for the posts not in the cache (default: one per core when there are enough posts). */
  workers?: number;
  /** Highlighting and plugins, the same for every post (default: postbound's themes, no plugins). */
  settings?: MarkdownSettings;
}

/**
 * Renders every body in `files` (front matter blanked out, so positions match the
 * file on disk), from .cache/markdown/ when the same text was parsed before.
 * Messages go on each file, the same whether parsed now, in a worker or earlier.
 */
export async function renderMarkdownAll(files: VFile[], options: RenderOptions = {}): Promise<RenderedBody[]> {
  const { cacheDir } = options;
  const results: (RenderedBody | undefined)[] = new Array(files.length);
  const { settings } = options;
  // the themes, and each plugin's options and version, are part of every key:
  // a build with another theme or a plugin updated parses again
  const settingsKey = JSON.stringify(settings ?? DEFAULT_SETTINGS);
  const missing: { index: number; entry?: Entry }[] = [];
  files.forEach((file, index) => {
    const entry = cacheDir ? entryOf(cacheDir, file, settingsKey) : undefined;
    const stored = entry ? readStored(entry) : undefined;
    if (stored) results[index] = restore(file, stored);
    else missing.push({ index, entry });
  });
  const jobs = missing.map(({ index }): RenderJob => ({ ...jobOf(files[index]!), ...(settings ? { settings } : {}) }));
  const workers = options.workers ?? defaultWorkers(jobs.length);
  // the pipeline (unified and its plugins) is loaded only when a post needs parsing here
  const json = workers > 0 ? await renderInWorkers(jobs, workers) : await renderHere(jobs);
  missing.forEach(({ index, entry }, i) => {
    const text = json[i]!;
    if (entry) store(entry, text);
    results[index] = restore(files[index]!, JSON.parse(text) as Stored);
  });
  return results as RenderedBody[];
}

/** POSTBOUND_MARKDOWN_WORKERS=N overrides the choice (0: parse in the main thread), for benchmarks. */
function defaultWorkers(jobs: number): number {
  const forced = process.env.POSTBOUND_MARKDOWN_WORKERS;
  if (forced !== undefined && /^\d+$/.test(forced)) return Number(forced);
  return jobs >= WORKER_THRESHOLD ? Math.min(availableParallelism(), 4) : 0;
}

type Stored = StoredMarkdown;

/** A rendered body with its plain text and word count. */
export interface RenderedBody extends RenderedMarkdown {
  text: string;
  words: number;
}

function jobOf(file: VFile): RenderJob {
  return { path: String(file.path), cwd: file.cwd, value: String(file.value) };
}

interface Entry {
  path: string;
  key: string;
}

function entryOf(cacheDir: string, file: VFile, settingsKey: string): Entry {
  const key = createHash('sha256')
    .update(pipelineVersion())
    .update(settingsKey)
    .update(String(file.path))
    .update(String(file.value))
    .digest('hex');
  const name = createHash('sha256').update(String(file.path)).digest('hex').slice(0, 32);
  return { path: join(cacheDir, 'markdown', name.slice(0, 2), `${name}.json`), key };
}

function readStored({ path, key }: Entry): Stored | undefined {
  try {
    const text = readFileSync(path, 'utf8');
    // an older text of the same post, or an older postbound: parse again
    if (!text.startsWith(`${key}\n`)) return undefined;
    // a damaged entry (cut short, a byte changed): parse again
    return parseSealed<Stored>(text.slice(key.length + 1));
  } catch {
    return undefined; // not parsed before (or a damaged entry: parse again)
  }
}

function store({ path, key }: Entry, json: string): void {
  // write then rename, so an interrupted build never leaves half an entry; a
  // cache that cannot be written (a full disk, a read-only .cache/) only costs time
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(tmp, `${key}\n${seal(json)}`);
    renameSync(tmp, path);
  } catch {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // not even there: a file in the way of the folder
    }
  }
}

function restore(file: VFile, stored: Stored): RenderedBody {
  for (const m of stored.messages) replayMessage(file, m);
  const body: RenderedBody = { hast: stored.hast, text: stored.text, words: stored.words, ...collect(stored.hast) };
  if (stored.unread) body.unread = true;
  return body;
}

async function renderHere(jobs: RenderJob[]): Promise<string[]> {
  if (!jobs.length) return [];
  const { render } = await import('./render.ts');
  const texts: string[] = [];
  for (const job of jobs) texts.push(await render(job));
  return texts;
}

/** Jobs sent to a worker at once: fewer messages, and still an even share at the end. */
const BATCH = 8;

/** Renders `jobs` on `count` worker threads; the results come back in the order of `jobs`. */
async function renderInWorkers(jobs: RenderJob[], count: number): Promise<string[]> {
  const results: string[] = new Array(jobs.length);
  let next = 0;
  const url = new URL('./worker.mjs', import.meta.url);
  const run = (worker: Worker) =>
    new Promise<void>((resolvePromise, reject) => {
      let batch: number[] = [];
      const send = () => {
        if (next >= jobs.length) {
          resolvePromise();
          return;
        }
        batch = [];
        for (let i = 0; i < BATCH && next < jobs.length; i++) batch.push(next++);
        worker.postMessage(batch.map((i) => jobs[i]));
      };
      worker.on('message', (texts: string[]) => {
        texts.forEach((text, i) => {
          results[batch[i]!] = text;
        });
        send();
      });
      worker.once('error', reject);
      worker.once('exit', (code) => {
        if (next < jobs.length || batch.some((i) => results[i] === undefined))
          reject(new Error(`a markdown worker stopped (exit code ${code})`));
      });
      send();
    });
  const workers = Array.from({ length: Math.min(count, Math.ceil(jobs.length / BATCH)) }, () => new Worker(url));
  try {
    await Promise.all(workers.map(run));
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}
