// The EPUBCheck engine behind a small interface, so the port can be swapped
// (for a newer port, a worker, or Java) without touching the rest. The wrapper
// keeps every finding with its EPUBCheck id, severity and location as given.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { ValidationMessage as EngineMessage, EpubCheck } from '@likecoin/epubcheck-ts';
import { engineSpecifier } from './engine-bundle.ts';
import type { PublicationFacts, ValidationMessage } from './types.ts';

export interface EngineResult {
  messages: ValidationMessage[];
  version?: string;
  checker: string;
}

export interface Engine {
  readonly name: string;
  check(data: Uint8Array): Promise<EngineResult>;
}

// The version from the package's manifest: loading the library itself in this
// thread would cost more than a tenth of a second that only the worker needs.
// test/unit/validate/engine.test.ts checks it against the library's VERSION.
export const ENGINE_VERSION: string = createRequire(import.meta.url)('@likecoin/epubcheck-ts/package.json').version;

/** epubcheck-ts (pure JS + WASM) in this thread; loaded on first use. */
export function epubcheckTs(options: { includeUsage?: boolean } = {}): Engine {
  // the bundle beside this module when it matches the installed engine (engine-bundle.ts)
  const checker = (import(engineSpecifier()) as Promise<{ EpubCheck: typeof EpubCheck }>).then(
    ({ EpubCheck }) => new EpubCheck({ includeUsage: options.includeUsage ?? false, includeInfo: true }),
  );
  const name = `epubcheck-ts ${ENGINE_VERSION}`;
  return {
    name,
    async check(data) {
      const result = await (await checker).check(data);
      return { messages: result.messages.map(fromEngine), version: result.version, checker: name };
    },
  };
}

export function fromEngine(m: EngineMessage): ValidationMessage {
  const out: ValidationMessage = {
    id: m.id,
    severity: m.severity,
    message: m.message,
    locations: m.location
      ? [
          {
            path: m.location.path,
            ...(m.location.line !== undefined && m.location.line > 0 ? { line: m.location.line } : {}),
            ...(m.location.column !== undefined && m.location.column > 0 ? { column: m.location.column } : {}),
            ...(m.location.context ? { context: m.location.context } : {}),
          },
        ]
      : [],
    origin: 'engine',
  };
  if (m.suggestion) out.hint = m.suggestion;
  return out;
}

export class EngineTimeoutError extends Error {
  override name = 'EngineTimeoutError';
}

export interface WorkerEngineOptions {
  /** Per EPUB; the worker is terminated and restarted after this. */
  timeoutMs?: number;
  /** Heap limit of the worker. */
  maxMemoryMb?: number;
  /**
   * Sets V8's WebAssembly tiering budget for the whole process (engine-worker.mjs
   * says why and when that is safe).
   */
  tieringBudget?: number;
}

/** The budget postbound's engines run with, in `postbound validate` and in a build (engine-worker.mjs). */
export const TIERING_BUDGET = 18_000_000;

/**
 * epubcheck-ts in a long-lived worker thread: warm after the first book, and
 * stoppable. A timeout or an out-of-memory ends that worker and rejects the
 * check; the next check starts a fresh one.
 */
export function epubcheckTsWorker(options: WorkerEngineOptions = {}): Engine & { close(): Promise<void>; warm(): void } {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const name = `epubcheck-ts ${ENGINE_VERSION}`;
  let worker: Worker | undefined;
  let next = 0;
  const pending = new Map<number, { worker: Worker; resolve: (r: EngineResult) => void; reject: (e: Error) => void }>();

  // Only the checks sent to the worker that died: a terminated worker's exit
  // event arrives after its replacement may already have work.
  const failAll = (w: Worker, err: Error) => {
    for (const [id, p] of pending) {
      if (p.worker !== w) continue;
      pending.delete(id);
      p.reject(err);
    }
  };
  const spawn = (): Worker => {
    const w = new Worker(new URL('./engine-worker.mjs', import.meta.url), {
      resourceLimits: { maxOldGenerationSizeMb: options.maxMemoryMb ?? 1024, stackSizeMb: 16 },
      execArgv: [],
      workerData: { engine: engineSpecifier(), tieringBudget: options.tieringBudget },
    });
    w.on('message', (m: { id: number; ok: boolean; messages?: EngineMessage[]; version?: string; error?: string }) => {
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      if (![...pending.values()].some((x) => x.worker === w)) w.unref();
      if (m.ok) p.resolve({ messages: (m.messages ?? []).map(fromEngine), version: m.version, checker: name });
      else p.reject(new Error(m.error));
    });
    w.on('error', (err) => {
      if (worker === w) worker = undefined;
      failAll(w, err);
    });
    w.on('exit', () => {
      if (worker === w) worker = undefined;
      failAll(w, new Error('the validator worker stopped'));
    });
    return w;
  };

  return {
    name,
    check(data) {
      worker ??= spawn();
      const w = worker;
      const id = next++;
      w.ref();
      return new Promise<EngineResult>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          if (worker === w) worker = undefined;
          void w.terminate();
          reject(new EngineTimeoutError(`it took longer than ${Math.round(timeoutMs / 1000)} s`));
        }, timeoutMs);
        pending.set(id, {
          worker: w,
          resolve: (r) => {
            clearTimeout(timer);
            resolve(r);
          },
          reject: (e) => {
            clearTimeout(timer);
            reject(e);
          },
        });
        // a copy, so the caller's buffer stays usable for the publishing checks
        const copy = new Uint8Array(data); // Buffer#slice would share (and transfer) the caller’s memory
        w.postMessage({ id, data: copy.buffer }, [copy.buffer]);
      });
    },
    warm() {
      // start the worker (and its module loading) now, while the EPUB is still being made
      worker ??= spawn();
      worker.unref();
    },
    async close() {
      const w = worker;
      worker = undefined;
      if (w) await w.terminate();
    },
  };
}

let shared: ReturnType<typeof epubcheckTsWorker> | undefined;
/** One engine per process, in a worker: its schemas and WASM module load once. */
export function defaultEngine(): Engine {
  shared ??= epubcheckTsWorker({ tieringBudget: TIERING_BUDGET });
  return shared;
}

/** Starts the default engine's worker ahead of the first check. */
export function warmDefaultEngine(): void {
  shared ??= epubcheckTsWorker({ tieringBudget: TIERING_BUDGET });
  shared.warm();
}

export type { PublicationFacts };
