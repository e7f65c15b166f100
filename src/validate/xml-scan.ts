// A forgiving tag scanner for the publishing checks. It reads start tags and
// their attributes with positions and never expands entities or follows a
// DOCTYPE, so a hostile document costs one linear pass; well-formedness is the
// engine's job, not this one's.

export interface Tag {
  /** Local name, lower-cased, prefix dropped (`xlink:href` attributes keep theirs). */
  name: string;
  attrs: Record<string, string>;
  line: number;
  column: number;
  /** Offset just after the start tag. */
  end: number;
}

const TOKEN =
  /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|<!DOCTYPE[^[>]*(?:\[[\s\S]*?\])?\s*>|<([A-Za-z_][\w:.-]*)((?:\s+[^\s=/>]+(?:\s*=\s*(?:"[^"]*"|'[^']*'))?)*)\s*\/?>/g;
const ATTR = /([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'))?/g;

export function scanTags(text: string): Tag[] {
  const lines = lineStarts(text);
  const tags: Tag[] = [];
  for (const m of text.matchAll(TOKEN)) {
    if (!m[1]) continue;
    const attrs: Record<string, string> = {};
    for (const a of (m[2] ?? '').matchAll(ATTR)) attrs[a[1]!.toLowerCase()] = decodeXml(a[2] ?? a[3] ?? '');
    const { line, column } = position(lines, m.index);
    const qname = m[1].toLowerCase();
    tags.push({ name: qname.slice(qname.indexOf(':') + 1), attrs, line, column, end: m.index + m[0].length });
  }
  return tags;
}

export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

export function position(starts: number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo]! + 1 };
}

/** The five predefined entities and character references; anything else stays as written. */
export function decodeXml(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (_, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' ? Number.parseInt(e.slice(2), 16) : Number.parseInt(e.slice(1), 10);
      return code <= 0x10ffff ? String.fromCodePoint(code) : '';
    }
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[e]!;
  });
}

/** Text between a start tag and the next `<`, for simple elements like `<meta>` and `<dc:title>`. */
export function textAfter(text: string, tag: Tag): string {
  const stop = text.indexOf('<', tag.end);
  return decodeXml(text.slice(tag.end, stop === -1 ? undefined : stop)).trim();
}
