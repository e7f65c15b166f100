// Reads an export or feed as XML without trusting it: no DTD, no entity
// expansion, bounded sizes. Text-bearing elements are kept raw (stop nodes) so
// that CDATA and escaped markup can be told apart and decoded exactly once.
import { XMLParser } from 'fast-xml-parser';

export const MAX_XML_BYTES = 256 * 1024 * 1024;

export type FeedFormat = 'wxr' | 'rss' | 'atom';

export class XmlImportError extends Error {
  constructor(
    message: string,
    readonly ruleId: string,
    readonly line?: number,
  ) {
    super(message);
  }
}

/** Leaf elements read as raw text; see `xmlText`. */
const LEAVES = [
  'title',
  'link',
  'guid',
  'pubDate',
  'published',
  'updated',
  'id',
  'dc:creator',
  'description',
  'content:encoded',
  'excerpt:encoded',
  'content',
  'summary',
  'category',
  'wp:post_id',
  'wp:post_date',
  'wp:post_date_gmt',
  'wp:post_name',
  'wp:status',
  'wp:post_type',
  'wp:post_parent',
  'wp:attachment_url',
  'wp:meta_key',
  'wp:meta_value',
  'wp:post_password',
  'wp:comment_approved',
  'wp:comment_type',
  'wp:base_site_url',
  'wp:base_blog_url',
];

const ARRAYS = new Set([
  'item',
  'entry',
  'category',
  'link',
  'wp:postmeta',
  'wp:comment',
  'wp:category',
  'wp:tag',
  'wp:term',
  'wp:author',
]);

/**
 * Rejects a document type declaration with an internal subset: entity
 * declarations are how "billion laughs" and external-entity attacks start, and
 * no WordPress export or feed needs one (XML 1.0 §2.8). Only the prolog is
 * scanned, so a bomb fails before any work is done on it.
 */
export function checkProlog(text: string): void {
  let i = 0;
  for (;;) {
    while (i < text.length && /\s|\uFEFF/.test(text[i])) i++;
    if (text.startsWith('<?', i)) {
      const end = text.indexOf('?>', i);
      if (end < 0) break;
      i = end + 2;
    } else if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i);
      if (end < 0) break;
      i = end + 3;
    } else if (text.startsWith('<!DOCTYPE', i) || text.startsWith('<!doctype', i)) {
      const line = text.slice(0, i).split('\n').length;
      const close = text.indexOf('>', i);
      const bracket = text.indexOf('[', i);
      if ((bracket >= 0 && (close < 0 || bracket < close)) || /<!ENTITY/i.test(text.slice(i, i + 65536))) {
        throw new XmlImportError(
          'The file declares a DTD with entities (<!DOCTYPE … [<!ENTITY …]>). postbound does not expand entities, because an entity bomb or an external entity can exhaust memory or read local files. Export the feed again without a DOCTYPE.',
          'import-dtd',
          line,
        );
      }
      if (close < 0) break;
      i = close + 1;
    } else break;
  }
}

const ENTITY = /&(?:#(\d{1,7})|#x([0-9a-fA-F]{1,6})|(lt|gt|amp|quot|apos));/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decodes the five predefined XML entities and character references (XML 1.0 §4.6). */
export function decodeEntities(text: string): string {
  return text.replace(ENTITY, (_all, dec?: string, hex?: string, name?: string) => {
    if (name) return NAMED[name];
    const code = dec ? Number.parseInt(dec, 10) : Number.parseInt(hex ?? '', 16);
    if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\uFFFD';
    return String.fromCodePoint(code);
  });
}

/** The text of a raw leaf: CDATA sections literally, everything else entity-decoded. */
export function xmlText(raw: unknown): string {
  if (raw === undefined || raw === null) return '';
  if (typeof raw === 'object') return xmlText((raw as Record<string, unknown>)['#text']);
  const text = String(raw);
  let out = '';
  let i = 0;
  for (;;) {
    const start = text.indexOf('<![CDATA[', i);
    if (start < 0) break;
    const end = text.indexOf(']]>', start + 9);
    out += decodeEntities(text.slice(i, start));
    out += text.slice(start + 9, end < 0 ? text.length : end);
    if (end < 0) return out;
    i = end + 3;
  }
  return out + decodeEntities(text.slice(i));
}

/** An attribute value of a parsed element, decoded. */
export function attr(node: unknown, name: string): string | undefined {
  if (!node || typeof node !== 'object') return undefined;
  const attrs = (node as { $?: Record<string, unknown> }).$;
  const value = attrs?.[name];
  return value === undefined ? undefined : decodeEntities(String(value));
}

export interface ParsedFeed {
  format: FeedFormat;
  root: Record<string, unknown>;
}

export function parseFeed(text: string): ParsedFeed {
  if (text.length > MAX_XML_BYTES) {
    throw new XmlImportError(
      `The file is larger than ${MAX_XML_BYTES / 1024 / 1024} MB; split the export (WordPress: Tools → Export by date range).`,
      'import-too-large',
    );
  }
  checkProlog(text);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    attributesGroupName: '$',
    processEntities: false,
    htmlEntities: false,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    stopNodes: LEAVES.map((name) => `*.${name}`),
    isArray: (name) => ARRAYS.has(name),
  });
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(text, true) as Record<string, unknown>;
  } catch (error) {
    const err = error as { message?: string; line?: number; err?: { msg?: string; line?: number } };
    const detail = err.err?.msg ?? err.message ?? String(error);
    throw new XmlImportError(`The file is not well-formed XML: ${detail}`, 'import-xml', err.err?.line ?? err.line);
  }
  const rss = doc.rss as Record<string, unknown> | undefined;
  if (rss && typeof rss === 'object') {
    const ns = (rss as { $?: Record<string, string> }).$ ?? {};
    const channel = (rss.channel ?? {}) as Record<string, unknown>;
    const isWxr = Object.values(ns).some((v) => /wordpress\.org\/export\//.test(String(v))) || 'wp:wxr_version' in channel;
    return { format: isWxr ? 'wxr' : 'rss', root: channel };
  }
  if (doc.feed && typeof doc.feed === 'object') return { format: 'atom', root: doc.feed as Record<string, unknown> };
  const names = Object.keys(doc).filter((k) => !k.startsWith('?') && k !== '#text');
  throw new XmlImportError(
    `The root element is <${names[0] ?? 'none'}>; postbound imports a WordPress export (WXR), an RSS 2.0 feed (<rss>) or an Atom feed (<feed>).`,
    'import-format',
  );
}

/** Line numbers of each `<tag` opening in document order, to place messages about the nth item. */
export function elementLines(text: string, tag: string): number[] {
  const lines: number[] = [];
  const re = new RegExp(`<${tag}[\\s>]`, 'g');
  let line = 1;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    for (let i = last; i < m.index; i++) if (text.charCodeAt(i) === 10) line++;
    last = m.index;
    lines.push(line);
  }
  return lines;
}
