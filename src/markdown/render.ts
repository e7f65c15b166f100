// One post's markdown to the JSON the cache stores: the same in the main thread
// and in a worker (src/markdown/worker.mjs), so both give identical output.
import type { Root, RootContent } from 'hast';
import { toString as hastToString } from 'hast-util-to-string';
import { VFile } from 'vfile';
import { type StoredMessage, storeMessage } from '../content/stored-messages.ts';
import { type MarkdownSettings, renderMarkdown } from './pipeline.ts';

export interface RenderJob {
  path: string;
  cwd: string;
  value: string;
  settings?: MarkdownSettings;
}

/** What the cache keeps of a post's body. */
export interface StoredMarkdown {
  hast: Root;
  messages: StoredMessage[];
  /** The body as plain text, spaces collapsed (search, word counts, reading time). */
  text: string;
  words: number;
}

/** The post's body as the JSON of a StoredMarkdown. */
export async function render(job: RenderJob): Promise<string> {
  const file = new VFile({ path: job.path, cwd: job.cwd, value: job.value });
  const { hast } = await renderMarkdown(file, job.settings);
  const messages: StoredMessage[] = file.messages.map(storeMessage);
  const text = hastToString(hast).replace(/\s+/g, ' ').trim();
  const words = text.split(' ').filter(Boolean).length;
  dropPositions(hast);
  return JSON.stringify({ hast, messages, text, words } satisfies StoredMarkdown);
}

/**
 * Source positions are only needed where the loader may still report a problem
 * (links and images it resolves later); on every other node they were half the
 * stored tree, and so half of what a warm build parses and keeps in memory.
 */
function dropPositions(node: Root | RootContent): void {
  if (!(node.type === 'element' && (node.tagName === 'a' || node.tagName === 'img'))) delete node.position;
  if ('children' in node) for (const child of node.children) dropPositions(child);
}
