// What a report shows beside a message: the offending lines of the file inside
// the EPUB, and, for a book postbound built, the post and the line of markdown
// the located content came from. The EPUB carries no line map back to the
// markdown, so the line is found by the text: the words of the offending XHTML
// line (or of the nearest line above it that has words) looked up in the post.
import type { Location, ValidationMessage } from './types.ts';

/** Lines shown on each side of the offending one. */
const AROUND = 2;
/** A line longer than this is cut (minified XHTML puts a chapter on one line). */
const MAX_LINE = 240;
/** Messages past this many get no excerpt: a report of thousands stays small. */
const MAX_EXCERPTS = 500;

const utf8 = new TextDecoder('utf-8', { fatal: false });

/**
 * Adds `excerpt` to every location with a line, read through `read` (each
 * file split once). Only text files: XHTML, CSS, the package document, NCX.
 */
export function attachExcerpts(messages: ValidationMessage[], read: (path: string) => Uint8Array | undefined): void {
  const files = new Map<string, string[] | undefined>();
  const linesOf = (path: string) => {
    if (!files.has(path)) {
      const bytes = /\.(x?html?|css|opf|ncx|xml|svg)$/i.test(path) ? read(path) : undefined;
      files.set(path, bytes ? utf8.decode(bytes).split(/\r\n|\r|\n/) : undefined);
    }
    return files.get(path);
  };
  let budget = MAX_EXCERPTS;
  for (const m of messages) {
    for (const l of m.locations) {
      if (!l.line || !l.path || budget <= 0) continue;
      const lines = linesOf(l.path);
      if (!lines || l.line > lines.length) continue;
      const first = Math.max(1, l.line - AROUND);
      const last = Math.min(lines.length, l.line + AROUND);
      l.excerpt = { first, lines: lines.slice(first - 1, last).map((s) => cut(s, l.column)) };
      budget--;
    }
  }
}

/** A long line cut to MAX_LINE characters around the column. */
function cut(line: string, column?: number): string {
  if (line.length <= MAX_LINE) return line;
  const start = Math.max(0, Math.min(line.length - MAX_LINE, (column ?? 1) - MAX_LINE / 2));
  return `${start > 0 ? '…' : ''}${line.slice(start, start + MAX_LINE)}${start + MAX_LINE < line.length ? '…' : ''}`;
}

/**
 * Sets `source` on each message located in a file `sources` maps to a post;
 * with `readSource` (the post's markdown by its path), also the line.
 */
export function attachSources(
  messages: ValidationMessage[],
  sources: Record<string, string>,
  read: (path: string) => Uint8Array | undefined,
  readSource?: (file: string) => string | undefined,
): void {
  const markdown = new Map<string, string[] | undefined>();
  const docs = new Map<string, string[] | undefined>();
  for (const m of messages) {
    if (m.source) continue;
    const at = m.locations.find((l) => sources[l.path]);
    if (!at) continue;
    const file = sources[at.path]!;
    m.source = { file };
    if (!readSource || !at.line) continue;
    if (!markdown.has(file)) markdown.set(file, readSource(file)?.split(/\r\n|\r|\n/));
    if (!docs.has(at.path)) {
      const bytes = read(at.path);
      docs.set(at.path, bytes ? utf8.decode(bytes).split(/\r\n|\r|\n/) : undefined);
    }
    const line = markdownLine(docs.get(at.path), at, markdown.get(file));
    if (line) m.source.line = line;
  }
}

/** The markdown line holding the words of the XHTML line at `at`, or of the nearest line above it with words. */
export function markdownLine(xhtml: string[] | undefined, at: Location, md: string[] | undefined): number | undefined {
  if (!xhtml || !md || !at.line) return undefined;
  const plain = md.map(plainMarkdown);
  for (let n = at.line; n >= Math.max(1, at.line - 30); n--) {
    const phrase = wordsOf(xhtml[n - 1] ?? '');
    if (!phrase) continue;
    const i = plain.findIndex((l) => l.includes(typography(phrase)));
    if (i !== -1) return i + 1;
  }
  return undefined;
}

/** The first words (up to six) of the longest run of text between tags, or undefined when it is too short to find. */
function wordsOf(line: string): string | undefined {
  const runs = line
    .split(/<[^>]*>?/)
    .map((s) => decodeEntities(s).replace(/\s+/g, ' ').trim())
    .filter(Boolean);
  const longest = runs.sort((a, b) => b.length - a.length)[0];
  if (!longest || longest.length < 8) return undefined;
  return longest.split(' ').slice(0, 6).join(' ');
}

/** A markdown line as text: emphasis marks, link brackets and targets, and heading marks dropped. */
function plainMarkdown(line: string): string {
  return line
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`~]+/g, '')
    .replace(/^\s{0,3}(#{1,6}|>|[-+*]|\d+[.)])\s+/, '')
    .replace(/\s+/g, ' ')
    .replace(/.*/, typography);
}

/** Quotes and dashes as typed, whichever way the markdown stage made them curly. */
function typography(s: string): string {
  return s.replace(/[‘’]/g, "'").replace(/[“”]/g, '"').replace(/—|---/g, '-').replace(/–|--/g, '-').replace(/…/g, '...');
}

function decodeEntities(s: string): string {
  return s
    .replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(Number.parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)))
    .replace(
      /&(amp|lt|gt|quot|apos|nbsp);/g,
      (_, n: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' })[n]!,
    );
}
