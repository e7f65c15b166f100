// Parsed posts kept on disk (.cache/markdown/), keyed by the text of the post and
// the version of the pipeline, so that a build after a small change parses only
// the posts that changed: markdown is most of the cost of loading a large blog.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Root } from 'hast';
import type { VFile } from 'vfile';
import { replayMessage, type StoredMessage, storeMessage } from '../content/stored-messages.ts';
import { type RenderedMarkdown, renderMarkdown } from './pipeline.ts';
import { collect } from './plugins/collect.ts';

const HERE = dirname(fileURLToPath(import.meta.url));

let version: string | undefined;
/** The pipeline's code and its dependencies' versions: a new postbound never reuses old parses. */
function pipelineVersion(): string {
  if (version) return version;
  const hash = createHash('sha256');
  for (const dir of [HERE, join(HERE, 'plugins'), join(HERE, '..', 'content')]) {
    for (const name of readdirSync(dir)
      .filter((n) => n.endsWith('.ts'))
      .sort())
      hash.update(name).update(readFileSync(join(dir, name)));
  }
  const lock = resolve(HERE, '..', '..', 'package-lock.json');
  if (existsSync(lock)) hash.update(readFileSync(lock));
  version = hash.digest('hex').slice(0, 16);
  return version;
}

/** renderMarkdown, from .cache/markdown/ when the same text was parsed before; messages are replayed on `file`. */
export function renderMarkdownCached(file: VFile, cacheDir: string | undefined): RenderedMarkdown {
  if (!cacheDir) return renderMarkdown(file);
  const key = createHash('sha256').update(pipelineVersion()).update(String(file.path)).update(String(file.value)).digest('hex');
  const path = join(cacheDir, 'markdown', key.slice(0, 2), `${key}.json`);
  try {
    const stored = JSON.parse(readFileSync(path, 'utf8')) as { hast: Root; messages: StoredMessage[] };
    for (const m of stored.messages) replayMessage(file, m);
    return { hast: stored.hast, ...collect(stored.hast) };
  } catch {
    // not parsed before
  }
  const before = file.messages.length;
  const rendered = renderMarkdown(file);
  const messages = file.messages.slice(before).map(storeMessage);
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify({ hast: rendered.hast, messages }));
  renameSync(tmp, path);
  return rendered;
}
