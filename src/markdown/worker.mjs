// Renders markdown for the build's worker pool (src/markdown/cache.ts). Plain
// JavaScript on purpose: a worker does not inherit the TypeScript loader under
// every runner, so it loads the compiled pipeline when there is one (lib/) and
// registers tsx itself when it runs from the sources.
import { existsSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';

const compiled = new URL('./render.js', import.meta.url);
let render;
if (existsSync(compiled)) {
  ({ render } = await import(compiled.href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ render } = await import(new URL('./render.ts', import.meta.url).href));
}

parentPort.on('message', async (jobs) => {
  // one JSON string per post: the parent stores it as the cache file and parses it once
  const texts = [];
  for (const job of jobs) texts.push(await render(job));
  parentPort.postMessage(texts);
});
