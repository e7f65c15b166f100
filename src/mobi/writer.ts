// The MOBI 6 writer: one book in, one .mobi file out.
//
// Why by hand: no maintained npm library writes MOBI, Amazon withdrew KindleGen, and
// calibre is an application (GPL, Python) rather than a library we could call per build.
// The format is small and well documented (see /work/shared/docs/mobi-format.md, whose
// section numbers the comments cite); everything here is written from those facts.
import { createHash } from 'node:crypto';
import type { Element, Root } from 'hast';
import { buildNcx, type NcxItem, tbsForRecords } from './indx.ts';
import { ensureJfif } from './jfif.ts';
import {
  anchorMark,
  defaultLink,
  escapeText,
  type LinkTarget,
  linkMark,
  type MobiImage,
  NUL,
  targetKey,
  toMobiml,
} from './mobiml.ts';
import { compressPalmDoc } from './palmdoc.ts';
import { writePdb } from './pdb.ts';
import { EXTH, type ExthRecord, localeCode, NO_INDEX, writeRecord0 } from './record0.ts';
import { trailingEntry } from './vwi.ts';

export interface TocEntry {
  title: string;
  /** A chapter id, or `targetKey(chapterId, elementId)`. */
  key: string;
  children?: TocEntry[];
}

export interface GuideEntry {
  /** OPF 2 guide type: `title-page`, `copyright-page`, `other.summary`… */
  type: string;
  title: string;
  /** A chapter id or `targetKey(chapterId, elementId)`. */
  key: string;
}

export interface MobiSection {
  /** The id of the heading inside the chapter. */
  id: string;
  title: string;
  /** Heading rank (2 for h2…): nesting follows it. */
  depth: number;
}

export interface MobiChapter {
  /** Unique in the book; also the target of links to the chapter. */
  id: string;
  title: string;
  /** The body; the chapter title is written above it as `<h1>`. */
  hast?: Root;
  /** Alternatively, ready MobiML (may contain `anchorMark`/`linkMark` markers). */
  html?: string;
  /** Headings to list under the chapter in the table of contents. */
  sections?: MobiSection[];
}

export interface MobiImageInput {
  /** Matched against `data-asset` (or `src`) of `<img>` elements. */
  id: string;
  /** JPEG or GIF bytes, ≤ 127 KB for old Kindles (§5.1). */
  data: Buffer;
  width: number;
  height: number;
}

export interface MobiBook {
  title: string;
  authors: string[];
  /** BCP-47, e.g. `en` or `en-GB`. */
  language: string;
  /** The book's stable identifier (URN or URL): EXTH 112/113 and the header id derive from it. */
  identifier: string;
  publisher?: string;
  description?: string;
  isbn?: string;
  subjects?: string[];
  /** Publication date, ISO 8601. */
  date?: string;
  rights?: string;
  /** Fixed modification time (ISO 8601) so two builds give the same bytes. */
  modified?: string;
  chapters: MobiChapter[];
  images?: MobiImageInput[];
  /** JPEG cover (EXTH 201) and its thumbnail (EXTH 202). */
  cover?: Buffer;
  thumbnail?: Buffer;
  /** Defaults to every chapter with its sections. */
  toc?: TocEntry[];
  /** Guide references besides `toc` and `text` (title-page, copyright-page…), each to a chapter id or key. */
  guide?: GuideEntry[];
  /** Where reading starts (guide `text`, EXTH 116): a chapter id; default the first chapter. */
  start?: string;
  /** The guide's title for where reading starts (default "Start"). */
  startTitle?: string;
  tocTitle?: string;
  /** Where a link goes; the default handles `#id`, `data-post-ref` to a chapter id, and absolute URLs. */
  resolveLink?: (el: Element, chapter: MobiChapter) => LinkTarget;
  /** URL for a `data-post-ref` that is not in the book. */
  postUrl?: (slug: string, fragment?: string) => string | undefined;
  /** PalmDOC compression (default true); off only helps when debugging. */
  compress?: boolean;
}

export interface MobiResult {
  file: Buffer;
  /** The uncompressed text exactly as stored (what `mobitool -d` dumps). */
  text: Buffer;
  /** Byte offset of every anchor key. */
  offsets: Map<string, number>;
  /** Link keys that had no target and fell back to their chapter start (or the book start). */
  unresolved: string[];
  /** The NCX entries written, in order. */
  ncx: NcxItem[];
}

const RECORD_SIZE = 4096;
const START = '\u0001start';
const TOC = '\u0001toc';

export function writeMobi(book: MobiBook): Buffer {
  return buildMobi(book).file;
}

export function buildMobi(book: MobiBook): MobiResult {
  const images = book.images ?? [];
  const imageIndex = new Map(images.map((im, i) => [im.id, i]));
  const chapterIds = new Set(book.chapters.map((c) => c.id));
  const toc = book.toc ?? defaultToc(book.chapters);

  const resolveImage = (el: Element): MobiImage | null => {
    const ref = String(el.properties?.dataAsset ?? el.properties?.src ?? '');
    const i = imageIndex.get(ref);
    if (i === undefined) return null;
    return { recindex: i + 1, width: images[i].width, height: images[i].height };
  };

  // §4.1: guide in the head, one reference per line, toc first, a space before "/>".
  const parts: string[] = [
    '<html><head><guide>\n',
    `<reference type="toc" title="${escapeText(book.tocTitle ?? 'Table of Contents')}" filepos=${linkMark(TOC)} />\n`,
    ...(book.guide ?? []).map(
      (g) => `<reference type="${escapeText(g.type)}" title="${escapeText(g.title)}" filepos=${linkMark(g.key)} />\n`,
    ),
    `<reference type="text" title="${escapeText(book.startTitle ?? 'Start')}" filepos=${linkMark(START)} />\n`,
    '</guide></head><body>',
  ];
  const startId = book.start && chapterIds.has(book.start) ? book.start : book.chapters[0]?.id;
  book.chapters.forEach((ch) => {
    if (ch.id === startId) parts.push(anchorMark(START));
    parts.push(anchorMark(ch.id));
    if (!startsWithH1(ch)) parts.push(`<h1>${escapeText(ch.title)}</h1>`);
    if (ch.html !== undefined) parts.push(ch.html);
    else if (ch.hast) {
      parts.push(
        toMobiml(ch.hast, {
          chapterId: ch.id,
          resolveImage,
          resolveLink: (el) => (book.resolveLink ? book.resolveLink(el, ch) : postLink(el, ch, chapterIds, book.postUrl)),
        }),
      );
    }
    parts.push('<mbp:pagebreak/>');
  });
  // §4.5: one blockquote per entry, children nested inside it.
  parts.push(anchorMark(TOC), `<h2>${escapeText(book.tocTitle ?? 'Table of Contents')}</h2>`);
  const tocHtml = (entries: TocEntry[]): string =>
    entries
      .map((e) => `<blockquote><a filepos=${linkMark(e.key)}>${escapeText(e.title)}</a>${tocHtml(e.children ?? [])}</blockquote>`)
      .join('');
  parts.push(tocHtml(toc), '<mbp:pagebreak/>', '</body></html>');

  const { text, offsets, unresolved } = layout(parts.join(''));
  const bodyEnd = text.lastIndexOf('</body>');

  // Flat NCX over the whole TOC tree (§4.6); lengths run to the next entry or the body end.
  const flat: { label: string; offset: number }[] = [];
  const walk = (es: TocEntry[]) => {
    for (const e of es) {
      const off = offsets.get(e.key);
      if (off !== undefined) flat.push({ label: e.title, offset: off });
      walk(e.children ?? []);
    }
  };
  walk(toc);
  const starts = [...new Set(flat.map((f) => f.offset))].sort((a, b) => a - b);
  const items: NcxItem[] = flat.map((f) => {
    const next = starts.find((s) => s > f.offset) ?? bodyEnd;
    return { offset: f.offset, length: next - f.offset, label: f.label };
  });
  const ncx = buildNcx(items);
  const hasNcx = ncx.records.length > 0;

  // §3.2–3.3: fixed 4096-byte slices, multibyte overlap entry, then the TBS entry.
  const tbs = hasNcx ? tbsForRecords(ncx.entries, text.length) : [];
  const textRecords: Buffer[] = [];
  const compress = book.compress ?? true;
  for (let start = 0, k = 0; start < text.length; start += RECORD_SIZE, k++) {
    const slice = text.subarray(start, start + RECORD_SIZE);
    const end = start + slice.length;
    let overlap = 0;
    while (overlap < 3 && end + overlap < text.length && (text[end + overlap] & 0xc0) === 0x80) overlap++;
    const parts = [
      compress ? compressPalmDoc(slice) : Buffer.from(slice),
      text.subarray(end, end + overlap),
      Buffer.from([overlap]),
    ];
    if (hasNcx) parts.push(trailingEntry(tbs[k]));
    textRecords.push(Buffer.concat(parts));
  }
  if (!textRecords.length) textRecords.push(Buffer.from([0]));

  // §5.4 record order: 0, text, NCX, images (content, cover, thumbnail), FLIS, FCIS, EOF.
  // Content images come first so recindex values stay 1…n, and the cover's EXTH 201 is
  // rarely 0 (lingo-reader ignores a cover at offset 0, §5.2).
  const T = textRecords.length;
  const ncxStart = T + 1;
  const { records: imageRecords, coverOffset, thumbOffset } = imageRecordsFor(book);
  const firstImage = ncxStart + ncx.records.length;
  const flis = firstImage + imageRecords.length;
  const fcis = flis + 1;
  const total = fcis + 2;

  const exth = exthFor(book, { start: offsets.get(START) ?? 0, coverOffset, thumbOffset });

  const record0 = writeRecord0({
    version: 6,
    title: book.title,
    textLength: text.length,
    textRecordCount: T,
    compression: compress ? 2 : 1,
    uniqueId: createHash('sha256').update(book.identifier).digest().readUInt32BE(0),
    locale: localeCode(book.language),
    firstNonBookRecord: T + 1,
    firstImageRecord: imageRecords.length ? firstImage : total,
    lastContentRecord: imageRecords.length ? flis - 1 : hasNcx ? firstImage - 1 : T,
    fcisRecord: fcis,
    flisRecord: flis,
    extraDataFlags: hasNcx ? 0b11 : 0b1,
    ncxIndex: hasNcx ? ncxStart : NO_INDEX,
    exth,
  });

  const records = [record0, ...textRecords, ...ncx.records, ...imageRecords, FLIS, fcisRecord(text.length), EOF];
  const time = Math.floor(Date.parse(book.modified ?? book.date ?? '1970-01-01T00:00:00Z') / 1000) || 0;
  return { file: writePdb(book.title, records, time), text, offsets, unresolved, ncx: ncx.entries };
}

/** The EXTH records both writers share (§2.3). */
export function exthFor(book: MobiBook, at: { start: number; coverOffset?: number; thumbOffset?: number }): ExthRecord[] {
  const exth: ExthRecord[] = [];
  for (const a of book.authors) exth.push({ type: EXTH.author, value: a });
  if (book.publisher) exth.push({ type: EXTH.publisher, value: book.publisher });
  if (book.description) exth.push({ type: EXTH.description, value: book.description });
  if (book.isbn) exth.push({ type: EXTH.isbn, value: book.isbn.replace(/^urn:isbn:/i, '') });
  for (const s of book.subjects ?? []) exth.push({ type: EXTH.subject, value: s });
  if (book.date) exth.push({ type: EXTH.date, value: book.date });
  if (book.rights) exth.push({ type: EXTH.rights, value: book.rights });
  exth.push({ type: EXTH.source, value: book.identifier });
  exth.push({ type: EXTH.asin, value: stableUuid(book.identifier) });
  exth.push({ type: EXTH.startReading, value: at.start });
  if (at.coverOffset !== undefined) exth.push({ type: EXTH.coverOffset, value: at.coverOffset });
  if (at.thumbOffset !== undefined) exth.push({ type: EXTH.thumbOffset, value: at.thumbOffset });
  if (at.coverOffset !== undefined) exth.push({ type: EXTH.fakeCover, value: 0 });
  exth.push({ type: EXTH.cdeType, value: 'EBOK' });
  exth.push({ type: EXTH.title, value: book.title });
  exth.push({ type: EXTH.language, value: book.language });
  return exth;
}

/** Content images first (recindex 1…n), then cover and thumbnail, all with JFIF (§5). */
export function imageRecordsFor(book: MobiBook): { records: Buffer[]; coverOffset?: number; thumbOffset?: number } {
  const records = (book.images ?? []).map((im) => ensureJfif(im.data));
  let coverOffset: number | undefined;
  let thumbOffset: number | undefined;
  if (book.cover) {
    coverOffset = records.length;
    records.push(ensureJfif(book.cover));
  }
  if (book.thumbnail) {
    thumbOffset = records.length;
    records.push(ensureJfif(book.thumbnail));
  }
  return { records, coverOffset, thumbOffset };
}

/** A post that opens with its own `<h1>` keeps it; the others get the title as `<h1>`. */
export function startsWithH1(ch: MobiChapter): boolean {
  const first = ch.hast?.children.find((n) => n.type === 'element' || (n.type === 'text' && n.value.trim()));
  return first?.type === 'element' && first.tagName === 'h1';
}

export function defaultToc(chapters: MobiChapter[]): TocEntry[] {
  return chapters.map((ch) => {
    const root: TocEntry = { title: ch.title, key: ch.id, children: [] };
    const stack: { depth: number; entry: TocEntry }[] = [{ depth: 1, entry: root }];
    for (const s of ch.sections ?? []) {
      while (stack.length > 1 && stack[stack.length - 1].depth >= s.depth) stack.pop();
      const e: TocEntry = { title: s.title, key: targetKey(ch.id, s.id), children: [] };
      stack[stack.length - 1].entry.children!.push(e);
      stack.push({ depth: s.depth, entry: e });
    }
    return root;
  });
}

export function postLink(el: Element, ch: MobiChapter, chapterIds: Set<string>, postUrl: MobiBook['postUrl']): LinkTarget {
  const slug = el.properties?.dataPostRef;
  if (slug !== undefined) {
    const fragment = el.properties?.dataFragment ? String(el.properties.dataFragment) : undefined;
    if (chapterIds.has(String(slug))) return { key: targetKey(String(slug), fragment) };
    const url = postUrl?.(String(slug), fragment);
    return url ? { href: url } : null;
  }
  return defaultLink(el, { chapterId: ch.id });
}

/** Remove anchor markers (recording their byte offsets) and patch filepos placeholders. */
function layout(marked: string): { text: Buffer; offsets: Map<string, number>; unresolved: string[] } {
  const pieces: Buffer[] = [];
  const offsets = new Map<string, number>();
  const links: { at: number; key: string }[] = [];
  let pos = 0;
  let last = 0;
  const re = new RegExp(`${NUL}([AL])([^${NUL}]*)${NUL}`, 'g');
  for (let m = re.exec(marked); m; m = re.exec(marked)) {
    const chunk = Buffer.from(marked.slice(last, m.index), 'utf8');
    pieces.push(chunk);
    pos += chunk.length;
    last = re.lastIndex;
    if (m[1] === 'A') {
      if (!offsets.has(m[2])) offsets.set(m[2], pos);
    } else {
      links.push({ at: pos, key: m[2] });
      pieces.push(Buffer.from('0000000000'));
      pos += 10;
    }
  }
  pieces.push(Buffer.from(marked.slice(last), 'utf8'));
  const text = Buffer.concat(pieces);
  const unresolved: string[] = [];
  for (const l of links) {
    let off = offsets.get(l.key);
    if (off === undefined) {
      unresolved.push(l.key);
      // calibre's fallback for a missing target: the start of its file (§4.3).
      off = offsets.get(l.key.split('#')[0]) ?? offsets.get(START) ?? 0;
    }
    text.write(String(off).padStart(10, '0'), l.at, 'latin1');
  }
  return { text, offsets, unresolved };
}

/** A UUID-shaped id that is the same for the same identifier (EXTH 113). */
export function stableUuid(identifier: string): string {
  const h = createHash('sha256').update(`postbound:${identifier}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

// §5.3 fixed records.
export const FLIS = Buffer.from('464c4953000000080041000000000000ffffffff000100030000000300000001ffffffff', 'hex');
export const EOF = Buffer.from('e98e0d0a', 'hex');

function fcisRecord(textLength: number): Buffer {
  const b = Buffer.from('4643495300000014000000100000000100000000000000000000000000000020000000080001000100000000', 'hex');
  b.writeUInt32BE(textLength, 20);
  return b;
}
