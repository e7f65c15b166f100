// How `build` and `serve` print the messages of a build: one formatter, three
// shapes. `text` for a person (grouped by file, each message with its hint),
// `json` for a program, `github` for GitHub Actions' annotations.
//
//   content/posts/2025-01-02-first.md:3:7  error  `date` in the front matter: …  front-matter-invalid
//     hint: Required: `title` and `date` (YYYY-MM-DD). …
//
//   1 error, 0 warnings
import { isAbsolute, join, relative, sep } from 'node:path';
import type { VFile } from 'vfile';
import type { VFileMessage } from 'vfile-message';
import { contentMessages } from '../content/messages.ts';

export const REPORTERS = ['text', 'json', 'github'] as const;
export type ReporterName = (typeof REPORTERS)[number];

export type Severity = 'error' | 'warning' | 'info';

/** One message, flat: what every reporter prints. */
export interface Message {
  /** Relative to the current folder (forward slashes), so a terminal, an editor or GitHub can open it. */
  file: string;
  line: number | null;
  column: number | null;
  endLine: number | null;
  endColumn: number | null;
  severity: Severity;
  id: string | null;
  message: string;
  /** What to do about it. */
  hint: string | null;
  url: string | null;
}

export interface FormatOptions {
  /** Leave out hints and info-level notes (warnings and errors stay). */
  quiet?: boolean;
  /** ANSI colours (text only); see `useColor`. */
  color?: boolean;
}

/** Colours only on a terminal, and never with NO_COLOR or CI set (https://no-color.org). */
export function useColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  return stream.isTTY === true && !env.NO_COLOR && !env.CI;
}

/**
 * Every message of `files`, grouped by file (files of the same path, such as
 * the config and the build's own messages on postbound.yaml, form one group in
 * the place of the first), by position within a file.
 */
export function collectMessages(files: VFile[], cwd: string = process.cwd()): Message[] {
  const groups = new Map<string, Message[]>();
  for (const file of files) {
    const path = displayPath(file, cwd);
    const list = groups.get(path) ?? [];
    list.push(...file.messages.map((m) => flatten(path, m)));
    groups.set(path, list);
  }
  const byPlace = (a: Message, b: Message) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0);
  // (a stable sort: messages at the same place keep the order they were made in)
  return [...groups.values()].flatMap((list) => list.sort(byPlace));
}

function displayPath(file: VFile, cwd: string): string {
  const path = file.path ?? '';
  if (!path) return '<input>';
  const abs = isAbsolute(path) ? path : join(file.cwd, path);
  return (relative(cwd, abs) || path).split(sep).join('/');
}

function flatten(file: string, m: VFileMessage): Message {
  const place = m.place;
  const end = place && 'end' in place ? place.end : undefined;
  const id = m.ruleId ?? null;
  const known = id && Object.hasOwn(contentMessages, id) ? contentMessages[id as keyof typeof contentMessages] : undefined;
  return {
    file,
    line: m.line ?? null,
    column: m.column ?? null,
    endLine: end?.line ?? null,
    endColumn: end?.column ?? null,
    severity: m.fatal === true ? 'error' : m.fatal === false ? 'warning' : 'info',
    id,
    message: m.reason,
    hint: m.note ?? known?.hint ?? null,
    url: m.url ?? null,
  };
}

export function countMessages(messages: Message[]): { errors: number; warnings: number; infos: number } {
  const count = (s: Severity) => messages.filter((m) => m.severity === s).length;
  return { errors: count('error'), warnings: count('warning'), infos: count('info') };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `file:line:column` (the file alone when the message has no position). */
export function location(m: Pick<Message, 'file' | 'line' | 'column'>): string {
  return m.line ? `${m.file}:${m.line}:${m.column ?? 1}` : m.file;
}

/**
 * The report for a person: `file:line:column  severity  message  id`, the hint on
 * the next line, a blank line between files, then the count. Empty when there is
 * nothing to say.
 */
export function formatText(all: Message[], options: FormatOptions = {}): string {
  const messages = options.quiet ? all.filter((m) => m.severity !== 'info') : all;
  if (!messages.length) return '';
  const paint = (code: string, text: string) => (options.color ? `\x1b[${code}m${text}\x1b[0m` : text);
  const tone: Record<Severity, string> = { error: '31', warning: '33', info: '34' };
  const width = Math.max(...messages.map((m) => location(m).length));
  const out: string[] = [];
  let previous: string | undefined;
  for (const m of messages) {
    if (previous !== undefined && m.file !== previous) out.push('');
    previous = m.file;
    const where = location(m).padEnd(width);
    const severity = paint(tone[m.severity], m.severity.padEnd(7));
    const id = m.id ? `  ${paint('2', m.id)}` : '';
    out.push(`${options.color ? paint('1', where) : where}  ${severity}  ${m.message}${id}`);
    if (m.hint && !options.quiet) out.push(paint('2', `  hint: ${m.hint}`));
  }
  const { errors, warnings, infos } = countMessages(messages);
  const counts = [plural(errors, 'error'), plural(warnings, 'warning')];
  if (infos) counts.push(plural(infos, 'note'));
  out.push('', paint(errors ? '31' : warnings ? '33' : '2', counts.join(', ')));
  return out.join('\n');
}

/** `{ messages, errors, warnings, ok }`, one JSON document. */
export function formatJson(all: Message[], ok: boolean, options: FormatOptions = {}): string {
  const messages = options.quiet ? all.filter((m) => m.severity !== 'info') : all;
  const { errors, warnings } = countMessages(messages);
  return JSON.stringify({ messages, errors, warnings, ok }, null, 2);
}

/**
 * GitHub Actions workflow commands, one line per message:
 * `::error file=F,line=L,col=C,endLine=…,endColumn=…,title=ID::MESSAGE — HINT`.
 * (https://docs.github.com/actions/reference/workflow-commands-for-github-actions)
 */
export function formatGithub(all: Message[], options: FormatOptions = {}): string {
  const messages = options.quiet ? all.filter((m) => m.severity !== 'info') : all;
  const command: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };
  return messages
    .map((m) => {
      const properties: [string, string | number | null][] = [
        ['file', m.file],
        ['line', m.line],
        ['col', m.column],
        ['endLine', m.endLine],
        ['endColumn', m.endColumn],
        ['title', m.id],
      ];
      const props = properties
        .filter(([, v]) => v !== null && v !== '')
        .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
        .join(',');
      const text = m.hint && !options.quiet ? `${m.message} — ${m.hint}` : m.message;
      return `::${command[m.severity]} ${props}::${escapeData(text)}`;
    })
    .join('\n');
}

/** As @actions/core escapes a command's message. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** As @actions/core escapes a command's property values. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** The report in the named shape (text for a terminal: pass `color`). */
export function formatMessages(reporter: ReporterName, messages: Message[], ok: boolean, options: FormatOptions = {}): string {
  if (reporter === 'json') return formatJson(messages, ok, options);
  if (reporter === 'github') return formatGithub(messages, options);
  return formatText(messages, options);
}
