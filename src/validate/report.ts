// Two views of a validation report: EPUBCheck's own JSON shape, so tools that
// read `epubcheck --json` read ours, and a human one grouped by file.
import { basename } from 'node:path';
import { SEVERITIES, type ValidationMessage, type ValidationReport } from './types.ts';

export interface EpubcheckJsonLocation {
  path: string;
  line: number;
  column: number;
  context: string | null;
}
export interface EpubcheckJsonMessage {
  ID: string;
  /** postbound's own id when `ID` is EPUBCheck's id for the same finding (not in EPUBCheck's own report). */
  postboundID?: string;
  severity: 'FATAL' | 'ERROR' | 'WARNING' | 'INFO' | 'USAGE';
  message: string;
  additionalLocations: number;
  locations: EpubcheckJsonLocation[];
  suggestion: string | null;
}
export interface EpubcheckJson {
  messages: EpubcheckJsonMessage[];
  customMessageFileName: null;
  checker: {
    path: string;
    filename: string;
    checkerVersion: string;
    checkDate: string;
    elapsedTime: number;
    nFatal: number;
    nError: number;
    nWarning: number;
    nUsage: number;
  };
  publication: Record<string, unknown>;
  items: Record<string, unknown>[];
}

/** EPUBCheck's `--json` report for each file: one object for one report, an array for several. */
export function toEpubcheckJson(reports: ValidationReport): EpubcheckJson;
export function toEpubcheckJson(reports: ValidationReport[]): EpubcheckJson | EpubcheckJson[];
export function toEpubcheckJson(reports: ValidationReport | ValidationReport[]): EpubcheckJson | EpubcheckJson[] {
  if (!Array.isArray(reports)) return one(reports);
  return reports.length === 1 ? one(reports[0]!) : reports.map(one);
}

function one(r: ValidationReport): EpubcheckJson {
  // EPUBCheck lists a message once with all the places it occurs.
  const grouped = new Map<string, EpubcheckJsonMessage>();
  for (const m of r.messages) {
    const key = `${m.id}\u0000${m.severity}\u0000${m.message}`;
    let g = grouped.get(key);
    if (!g) {
      g = {
        ID: m.id,
        ...(m.postboundId ? { postboundID: m.postboundId } : {}),
        severity: m.severity.toUpperCase() as EpubcheckJsonMessage['severity'],
        message: m.message,
        additionalLocations: 0,
        locations: [],
        suggestion: m.hint ?? null,
      };
      grouped.set(key, g);
    }
    for (const l of m.locations) {
      g.locations.push({ path: l.path, line: l.line ?? -1, column: l.column ?? -1, context: l.context ?? null });
    }
  }
  const c = r.counts;
  return {
    messages: [...grouped.values()],
    customMessageFileName: null,
    checker: {
      path: r.path,
      filename: basename(r.path),
      checkerVersion: r.checkers.join(', '),
      checkDate: new Date().toISOString(),
      elapsedTime: Math.round(r.elapsedMs),
      nFatal: c.fatal,
      nError: c.error,
      nWarning: c.warning,
      nUsage: c.usage,
    },
    publication: {
      title: r.publication.title ?? null,
      creator: r.publication.creators ?? [],
      publisher: r.publication.publisher ?? null,
      identifier: r.publication.identifier ?? null,
      language: r.publication.language ?? null,
      ePubVersion: r.publication.version ?? null,
    },
    items: r.items.map((i) => ({
      id: i.id ?? null,
      fileName: i.fileName,
      media_type: i.mediaType ?? null,
      compressedSize: i.compressedSize,
      uncompressedSize: i.uncompressedSize,
      compressionMethod: i.compressionMethod,
    })),
  };
}

/** EPUBCheck's id with postbound's beside it: `OPF-060 (PB-ZIP-007)`. */
export function shownId(m: Pick<ValidationMessage, 'id' | 'postboundId'>): string {
  return m.postboundId ? `${m.id} (${m.postboundId})` : m.id;
}

const ORDER = Object.fromEntries(SEVERITIES.map((s, i) => [s, i]));

/** A report for people: per file, `path:line:column  severity  id  message`, the hint below. */
export function formatReport(reports: ValidationReport | ValidationReport[]): string {
  const list = Array.isArray(reports) ? reports : [reports];
  const lines: string[] = [];
  for (const r of list) {
    lines.push(`${r.path}: ${r.valid ? 'valid' : 'NOT valid'}`);
    const byFile = new Map<string, ValidationMessage[]>();
    for (const m of r.messages) {
      const p = m.locations[0]?.path ?? '';
      byFile.set(p, [...(byFile.get(p) ?? []), m]);
    }
    for (const [file, msgs] of [...byFile].sort(([a], [b]) => a.localeCompare(b))) {
      const from = msgs.find((m) => m.source)?.source;
      lines.push('', `  ${file || '(container)'}${from ? `  (from ${from.file})` : ''}`);
      msgs.sort((a, b) => (a.locations[0]?.line ?? 0) - (b.locations[0]?.line ?? 0) || ORDER[a.severity]! - ORDER[b.severity]!);
      for (const m of msgs) {
        const l = m.locations[0];
        const place = l
          ? `${l.path || '(container)'}${l.line ? `:${l.line}` : ''}${l.line && l.column ? `:${l.column}` : ''}`
          : '';
        lines.push(`    ${place}  ${m.severity}  ${shownId(m)}  ${m.message}`);
        if (m.source) lines.push(`      from ${m.source.file}${m.source.line ? `:${m.source.line}` : ''}`);
        const more = m.locations.slice(1).filter((x) => x.path);
        if (more.length) {
          const shown = more.slice(0, 5).map((x) => `${x.path}${x.line ? `:${x.line}` : ''}`);
          lines.push(`      also at ${shown.join(', ')}${more.length > 5 ? ` and ${more.length - 5} more` : ''}`);
        }
        if (m.hint) lines.push(`      hint: ${m.hint}`);
      }
    }
    const c = r.counts;
    const parts = SEVERITIES.filter((s) => c[s]).map((s) => `${c[s]} ${s}${c[s] === 1 ? '' : s === 'usage' ? '' : 's'}`);
    lines.push(
      '',
      `  ${parts.length ? parts.join(', ') : 'no problems'} (${Math.round(r.elapsedMs)} ms, ${r.checkers.join(' + ')})`,
      '',
    );
  }
  return lines.join('\n');
}
