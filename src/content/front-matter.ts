// Front matter as the generators write it: YAML between `---` lines (Jekyll,
// Eleventy, Astro, Hugo), TOML between `+++` lines (Hugo), or a JSON object at
// the very top of the file (Hugo). The block is found here; its text is parsed
// by parseFrontMatterData, with positions, so problems point at the line.
import type { VFile } from 'vfile';
import { escapeRegExp, keyFinder, type ParsedFrontMatter } from './key-positions.ts';
import { report } from './messages.ts';
import { parseToml } from './toml.ts';
import { type ParsedYaml, parseYaml } from './yaml.ts';

export type FrontMatterFormat = 'yaml' | 'toml' | 'json';

export interface FrontMatterBlock {
  format: FrontMatterFormat;
  /** The text between the fences (for JSON, the object itself, braces included). */
  source: string;
  /** 1-based line of the file on which `source` starts. */
  line: number;
  /** The whole block, fences included, as it stands at the top of the file. */
  raw: string;
}

const YAML_BLOCK = /^(?:\uFEFF)?---[ \t]*\r?\n([\s\S]*?)(?:\r?\n)?^(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/m;
const TOML_BLOCK = /^(?:\uFEFF)?\+\+\+[ \t]*\r?\n([\s\S]*?)(?:\r?\n)?^\+\+\+[ \t]*(?:\r?\n|$)/m;

/** The front matter block at the top of `text`, or undefined when the file has none. */
export function splitFrontMatter(text: string): FrontMatterBlock | undefined {
  const start = text.startsWith('\uFEFF') ? 1 : 0;
  if (text.startsWith('---', start)) {
    const m = YAML_BLOCK.exec(text);
    if (m && m.index === 0) return { format: 'yaml', source: m[1]!, line: 2, raw: m[0] };
    return undefined;
  }
  if (text.startsWith('+++', start)) {
    const m = TOML_BLOCK.exec(text);
    if (m && m.index === 0) return { format: 'toml', source: m[1]!, line: 2, raw: m[0] };
    return undefined;
  }
  if (text[start] === '{') {
    const end = jsonObjectEnd(text, start);
    if (end === undefined) return undefined;
    const after = text.slice(end).match(/^[ \t]*(?:\r?\n|$)/);
    if (!after) return undefined;
    return { format: 'json', source: text.slice(start, end), line: 1, raw: text.slice(0, end + after[0].length) };
  }
  return undefined;
}

/** The offset just past the `}` that closes the object opening at `start`, strings respected. */
function jsonObjectEnd(text: string, start: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return undefined;
}

/** Parses a block; problems are reported on `file` at their line in the post. */
export function parseFrontMatterData(file: VFile, block: FrontMatterBlock): ParsedFrontMatter {
  const lineOffset = block.line - 1;
  if (block.format === 'toml') return parseToml(file, block.source, lineOffset);
  if (block.format === 'json') return parseJson(file, block.source);
  const parsed: ParsedYaml = parseYaml(file, block.source, lineOffset, { tolerant: true });
  const value = parsed.value;
  return {
    value:
      value && typeof value === 'object' && !Array.isArray(value)
        ? (value as Record<string, unknown>)
        : parsed.ok
          ? {}
          : undefined,
    positionOf: parsed.positionOf,
    ok: parsed.ok,
  };
}

function parseJson(file: VFile, source: string): ParsedFrontMatter {
  const positionOf = keyFinder(source, 0, (key) => new RegExp(`^\\s*"${escapeRegExp(key)}"\\s*:`));
  try {
    const value = JSON.parse(source) as unknown;
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('front matter must be an object');
    return { value: value as Record<string, unknown>, positionOf, ok: true };
  } catch (error) {
    const message = (error as Error).message;
    const at = /position (\d+)/.exec(message);
    const offset = at ? Number(at[1]) : 0;
    const before = source.slice(0, offset).split('\n');
    const point = { line: before.length, column: before.at(-1)!.length + 1 };
    report(file, 'json-syntax', `JSON front matter: ${message}`, { start: point, end: point });
    return { value: undefined, positionOf, ok: false };
  }
}
