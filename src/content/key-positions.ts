// Where a key stands in a front matter block whose parser gives no positions
// (TOML, JSON): found by its text, so a message can still point at its line.
import type { Position } from 'unist';

/** A front matter block parsed: its value (undefined when it does not parse) and where each key is. */
export interface ParsedFrontMatter {
  value: Record<string, unknown> | undefined;
  positionOf(path: PropertyKey[]): Position;
  ok: boolean;
}

/** Positions of a flat key, found by its text: good enough for TOML and JSON, whose parsers give none. */
export function keyFinder(source: string, lineOffset: number, keyPattern: (key: string) => RegExp) {
  const lines = source.split(/\r?\n/);
  const block: Position = {
    start: { line: lineOffset + 1, column: 1 },
    end: { line: lineOffset + lines.length, column: (lines.at(-1)?.length ?? 0) + 1 },
  };
  return (path: PropertyKey[]): Position => {
    const key = path[0];
    if (typeof key !== 'string') return block;
    const re = keyPattern(key);
    for (const [i, line] of lines.entries()) {
      const m = re.exec(line);
      if (m) {
        const column = m.index + (m[0].length - m[0].trimStart().length) + 1;
        return { start: { line: lineOffset + i + 1, column }, end: { line: lineOffset + i + 1, column: line.length + 1 } };
      }
    }
    return block;
  };
}

/** `key` as a literal inside a regular expression. */
export function escapeRegExp(key: string): string {
  return key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
