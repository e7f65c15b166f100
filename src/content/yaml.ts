// YAML parsed with positions, and schema issues mapped back to the line and
// column of the offending key, so that a typo in front matter or postbound.yaml
// is reported where it is.
import type { Position } from 'unist';
import type { VFile } from 'vfile';
import { type Document, isNode, LineCounter, parseDocument, visit } from 'yaml';
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
  // not codes of the yaml library: errors it gives a code that fits them badly (see hintFor)
  FLOW_COLLECTION:
    'A list or map in [ ] or { } must be closed, and the lines it continues on indented: tags: [a, b] on one line, or quote a value that starts with [ or {.',
  SEQUENCE_INDENT: 'List items must start in the same column: put every `- ` under the first.',
};

/** The hint for an error: by its code, except where the yaml library uses one code for different mistakes. */
function hintFor(error: { code: string; message: string }): string | undefined {
  if (/^Flow (sequence|map|collection)/.test(error.message)) return SYNTAX_HINTS.FLOW_COLLECTION;
  if (error.code === 'BLOCK_AS_IMPLICIT_KEY' && /block sequence/i.test(error.message)) return SYNTAX_HINTS.SEQUENCE_INDENT;
  return SYNTAX_HINTS[error.code];
}

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
  const isDuplicate = (e: { code: string }) => e.code === 'DUPLICATE_KEY';
  let { doc, lines } = read(source, true);
  let duplicates: typeof doc.errors = [];
  if (options.tolerant && doc.errors.length) {
    if (!doc.errors.every(isDuplicate)) {
      const repaired = repairContinuations(source);
      if (repaired !== source) {
        // the repair only indents lines, so every line keeps its number
        const second = read(repaired, true);
        if (second.doc.errors.every(isDuplicate)) {
          ({ doc, lines } = second);
          source = repaired;
        }
      }
    }
    // duplicate keys: warnings, the last value wins (as in Jekyll and Hugo)
    duplicates = doc.errors.filter(isDuplicate);
    if (duplicates.length === doc.errors.length) ({ doc, lines } = read(source, false));
  }
  const syntax = doc.errors.filter((e) => !duplicates.includes(e));
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
  // report the first error of each line: later ones on the same line follow from it
  const seen = new Set<number>();
  for (const error of syntax) {
    const where = range(openedAt(doc, error) ?? (error.pos as [number, number]));
    if (seen.has(where.start.line)) continue;
    seen.add(where.start.line);
    const message = report(file, 'yaml-syntax', `YAML syntax: ${firstLine(error.message)}`, where);
    const hint = hintFor(error);
    if (hint) message.note = hint;
  }
  const ok = syntax.length === 0;
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
  if (!ok) return { doc, value: undefined, positionOf, ok };
  try {
    const value = doc.toJS();
    // an alias inside its own anchor (`a: &x [*x]`) makes a value that contains itself
    if (source.includes('*')) JSON.stringify(value);
    return { doc, value, positionOf, ok };
  } catch (error) {
    // an alias to an anchor not set (yet), or aliases multiplying into a
    // "billion laughs": the yaml library refuses them when it builds the value
    if (!(error instanceof ReferenceError) && !(error instanceof TypeError)) throw error;
    const alias = /(^|[\s[{,:-])\*[^\s,[\]{}]+/.exec(source);
    const at = alias ? alias.index + alias[1]!.length : 0;
    const reason =
      error instanceof TypeError
        ? 'YAML syntax: an alias (`*name`) inside the value its own anchor names makes a value that contains itself'
        : `YAML syntax: ${firstLine(error.message)}`;
    const message = report(file, 'yaml-syntax', reason, range([at, at + (alias?.[0].length ?? 1)]));
    message.note =
      'An alias (`*name`) repeats the value of an anchor (`&name`) set above it; use it a few times at most, or write the value out.';
    return { doc, value: undefined, positionOf, ok: false };
  }
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
    // a CRLF line keeps its \r, out of the way of the patterns below
    const cr = lines[i]!.endsWith('\r') ? '\r' : '';
    const line = cr ? lines[i]!.slice(0, -1) : lines[i]!;
    const indent = line.length - line.trimStart().length;
    if (owner?.quote) {
      if (indent <= owner.indent) lines[i] = `${' '.repeat(owner.indent + 2)}${line.trimStart()}${cr}`;
      if (closesQuote(line, owner.quote)) owner = undefined;
      continue;
    }
    if (!line.trim() || /^\s*#/.test(line)) {
      if (!line.trim()) owner = undefined;
      continue;
    }
    if (owner && indent <= owner.indent && !KEY_LINE.test(line) && !/^\s*- /.test(line)) {
      lines[i] = `${' '.repeat(owner.indent + 2)}${line.trimStart()}${cr}`;
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

/**
 * Where the quote or bracket an error says is not closed was opened: the parser
 * reports it where it gave up, lines below the value that lacks it.
 */
function openedAt(doc: Document, error: { message: string; pos: [number, number] }): [number, number] | undefined {
  const quote = /^Missing closing .?quote/.test(error.message);
  const flow = /^Flow (sequence|map|collection)/.test(error.message);
  if (!quote && !flow) return undefined;
  let at: [number, number] | undefined;
  const opening = (node: { range?: [number, number, number] | null }) => {
    if (node.range && node.range[1] === error.pos[0]) at = [node.range[0], node.range[0] + 1];
  };
  visit(doc, {
    Scalar(_key, node) {
      if (quote && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE')) opening(node);
    },
    Seq(_key, node) {
      if (flow && node.flow) opening(node);
    },
    Map(_key, node) {
      if (flow && node.flow) opening(node);
    },
  });
  return at;
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
    } else if (
      (issue.code === 'invalid_type' || issue.code === 'invalid_union') &&
      valueAt(parsed.value, issue.path) === undefined
    ) {
      // zod does not report the input: a field is missing only when it is not in the value
      reason = `${what} needs ${where}${issue.code === 'invalid_type' ? ` (${issue.expected})` : ''}`;
    } else {
      reason = `${where} in ${what}: ${issue.message}`;
    }
    report(file, id, reason, parsed.positionOf(issue.path));
  }
  return undefined;
}

function valueAt(value: unknown, path: PropertyKey[]): unknown {
  let here = value;
  for (const key of path) {
    if (!here || typeof here !== 'object') return undefined;
    here = (here as Record<PropertyKey, unknown>)[key];
  }
  return here;
}

function firstLine(text: string): string {
  return text.split('\n')[0].trim();
}
