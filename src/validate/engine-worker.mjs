// The epubcheck-ts engine in a worker thread, so a hostile or merely enormous
// EPUB can be stopped (terminate on timeout, resourceLimits on memory) without
// taking the build down. Plain JavaScript on purpose: a worker does not inherit
// the TypeScript loader under every runner (vitest, tsx, a bundled CLI).
// workerData.engine says where the engine is imported from: the prebuilt bundle
// when it matches the installed package (engine-bundle.ts), else the package.
import { parentPort, workerData } from 'node:worker_threads';

const PACKAGE = '@likecoin/epubcheck-ts';
// For `postbound validate`, which checks a few books and ends, and for a build: libxml2's
// WebAssembly is compiled at once by the baseline compiler and a function is
// compiled again, optimised, once it has run enough. On two cores that second
// compile competes with the check itself, and on a small book it is not done
// before the check ends. A tenfold budget (V8's default is 1,800,000) leaves
// the small book's functions in baseline code: a fresh check of the sample's
// book took 7–14 % less wall time in paired runs, a 300-chapter book the same
// (bench/README.md, issue 18 with the tiering budget); in a build, whose other
// work competes for the cores too, a one-post rebuild of the sample took 0.977
// of the time (CPU 0.964) and a cold one the same (bench/README.md, issue 15).
// The flag is the process's: the only other WebAssembly a build runs is Shiki's,
// and a build starts this worker once its posts are parsed, so Shiki has
// highlighted them under V8's own budget (a `serve` rebuild highlights a changed
// post with most of it optimised already). It must be set before the engine
// compiles libxml2.
if (workerData?.tieringBudget) (await import('node:v8')).setFlagsFromString(`--wasm-tiering-budget=${workerData.tieringBudget}`);
const from = workerData?.engine ?? PACKAGE;
// a bundle that will not load is no reason to fail a check: the package is there
const { EpubCheck, VERSION } = await import(from).catch((err) => (from === PACKAGE ? Promise.reject(err) : import(PACKAGE)));

const checker = new EpubCheck({ includeUsage: false, includeInfo: true });

parentPort.on('message', async ({ id, data }) => {
  try {
    const result = await checker.check(new Uint8Array(data));
    parentPort.postMessage({ id, ok: true, messages: result.messages, version: result.version, checker: VERSION });
  } catch (err) {
    parentPort.postMessage({ id, ok: false, error: err instanceof Error ? err.message : String(err) });
  }
});
