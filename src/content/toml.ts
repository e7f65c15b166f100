// TOML front matter (Hugo's `+++` blocks), with smol-toml. Its errors carry a
// line and column; keys are found by their text for later messages.
import { parse, TomlError } from 'smol-toml';
import type { VFile } from 'vfile';
import { escapeRegExp, keyFinder, type ParsedFrontMatter } from './key-positions.ts';
import { report } from './messages.ts';

export function parseToml(file: VFile, source: string, lineOffset: number): ParsedFrontMatter {
  const positionOf = keyFinder(source, lineOffset, (key) => new RegExp(`^\\s*["']?${escapeRegExp(key)}["']?\\s*=`));
  try {
    return { value: tomlToPlain(parse(source)) as Record<string, unknown>, positionOf, ok: true };
  } catch (error) {
    const line = error instanceof TomlError ? error.line : 1;
    const column = error instanceof TomlError ? error.column : 1;
    const first = String((error as Error).message).split('\n')[0];
    const point = { line: line + lineOffset, column };
    report(file, 'toml-syntax', `TOML front matter: ${first}`, { start: point, end: point });
    return { value: undefined, positionOf, ok: false };
  }
}

/** smol-toml's dates are TomlDate (a Date subclass) whose toISOString gives the value as written: `2021-04-03`, `2021-04-03T09:00:00.000+02:00`. */
function tomlToPlain(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(tomlToPlain);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, tomlToPlain(v)]));
  return value;
}
