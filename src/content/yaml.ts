// YAML parsed with positions, and schema issues mapped back to the line and
// column of the offending key, so that a typo in front matter or postbound.yaml
// is reported where it is.
import type { Position } from 'unist';
import type { VFile } from 'vfile';
import { type Document, isNode, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { type ContentMessageId, report } from './messages.ts';

export interface ParsedYaml {
  doc: Document;
  value: unknown;
  /** Position of a path in the document, or of the whole block when the path is absent. */
  positionOf(path: PropertyKey[]): Position;
  ok: boolean;
}

export interface YamlOptions {
  /**
   * Read front matter as Jekyll, Hugo and js-yaml do: YAML 1.1 booleans (yes/no),
   * duplicate keys (the last wins, with a warning), continuation lines of a
   * plain or quoted value that are not indented. Dates stay as written.
   */
  tolerant?: boolean;
}

// YAML 1.1 as Ruby's Psych reads it: yes/no/on/off are booleans, but y and n stay
// letters; dates are read by postbound itself, as written (a YAML timestamp
// would lose the offset).
const psychBool = {
  identify: (value: unknown) => typeof value === 'boolean',
  default: true,
  tag: 'tag:yaml.org,2002:bool',
  test: /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE|[Yy]es|YES|[Nn]o|NO|[Oo]n|ON|[Oo]ff|OFF)$/,
  resolve: (text: string) => /^(?:true|yes|on)$/i.test(text),
};
const tolerantTags = (tags: { tag?: string }[]) => [
  psychBool,
  ...tags.filter((t) => t.tag !== 'tag:yaml.org,2002:timestamp' && t.tag !== 'tag:yaml.org,2002:bool'),
];

/** Hints for the syntax errors writers make most, by the yaml library's error code. */
const SYNTAX_HINTS: Record<string, string> = {
  BLOCK_AS_IMPLICIT_KEY: 'A value that holds ": " needs quotes: title: "Step 1: begin".',
  MULTILINE_IMPLICIT_KEY:
    'A line here is neither `key: value` nor part of the value above. Put the whole value in quotes, indent its continuation lines, or add the missing `:`.',
  MISSING_CHAR: 'A quote or bracket opened here is not closed: close it, or quote the whole value with the other kind of quote.',
  BAD_SCALAR_START: 'A value cannot start with @, ` or % unless it is quoted: put it in double quotes.',
  TAB_AS_INDENT: 'Indent with spaces, not tabs.',
  BAD_INDENT: 'Keys of the same level must start in the same column; list items need the same indentation.',
  UNEXPECTED_TOKEN: 'Quote the value if it holds characters YAML reserves ([ ] { } , # & * ! | > % @ `).',
  DUPLICATE_KEY: 'Delete one of the two.',
};

/**
 * Parses `source`, which starts at `lineOffset` lines into `file` (front matter
 * starts on line 2). Syntax errors are reported on `file`.
 */
export function parseYaml(file: VFile, source: string, lineOffset = 0, options: YamlOptions = {}): ParsedYaml {
  const read = (text: string, uniqueKeys: boolean) => {
    const lines = new LineCounter();
    const doc = options.tolerant
      ? parseDocument(text, {
          lineCounter: lines,
          prettyErrors: false,
          uniqueKeys,
          version: '1.1',
          customTags: tolerantTags as never,
        })
      : parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys });
    return { doc, lines };
  };
  let { doc, lines } = read(source, true);
  let duplicates: typeof doc.errors = [];
  if (options.tolerant && doc.errors.length) {
    // duplicate keys: warnings, the last value wins (as in Jekyll and Hugo)
    duplicates = doc.errors.filter((e) => e.code === 'DUPLICATE_KEY');
    if (duplicates.length === doc.errors.length) ({ doc, lines } = read(source, false));
    else {
      const repaired = repairContinuations(source);
      if (repaired !== source) {
        const second = read(repaired, false);
        if (!second.doc.errors.length) {
          // the repair only indents lines, so offsets map back line by line
          const again = read(source, true);
          duplicates = again.doc.errors.filter((e) => e.code === 'DUPLICATE_KEY');
          ({ doc, lines } = second);
          source = repaired;
        }
      }
    }
  }
  const toPoint = (offset: number) => {
    const { line, col } = lines.linePos(offset);
    return { line: line + lineOffset, column: col, offset };
  };
  const range = (r: [number, number, number?] | undefined | null): Position =>
    r ? { start: toPoint(r[0]), end: toPoint(r[1]) } : { start: toPoint(0), end: toPoint(source.length) };

  for (const error of duplicates) {
    const lineStart = source.lastIndexOf('\n', error.pos[0] - 1) + 1;
    const key = /^\s*(?:-\s+)?["']?([^:"']+)/.exec(source.slice(lineStart))?.[1]?.trim() || 'a key';
    report(
      file,
      'duplicate-key',
      `\`${key}\` appears twice; the last value is used`,
      range(error.pos as [number, number]),
      'warning',
    );
  }
  if (doc.errors.length && duplicates.length === 0) {
    // report the first error of each line: later ones on the same line follow from it
    const seen = new Set<number>();
    for (const error of doc.errors) {
      const where = range(error.pos as [number, number]);
      if (seen.has(where.start.line)) continue;
      seen.add(where.start.line);
      const message = report(file, 'yaml-syntax', `YAML syntax: ${firstLine(error.message)}`, where);
      const hint = SYNTAX_HINTS[error.code];
      if (hint) message.note = hint;
    }
  }
  const ok = duplicates.length ? true : doc.errors.length === 0;
  const positionOf = (path: PropertyKey[]): Position => {
    // Walk up the path until a node exists: a missing key is reported at its parent.
    for (let n = path.length; n >= 0; n--) {
      const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n) as unknown[], true);
      if (isNode(node) && node.range) {
        // Point at the key rather than the value when the path ends on a map entry.
        const pair = n > 0 ? findPair(doc, path.slice(0, n)) : undefined;
        if (pair?.range) return range(pair.range);
        return range(node.range as [number, number, number]);
      }
    }
    return range(undefined);
  };
  return { doc, value: ok ? doc.toJS() : undefined, positionOf, ok };
}

const KEY_LINE = /^\s*(?:-\s+)?(?:"[^"]*"|'[^']*'|[^\s#'"\-?:,[\]{}][^:#]*?)\s*:(?:\s|$)/;

/**
 * Indents the continuation lines of a value that its writer left at the margin,
 * as Jekyll's and Hugo's readers accept: after `key: plain text` or `key: "an
 * open quote`, a line that is not itself `key:`, a list item or a comment.
 * Only whitespace is added, so every line keeps its number.
 */
export function repairContinuations(source: string): string {
  const lines = source.split('\n');
  let owner: { indent: number; quote?: '"' | "'" } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const indent = line.length - line.trimStart().length;
    if (owner?.quote) {
      if (indent <= owner.indent) lines[i] = `${' '.repeat(owner.indent + 2)}${line.trimStart()}`;
      if (closesQuote(line, owner.quote)) owner = undefined;
      continue;
    }
    if (!line.trim() || /^\s*#/.test(line)) {
      if (!line.trim()) owner = undefined;
      continue;
    }
    if (owner && indent <= owner.indent && !KEY_LINE.test(line) && !/^\s*- /.test(line)) {
      lines[i] = `${' '.repeat(owner.indent + 2)}${line.trimStart()}`;
      continue;
    }
    const m = /^(\s*)(?:-\s+)?[^:#]+?:[ \t]+(\S.*)$/.exec(line);
    owner = undefined;
    if (!m || !KEY_LINE.test(line)) continue;
    const value = m[2]!;
    const first = value[0];
    if (first === '"' || first === "'") {
      if (!closesQuote(value.slice(1), first)) owner = { indent: m[1]!.length, quote: first };
    } else if (!/^[[{|>&*!%@`]/.test(value)) owner = { indent: m[1]!.length };
  }
  return lines.join('\n');
}

function closesQuote(text: string, quote: '"' | "'"): boolean {
  if (quote === '"') return /(^|[^\\])(\\\\)*"/.test(text);
  return /'(?!')/.test(text.replace(/''/g, ''));
}

function findPair(doc: Document, path: PropertyKey[]): { range?: [number, number, number] } | undefined {
  const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1) as unknown[], true);
  const key = path[path.length - 1];
  if (parent && typeof parent === 'object' && 'items' in parent && Array.isArray(parent.items)) {
    for (const item of parent.items as { key?: { value?: unknown; range?: [number, number, number] } }[]) {
      if (item && typeof item === 'object' && item.key && item.key.value === key) return { range: item.key.range };
    }
  }
  return undefined;
}

/** Validates `parsed.value` against `schema`; every issue becomes a positioned message. */
export function validateYaml<S extends z.ZodType>(
  file: VFile,
  parsed: Pick<ParsedYaml, 'ok' | 'value' | 'positionOf'>,
  schema: S,
  id: ContentMessageId,
  what: string,
): z.infer<S> | undefined {
  if (!parsed.ok) return undefined;
  const result = schema.safeParse(parsed.value ?? {});
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const where = issue.path.length ? `\`${issue.path.join('.')}\`` : what;
    let reason: string;
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const path = [...issue.path, key];
        report(
          file,
          id,
          `Unknown field \`${path.join('.')}\` in ${what}: remove it or check its spelling`,
          parsed.positionOf(path),
        );
      }
      continue;
    } else if (issue.code === 'invalid_type' && issue.input === undefined) {
      reason = `${what} needs ${where} (${issue.expected})`;
    } else {
      reason = `${where} in ${what}: ${issue.message}`;
    }
    report(file, id, reason, parsed.positionOf(issue.path));
  }
  return undefined;
}

function firstLine(text: string): string {
  return text.split('\n')[0].trim();
}
