// The epubcheck-ts engine in a worker thread, so a hostile or merely enormous
// EPUB can be stopped (terminate on timeout, resourceLimits on memory) without
// taking the build down. Plain JavaScript on purpose: a worker does not inherit
// the TypeScript loader under every runner (vitest, tsx, a bundled CLI).
import { parentPort } from 'node:worker_threads';
import { EpubCheck, VERSION } from '@likecoin/epubcheck-ts';

const checker = new EpubCheck({ includeUsage: false, includeInfo: true });

parentPort.on('message', async ({ id, data }) => {
  try {
    const result = await checker.check(new Uint8Array(data));
    parentPort.postMessage({ id, ok: true, messages: result.messages, version: result.version, checker: VERSION });
  } catch (err) {
    parentPort.postMessage({ id, ok: false, error: err instanceof Error ? err.message : String(err) });
  }
});
