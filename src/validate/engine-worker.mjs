// The epubcheck-ts engine in a worker thread, so a hostile or merely enormous
// EPUB can be stopped (terminate on timeout, resourceLimits on memory) without
// taking the build down. Plain JavaScript on purpose: a worker does not inherit
// the TypeScript loader under every runner (vitest, tsx, a bundled CLI).
// workerData.engine says where the engine is imported from: the prebuilt bundle
// when it matches the installed package (engine-bundle.ts), else the package.
import { parentPort, workerData } from 'node:worker_threads';

const PACKAGE = '@likecoin/epubcheck-ts';
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
