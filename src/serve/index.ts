// `postbound serve`: build the site, serve dist/site/ on 127.0.0.1, watch the
// project, rebuild only what a change touches and tell open pages to reload.
// A build error goes to the terminal and, as an overlay, to the browser; the
// last good pages keep being served. Books are made only on demand.
import { EventEmitter } from 'node:events';
import { basename, join, relative, sep } from 'node:path';
import { watch } from 'chokidar';
import { VFile } from 'vfile';
import { collectMessages, formatText } from '../cli/messages.ts';
import { readConfigFile } from '../content/config-file.ts';
import { CONFIG_FILE } from '../content/load.ts';
import type { Progress } from '../pipeline/context.ts';
import { type BooksResult, buildBooks } from './books.ts';
import type { ProblemData, ReloadData } from './client.ts';
import { DevSite, type Rebuild } from './dev-site.ts';
import { type DevServer, startServer } from './server.ts';

export interface ServeOptions {
  root: string;
  /** First port to try (default 4000; the next free one is used when taken; 0 for any). */
  port?: number;
  /** Build the book formats once at start (in the background). */
  books?: boolean;
  /** Show draft posts (default true: the dev server is a preview). */
  drafts?: boolean;
  /** Unknown front matter fields are errors. */
  strict?: boolean;
  /** Messages without their hints, and no info-level notes. */
  quiet?: boolean;
  /** Rebuild the books when `b` is pressed and stop on `q` (only when stdin is a TTY). */
  keys?: boolean;
  /** Quiet period that ends a burst of file events. */
  debounceMs?: number;
  /** Where lines for the writer go (default: stderr). */
  log?: (line: string) => void;
  progress?: Progress & { done?(): void };
  /** Colours in terminal reports. */
  color?: boolean;
}

export interface ServeHandle {
  url: string;
  port: number;
  dev: DevSite;
  server: DevServer;
  /** Emits `rebuild` (Rebuild), `books` (BooksResult) and `quit` (the writer pressed q). */
  events: EventEmitter;
  /** The first build's result. */
  initial: Rebuild;
  /** Builds the books now; a second call while one runs returns the same job. */
  books(): Promise<BooksResult>;
  close(): Promise<void>;
}

export async function serve(options: ServeOptions): Promise<ServeHandle> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const dev = new DevSite({ root: options.root, drafts: options.drafts, strict: options.strict, progress: options.progress });
  const events = new EventEmitter();
  const color = options.color ?? false;
  const report = (files: VFile[]) => formatText(collectMessages(files), { color, quiet: options.quiet });

  const initial = await dev.rebuild(true);
  options.progress?.done?.();
  const server = await startServer({ dir: dev.siteDir, base: dev.base, port: options.port ?? 4000 });
  const announce = (result: Rebuild) => {
    if (result.ok) {
      const text = report(changedFiles(result));
      if (text) log(text);
      server.send({ event: 'reload', data: { pages: result.urls } satisfies ReloadData });
    } else {
      log(report(result.files));
      log(`Build failed after ${result.ms} ms; still serving the last good pages.`);
      server.send({ event: 'problem', data: problemData(result.files) });
    }
    events.emit('rebuild', result);
  };
  if (initial.ok) log(`Built ${initial.written} files in ${initial.ms} ms.`);
  announce(initial);

  // One rebuild at a time; events that arrive meanwhile make one more afterwards.
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let pending = false;
  let everything = false;
  /** The template saved last, until a rebuild succeeds: where a rendering error most likely is. */
  let template: string | undefined;
  // A rebuild that throws (a folder made unreadable, say) is reported like any build error; the loop goes on.
  const failed = (error: unknown): Rebuild => {
    const file = new VFile({ path: CONFIG_FILE, cwd: dev.root });
    const message = file.message(error instanceof Error ? error.message : String(error), {
      ruleId: 'build-failed',
      source: 'postbound',
      cause: error as Error,
    });
    message.fatal = true;
    return { ok: false, files: [file], ms: 0 };
  };
  const run = async () => {
    while (pending) {
      pending = false;
      const all = everything || dev.site === undefined;
      everything = false;
      const result = await dev.rebuild(all, template).catch((error: unknown) => failed(error));
      if (result.ok) template = undefined;
      if (result.ok)
        log(
          `Rebuilt ${result.written} ${result.written === 1 ? 'file' : 'files'} in ${result.ms} ms${result.plan.all ? ' (every page)' : ''}.`,
        );
      announce(result);
    }
    running = undefined;
  };
  const changed = (path: string) => {
    const rel = relative(dev.root, path).split(sep).join('/');
    if (rel.split('/').some(ignored)) return;
    if (rel === CONFIG_FILE || rel.startsWith('templates/')) everything = true;
    if (rel.startsWith('templates/')) template = rel;
    pending = true;
    clearTimeout(timer);
    timer = setTimeout(() => {
      running ??= run();
    }, options.debounceMs ?? 50);
  };
  // the blog's own folders too (Jekyll's _posts, Hugo's static/…); a static folder that is
  // the project itself ("." for Jekyll) is not watched whole, or dist/ would trigger rebuilds
  const content = dev.site?.config.content ?? (await readConfigFile(dev.root)).config?.content;
  const folders = content
    ? [...content.posts, ...content.drafts, ...content.static, ...(content.includes ? [content.includes] : [])].filter(
        (f) => f !== '.' && f !== './',
      )
    : [];
  const watched = [...new Set(['content', 'templates', CONFIG_FILE, ...folders])].map((f) => join(dev.root, f));
  const watcher = watch(watched, {
    ignoreInitial: true,
    // called for every entry when a folder is scanned again: keep it cheap
    ignored: (path: string) => ignored(basename(path)),
  });
  for (const event of ['add', 'change', 'unlink', 'addDir', 'unlinkDir'] as const) watcher.on(event, changed);
  // An unhandled 'error' event would end the process; a watch problem is worth a line, not a crash.
  watcher.on('error', (error) => log(`postbound: watching files: ${error instanceof Error ? error.message : String(error)}`));
  await new Promise<void>((ok) => watcher.once('ready', () => ok()));
  // chokidar says ready a moment before its file watchers are live: a save in
  // the same tick is missed (seen with chokidar 5 on Linux), 20 ms later it is not.
  await new Promise((ok) => setTimeout(ok, 100));

  let booksJob: Promise<BooksResult> | undefined;
  const books = () => {
    booksJob ??= (async () => {
      log('Building the books in the background…');
      try {
        const result = await buildBooks(dev).catch((error: unknown) => {
          const buildFile = new VFile({ path: CONFIG_FILE, cwd: dev.root });
          const message = buildFile.message(
            `The books could not be built: ${error instanceof Error ? error.message : String(error)}`,
            { ruleId: 'build-failed', source: 'postbound', cause: error as Error },
          );
          message.fatal = true;
          return { ok: false, files: [], buildFile, ms: 0 } satisfies BooksResult;
        });
        const text = report([result.buildFile]);
        if (text) log(text);
        const made = result.files.filter((f) => f.path.startsWith('book/')).map((f) => `dist/${f.path}`);
        log(
          `Books ${result.ok ? 'built' : 'built with errors'} in ${(result.ms / 1000).toFixed(1)} s${made.length ? `:\n  ${made.join('\n  ')}` : ''}`,
        );
        server.send({
          event: 'reload',
          data: { pages: dev.site?.books.map((b) => `${dev.base}books/${b.slug}/`) ?? [] } satisfies ReloadData,
        });
        events.emit('books', result);
        return result;
      } finally {
        booksJob = undefined;
      }
    })();
    return booksJob;
  };
  if (options.books) void books();

  const stdin = process.stdin;
  const keys = options.keys === true && stdin.isTTY === true;
  const onKey = (data: Buffer) => {
    const key = data.toString();
    if (key === 'b') void books();
    else if (key === 'q' || key === '\u0003') events.emit('quit');
  };
  if (keys) {
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onKey);
  }

  log(
    `Serving ${relative(process.cwd(), dev.siteDir) || dev.siteDir} at ${server.url}${keys ? '  (b: build the books, q: quit)' : ''}`,
  );

  return {
    url: server.url,
    port: server.port,
    dev,
    server,
    events,
    initial,
    books,
    async close() {
      clearTimeout(timer);
      pending = false;
      if (keys) {
        stdin.off('data', onKey);
        stdin.setRawMode(false);
        stdin.pause();
      }
      await watcher.close();
      await running;
      await booksJob?.catch(() => undefined);
      await server.close();
    },
  };
}

/** Editor swap files, backups and hidden files or folders are not the writer's content. */
function ignored(name: string): boolean {
  return (name.startsWith('.') && name.length > 1) || /(~|\.swp|\.swx|\.tmp|#)$/.test(name);
}

/** Files whose pages were rendered this time, so warnings are not repeated for every save. */
function changedFiles(result: Extract<Rebuild, { ok: true }>): VFile[] {
  if (result.plan.all) return result.files;
  const rels = new Set(result.posts);
  return result.files.filter((f) => rels.has(f.path));
}

/** The overlay's data: every error (warnings too when there is no error), with its place. */
export function problemData(files: VFile[]): ProblemData {
  const all = files.flatMap((f) => f.messages.map((m) => ({ f, m })));
  const errors = all.filter(({ m }) => m.fatal);
  return {
    report: formatText(collectMessages(files)),
    messages: (errors.length ? errors : all).map(({ f, m }) => ({
      file: f.path,
      line: m.line ?? undefined,
      column: m.column ?? undefined,
      reason: m.reason,
      ruleId: m.ruleId ?? undefined,
      fatal: m.fatal === true,
    })),
  };
}
