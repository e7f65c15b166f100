// One post's markdown to the JSON the cache stores: the same in the main thread
// and in a worker (src/markdown/worker.mjs), so both give identical output.
import type { Root, RootContent } from 'hast';
import { toString as hastToString } from 'hast-util-to-string';
import { VFile } from 'vfile';
import { report } from '../content/messages.ts';
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
  /** The body was refused or its parse failed (RenderedMarkdown.unread). */
  unread?: true;
}

/** The post's body as the JSON of a StoredMarkdown. */
export async function render(job: RenderJob): Promise<string> {
  const file = new VFile({ path: job.path, cwd: job.cwd, value: job.value });
  try {
    // refused before parsing: a line thousands deep costs the parser seconds (unclosed
    // brackets are quadratic in micromark: 8,000 took 9 s) before it overflows the stack
    if (deepestLine(job.value).depth > MAX_DEPTH) throw new RangeError('too deep');
    const { hast, unread } = await renderMarkdown(file, job.settings);
    const messages: StoredMessage[] = file.messages.map(storeMessage);
    const text = hastToString(hast).replace(/\s+/g, ' ').trim();
    const words = text.split(' ').filter(Boolean).length;
    dropPositions(hast);
    return JSON.stringify({ hast, messages, text, words, ...(unread ? { unread } : {}) } satisfies StoredMarkdown);
  } catch (error) {
    // thousands of nested quotes, lists or tags overflow the stack of the
    // parsers and tree walkers (each recursive): the post is refused, not the build
    if (!(error instanceof RangeError)) throw error;
    const { line } = deepestLine(job.value);
    const place = { start: { line, column: 1 }, end: { line: line + 1, column: 1 } };
    const refused = new VFile({ path: job.path, cwd: job.cwd });
    report(
      refused,
      'too-deep',
      'This post nests quotes, lists or HTML elements too deeply to be read (thousands of levels)',
      place,
    );
    const hast: Root = { type: 'root', children: [] };
    return JSON.stringify({
      hast,
      messages: refused.messages.map(storeMessage),
      text: '',
      words: 0,
      unread: true,
    } satisfies StoredMarkdown);
  }
}

/** Nesting no post reaches: quote marks, bullets, opening tags or brackets on one line. */
const MAX_DEPTH = 1000;

/** The line (1-based) whose nesting (quote marks, list bullets, opening tags, brackets) goes deepest. */
function deepestLine(value: string): { line: number; depth: number } {
  let best = { line: 1, depth: -1 };
  let start = 0;
  for (let i = 1; start <= value.length; i++) {
    const end = value.indexOf('\n', start);
    const text = value.slice(start, end < 0 ? value.length : end);
    start = end < 0 ? value.length + 1 : end + 1;
    if (text.length < MAX_DEPTH && best.depth >= 0) continue;
    const prefix = (/^(?:\s*(?:>|[-*+]\s|\d+[.)]\s)\s*|<[a-zA-Z][^>]*>)*/.exec(text)?.[0] ?? '').length / 2;
    const brackets = text.split('[').length - 1;
    const depth = Math.max(prefix, brackets);
    if (depth > best.depth) best = { line: i, depth };
  }
  return best;
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
