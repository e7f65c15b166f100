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

/**
 * Parses `source`, which starts at `lineOffset` lines into `file` (front matter
 * starts on line 2). Syntax errors are reported on `file`.
 */
export function parseYaml(file: VFile, source: string, lineOffset = 0): ParsedYaml {
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const toPoint = (offset: number) => {
    const { line, col } = lines.linePos(offset);
    return { line: line + lineOffset, column: col, offset };
  };
  const range = (r: [number, number, number?] | undefined | null): Position =>
    r ? { start: toPoint(r[0]), end: toPoint(r[1]) } : { start: toPoint(0), end: toPoint(source.length) };

  for (const error of doc.errors) {
    report(file, 'yaml-syntax', `YAML syntax: ${firstLine(error.message)}`, range(error.pos as [number, number]));
  }
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
  return { doc, value: doc.errors.length ? undefined : doc.toJS(), positionOf, ok: doc.errors.length === 0 };
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
  parsed: ParsedYaml,
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
