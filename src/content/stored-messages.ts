// Messages kept in a cache (parsed posts, books) and replayed on a later build,
// so a build that reuses work still reports what that work found.
import type { VFile } from 'vfile';
import type { VFileMessage } from 'vfile-message';

export interface StoredMessage {
  reason: string;
  ruleId?: string;
  source?: string;
  fatal?: boolean | null;
  note?: string;
  url?: string;
  start?: { line: number; column: number };
  end?: { line: number; column: number };
}

export function storeMessage(m: VFileMessage): StoredMessage {
  const place = m.place;
  const start = place && 'start' in place ? place.start : m.line ? { line: m.line, column: m.column ?? 1 } : undefined;
  const end = place && 'end' in place ? place.end : undefined;
  return {
    reason: m.reason,
    ruleId: m.ruleId ?? undefined,
    source: m.source ?? undefined,
    fatal: m.fatal,
    note: m.note ?? undefined,
    url: m.url ?? undefined,
    start: start && { line: start.line, column: start.column },
    end: end && { line: end.line, column: end.column },
  };
}

export function replayMessage(file: VFile, m: StoredMessage): VFileMessage {
  const place = m.start ? (m.end ? { start: m.start, end: m.end } : m.start) : undefined;
  const message = file.message(m.reason, { place, ruleId: m.ruleId, source: m.source });
  message.fatal = m.fatal;
  if (m.note) message.note = m.note;
  if (m.url) message.url = m.url;
  return message;
}
