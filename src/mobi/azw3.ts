// The standalone KF8 (AZW3) writer (mobi-format.md §6). KF8 keeps real XHTML and CSS:
// flow 0 holds one skeleton per chapter followed by its fragments, flow 1 the style
// sheet; skeleton, fragment and NCX tables tell readers how to put files back together.
// It reuses the MOBI 6 pieces (PDB, record 0, PalmDOC, trailing entries, INDX, EXTH).

import { createHash } from 'node:crypto';
import type { Element, ElementContent, Root, RootContent } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { directionOf } from '../i18n/index.ts';
import { dropColours } from '../markdown/highlight/targets.ts';
import { buildIndex, Cncx, entryNames, type IndexEntry, type TagDef } from './indx.ts';
import { anchorMark, defaultLink, type LinkTarget, NUL, targetKey } from './mobiml.ts';
import { compressPalmDoc } from './palmdoc.ts';
import { writePdb } from './pdb.ts';
import { EXTH, localeCode, writeRecord0 } from './record0.ts';
import { kf8Tbs, type TbsEntry } from './tbs.ts';
import { trailingEntry } from './vwi.ts';
import {
  defaultToc,
  EOF,
  exthFor,
  FLIS,
  imageRecordsFor,
  type MobiBook,
  type MobiChapter,
  postLink,
  startsWithH1,
  type TocEntry,
} from './writer.ts';

/** A plain book style: Kindle applies its own fonts and margins on top. */
export const DEFAULT_CSS = `body { margin: 0; }
h1 { font-size: 1.6em; margin: 0 0 1em; page-break-before: always; }
h2 { font-size: 1.3em; margin: 1.4em 0 0.6em; }
h3 { font-size: 1.1em; margin: 1.2em 0 0.5em; }
p { margin: 0 0 0.6em; text-indent: 0; }
figure { margin: 1em 0; text-align: center; }
figcaption { font-style: italic; font-size: 0.9em; }
img { max-width: 100%; }
pre { white-space: pre-wrap; font-family: monospace; font-size: 0.85em; margin: 0.8em 0 0.8em 1em; }
code, kbd, samp { font-family: monospace; }
blockquote { margin: 0.8em 1.5em; }
table { border-collapse: collapse; margin: 0.8em 0; }
td, th { border: 1px solid #888; padding: 0.2em 0.4em; }
`;

export interface Azw3Options {
  /** Style sheet for flow 1 (default: DEFAULT_CSS). */
  css?: string;
}

export interface Azw3Result {
  file: Buffer;
  /** Flow 0 (skeletons and fragments, as stored) followed by the CSS flow. */
  text: Buffer;
  /** Each chapter rebuilt as a reader would: skeleton with its fragment inserted. */
  files: string[];
  unresolved: string[];
}

const RECORD_SIZE = 4096;
/** Fragment size calibre's chunker aims for; large fragments are untested on devices (§6.3). */
const FRAGMENT_SIZE = 8192;
const B32 = '0123456789ABCDEFGHIJKLMNOPQRSTUV';

/** KF8 base-32 (digits 0-9A-V), left-padded (§6.1). */
export function base32(n: number, width: number): string {
  let s = '';
  do {
    s = B32[n % 32] + s;
    n = Math.floor(n / 32);
  } while (n > 0);
  return s.padStart(width, '0');
}

export function writeAzw3(book: MobiBook, options: Azw3Options = {}): Buffer {
  return buildAzw3(book, options).file;
}

const LINK_TOKEN = (n: number) => `pblink${String(n).padStart(6, '0')}`;
const LINK_PLACEHOLDER = 'kindle:pos:fid:0000:off:0000000000';

export function buildAzw3(book: MobiBook, options: Azw3Options = {}): Azw3Result {
  const css = Buffer.from(options.css ?? DEFAULT_CSS, 'utf8');
  const images = book.images ?? [];
  const imageIndex = new Map(images.map((im, i) => [im.id, i]));
  const chapterIds = new Set(book.chapters.map((c) => c.id));
  const toc = book.toc ?? defaultToc(book.chapters);

  // 1. Each chapter → top-level blocks of markup with anchor markers and link tokens.
  const linkKeys: string[] = [];
  const blocks = book.chapters.map((ch) => {
    const resolve = (el: Element): LinkTarget =>
      book.resolveLink ? book.resolveLink(el, ch) : postLink(el, ch, chapterIds, book.postUrl);
    const body = ch.hast ? prepare(ch, resolve, imageIndex, images, linkKeys) : [ch.html ?? ''];
    return [`${anchorMark(ch.id)}${startsWithH1(ch) ? '' : `<h1>${escapeXml(ch.title)}</h1>`}`, ...body];
  });

  // 2. Lay out flow 0: per file its skeleton, then its fragments. Fragments are cut at
  // top-level element boundaries to about 8 KiB, as kindlegen and calibre do (§6.3).
  const parts: Buffer[] = [];
  const anchors = new Map<string, { fid: number; off: number }>();
  const linkSpots: { at: number; n: number }[] = [];
  const skels: { start: number; length: number; head: number; count: number }[] = [];
  const frags: { insert: number; length: number; file: number; stored: number; offset: number }[] = [];
  const rebuilt: string[] = [];
  let pos = 0;
  book.chapters.forEach((ch, i) => {
    const aid = base32(i + 1, 4);
    const head = Buffer.from(
      `<?xml version="1.0" encoding="UTF-8"?><html xmlns="http://www.w3.org/1999/xhtml" lang="${escapeXml(book.language)}"${directionOf(book.language) === 'rtl' ? ' dir="rtl"' : ''}><head><title>${escapeXml(ch.title)}</title><link rel="stylesheet" type="text/css" href="kindle:flow:0001?mime=text/css"/></head><body aid="${aid}">`,
      'utf8',
    );
    const tail = Buffer.from('</body></html>', 'utf8');
    const skelStart = pos;
    parts.push(head, tail);
    pos += head.length + tail.length;

    const groups: string[] = [];
    let cur = '';
    for (const block of blocks[i]) {
      if (cur && Buffer.byteLength(cur) + Buffer.byteLength(block) > FRAGMENT_SIZE) {
        groups.push(cur);
        cur = '';
      }
      cur += block;
    }
    groups.push(cur);

    let inFile = 0;
    for (const src of groups) {
      const fid = frags.length;
      const fragStart = pos;
      const pieces: Buffer[] = [];
      let off = 0;
      let last = 0;
      // Strip anchor markers (recording offsets); link tokens become fixed-width placeholders.
      const re = new RegExp(`${NUL}A([^${NUL}]*)${NUL}|pblink(\\d{6})`, 'g');
      for (let m = re.exec(src); m; m = re.exec(src)) {
        const chunk = Buffer.from(src.slice(last, m.index), 'utf8');
        pieces.push(chunk);
        off += chunk.length;
        last = re.lastIndex;
        if (m[1] !== undefined) {
          if (!anchors.has(m[1])) anchors.set(m[1], { fid, off });
        } else {
          linkSpots.push({ at: fragStart + off, n: Number(m[2]) });
          pieces.push(Buffer.from(LINK_PLACEHOLDER));
          off += LINK_PLACEHOLDER.length;
        }
      }
      pieces.push(Buffer.from(src.slice(last), 'utf8'));
      const frag = Buffer.concat(pieces);
      parts.push(frag);
      pos += frag.length;
      // In the rebuilt file the fragments follow each other right after <body …>.
      frags.push({ insert: skelStart + head.length + inFile, length: frag.length, file: i, stored: fragStart, offset: inFile });
      inFile += frag.length;
    }
    skels.push({ start: skelStart, length: head.length + tail.length, head: head.length, count: groups.length });
  });
  const flow0 = Buffer.concat(parts);

  // 3. Patch kindle:pos links (§6.2): fragment number and base-32 offset inside it.
  const unresolved: string[] = [];
  for (const spot of linkSpots) {
    const key = linkKeys[spot.n];
    let target = anchors.get(key);
    if (!target) {
      unresolved.push(key);
      target = anchors.get(key.split('#')[0]) ?? { fid: 0, off: 0 };
    }
    flow0.write(`kindle:pos:fid:${base32(target.fid, 4)}:off:${base32(target.off, 10)}`, spot.at, 'latin1');
  }
  for (const [i, s] of skels.entries()) {
    const own = frags.filter((f) => f.file === i);
    rebuilt.push(
      Buffer.concat([
        flow0.subarray(s.start, s.start + s.head),
        ...own.map((f) => flow0.subarray(f.stored, f.stored + f.length)),
        flow0.subarray(s.start + s.head, s.start + s.length),
      ]).toString('utf8'),
    );
  }
  const text = Buffer.concat([flow0, css]);

  // 4. Text records: PalmDOC, the multibyte overlap entry, then TBS for the NCX (§6.6).
  const ncx = buildKf8Ncx(toc, anchors, frags, flow0.length);
  const ncxIndex = ncx.records;
  const withTbs = ncxIndex.length > 0;
  const tbs = withTbs ? kf8Tbs(ncx.tbs, text.length) : [];
  const textRecords: Buffer[] = [];
  for (let start = 0; start < text.length; start += RECORD_SIZE) {
    const slice = text.subarray(start, start + RECORD_SIZE);
    const end = start + slice.length;
    let overlap = 0;
    while (overlap < 3 && end + overlap < text.length && (text[end + overlap] & 0xc0) === 0x80) overlap++;
    const parts = [compressPalmDoc(slice), text.subarray(end, end + overlap), Buffer.from([overlap])];
    if (withTbs) parts.push(trailingEntry(tbs[textRecords.length]));
    textRecords.push(Buffer.concat(parts));
  }

  // 5. Index tables (§6.3, §6.4).
  const fragCncx = new Cncx();
  const fragNames = frags.map((f) => String(f.insert).padStart(10, '0'));
  const fragEntries: IndexEntry[] = frags.map((f, i) => ({
    name: fragNames[i],
    values: new Map([
      [2, [fragCncx.add(`P-//*[@aid='${base32(f.file + 1, 4)}']`)]],
      [3, [f.file]],
      [4, [i]],
      [6, [f.offset, f.length]],
    ]),
  }));
  const FRAG_TAGS: TagDef[] = [
    { tag: 2, vpe: 1, mask: 0x01 },
    { tag: 3, vpe: 1, mask: 0x02 },
    { tag: 4, vpe: 1, mask: 0x04 },
    { tag: 6, vpe: 2, mask: 0x08 },
  ];
  const fragCncxRecords = fragCncx.toRecords();
  const fragIndex = [...buildIndex(FRAG_TAGS, fragEntries, fragCncxRecords.length), ...fragCncxRecords];

  // The guide (§6.4): one entry per type, sorted by type ("needed by the Kindle"), with a
  // title in the CNCX and the target's [fragment, offset].
  const startId = book.start && chapterIds.has(book.start) ? book.start : book.chapters[0]?.id;
  const guideRefs = [
    ...(book.guide ?? []),
    ...(startId ? [{ type: 'text', title: book.startTitle ?? 'Start', key: startId }] : []),
  ]
    .filter((g, i, all) => anchors.has(g.key) && all.findIndex((o) => o.type === g.type) === i)
    .sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
  const guideCncx = new Cncx();
  const GUIDE_TAGS: TagDef[] = [
    { tag: 1, vpe: 1, mask: 0x01 },
    { tag: 6, vpe: 2, mask: 0x02 },
  ];
  const guideEntries: IndexEntry[] = guideRefs.map((g) => {
    const at = anchors.get(g.key)!;
    return {
      name: g.type,
      values: new Map([
        [1, [guideCncx.add(g.title)]],
        [6, [at.fid, at.off]],
      ]),
    };
  });
  const guideCncxRecords = guideCncx.toRecords();
  const guideIndex = guideEntries.length
    ? [...buildIndex(GUIDE_TAGS, guideEntries, guideCncxRecords.length), ...guideCncxRecords]
    : [];

  const SKEL_TAGS: TagDef[] = [
    { tag: 1, vpe: 1, mask: 0x03 },
    { tag: 6, vpe: 2, mask: 0x0c },
  ];
  const skelEntries: IndexEntry[] = skels.map((s, i) => ({
    name: `SKEL${String(i).padStart(10, '0')}`,
    // Fragment count twice and the geometry twice, as kindlegen wrote them (§6.3).
    values: new Map([
      [1, [s.count, s.count]],
      [6, [s.start, s.length, s.start, s.length]],
    ]),
  }));
  const skelIndex = buildIndex(SKEL_TAGS, skelEntries, 0);

  // 6. Record order (§6.5).
  const { records: imageRecords, coverOffset, thumbOffset } = imageRecordsFor(book);
  const T = textRecords.length;
  const fragAt = T + 1;
  const skelAt = fragAt + fragIndex.length;
  const guideAt = skelAt + skelIndex.length;
  const ncxAt = guideAt + guideIndex.length;
  const firstImage = ncxAt + ncxIndex.length;
  const fdstAt = firstImage + imageRecords.length;
  const flisAt = fdstAt + 1;
  const fcisAt = flisAt + 1;

  const fdst = Buffer.alloc(12 + 16);
  fdst.write('FDST', 0, 'latin1');
  fdst.writeUInt32BE(12, 4);
  fdst.writeUInt32BE(2, 8);
  fdst.writeUInt32BE(0, 12);
  fdst.writeUInt32BE(flow0.length, 16);
  fdst.writeUInt32BE(flow0.length, 20);
  fdst.writeUInt32BE(text.length, 24);

  const start = anchors.get(startId ?? '');
  const exth = exthFor(book, {
    start: start ? frags[start.fid].insert + start.off : 0,
    coverOffset,
    thumbOffset,
  });
  exth.push({ type: EXTH.resourceCount, value: imageRecords.length });
  // the page turn of a right-to-left book (calibre's EXTH 527, from the OPF spine's page-progression-direction)
  if (directionOf(book.language) === 'rtl') exth.push({ type: EXTH.pageProgression, value: 'rtl' });
  exth.push({ type: EXTH.unknown131, value: 0 });
  if (thumbOffset !== undefined || coverOffset !== undefined) {
    exth.push({ type: EXTH.kf8CoverUri, value: `kindle:embed:${base32((thumbOffset ?? coverOffset)!, 4)}` });
  }

  const record0 = writeRecord0({
    version: 8,
    title: book.title,
    textLength: text.length,
    textRecordCount: T,
    compression: 2,
    uniqueId: createHash('sha256').update(book.identifier).digest().readUInt32BE(0),
    locale: localeCode(book.language),
    firstNonBookRecord: fragAt,
    firstImageRecord: firstImage,
    fdstRecord: fdstAt,
    fdstCount: 2,
    fcisRecord: fcisAt,
    flisRecord: flisAt,
    extraDataFlags: withTbs ? 0b11 : 0b1,
    ncxIndex: ncxIndex.length ? ncxAt : 0xffffffff,
    fragmentIndex: fragAt,
    skeletonIndex: skelAt,
    guideIndex: guideIndex.length ? guideAt : undefined,
    exth,
  });
  const records = [
    record0,
    ...textRecords,
    ...fragIndex,
    ...skelIndex,
    ...guideIndex,
    ...ncxIndex,
    ...imageRecords,
    fdst,
    FLIS,
    fcisKf8(text.length),
    EOF,
  ];
  const time = Math.floor(Date.parse(book.modified ?? book.date ?? '1970-01-01T00:00:00Z') / 1000) || 0;
  return { file: writePdb(book.title, records, time), text, files: rebuilt, unresolved };
}

/** The KF8 NCX: hierarchical, sorted by (depth, offset), with pos_fid (§6.4, §4.6). */
function buildKf8Ncx(
  toc: TocEntry[],
  anchors: Map<string, { fid: number; off: number }>,
  frags: { insert: number }[],
  flowEnd: number,
): { records: Buffer[]; tbs: TbsEntry[] } {
  interface Node {
    label: string;
    depth: number;
    pos: number;
    fid: number;
    off: number;
    parent?: Node;
    children: Node[];
    index?: number;
    length?: number;
  }
  const all: Node[] = [];
  const walk = (entries: TocEntry[], depth: number, parent?: Node) => {
    for (const e of entries) {
      const a = anchors.get(e.key);
      if (!a) continue;
      const node: Node = {
        label: e.title,
        depth,
        pos: frags[a.fid].insert + a.off,
        fid: a.fid,
        off: a.off,
        parent,
        children: [],
      };
      parent?.children.push(node);
      all.push(node);
      walk(e.children ?? [], depth + 1, node);
    }
  };
  walk(toc, 0);
  if (!all.length) return { records: [], tbs: [] };
  // Length: to the next entry at the same or a shallower depth, else the end of flow 0.
  const byPos = [...all].sort((a, b) => a.pos - b.pos);
  for (const n of all) {
    const next = byPos.find((m) => m.pos > n.pos && m.depth <= n.depth);
    n.length = Math.max(1, (next?.pos ?? flowEnd) - n.pos);
  }
  const sorted = [...all].sort((a, b) => a.depth - b.depth || a.pos - b.pos);
  sorted.forEach((n, i) => {
    n.index = i;
  });
  const names = entryNames(sorted.length);
  const cncx = new Cncx();
  const entries: IndexEntry[] = sorted.map((n, i) => {
    const values = new Map<number, number[]>([
      [1, [n.pos]],
      [2, [n.length!]],
      [3, [cncx.add(n.label)]],
      [4, [n.depth]],
    ]);
    if (n.parent) values.set(21, [n.parent.index!]);
    if (n.children.length) {
      values.set(22, [n.children[0].index!]);
      values.set(23, [n.children[n.children.length - 1].index!]);
    }
    values.set(6, [n.fid, n.off]);
    return { name: names[i], values };
  });
  const TAGS: TagDef[] = [
    { tag: 1, vpe: 1, mask: 0x01 },
    { tag: 2, vpe: 1, mask: 0x02 },
    { tag: 3, vpe: 1, mask: 0x04 },
    { tag: 4, vpe: 1, mask: 0x08 },
    { tag: 21, vpe: 1, mask: 0x10 },
    { tag: 22, vpe: 1, mask: 0x20 },
    { tag: 23, vpe: 1, mask: 0x40 },
    { tag: 6, vpe: 2, mask: 0x80 },
  ];
  const cncxRecords = cncx.toRecords();
  return {
    records: [...buildIndex(TAGS, entries, cncxRecords.length), ...cncxRecords],
    tbs: sorted.map((n) => ({ index: n.index!, parent: n.parent?.index, depth: n.depth, offset: n.pos, length: n.length! })),
  };
}

function fcisKf8(textLength: number): Buffer {
  const b = Buffer.from(
    '46434953000000140000001000000002000000000000000000000000000000280000000000000028000000080001000100000000',
    'hex',
  );
  b.writeUInt32BE(textLength, 20);
  return b;
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * A copy of the chapter's tree ready for XHTML: anchors before elements with an id,
 * internal links as tokens, images as kindle:embed, data-* attributes dropped.
 */
function prepare(
  ch: MobiChapter,
  resolve: (el: Element) => LinkTarget,
  imageIndex: Map<string, number>,
  images: { width: number; height: number }[],
  linkKeys: string[],
): string[] {
  const tree = structuredClone(ch.hast!) as Root;
  // grey screens and an engine without var(): the code stays monospaced, uncoloured
  dropColours(tree);
  const fix = (nodes: (RootContent | ElementContent)[]): (RootContent | ElementContent)[] => {
    const out: (RootContent | ElementContent)[] = [];
    for (const node of nodes) {
      if (node.type === 'comment' || node.type === 'doctype') continue;
      if (node.type === 'raw') continue;
      if (node.type === 'text') {
        out.push({ ...node, value: node.value.replace(/\u00ad/g, '').normalize('NFC') });
        continue;
      }
      if (node.type !== 'element') {
        out.push(node);
        continue;
      }
      const el = node;
      if (['script', 'style', 'iframe', 'object', 'embed', 'form'].includes(el.tagName)) continue;
      const id = el.properties.id;
      if (id !== undefined && id !== null) out.push({ type: 'raw', value: anchorMark(targetKey(ch.id, String(id))) } as never);
      if (el.tagName === 'a') {
        const target = resolve(el) ?? defaultLink(el, { chapterId: ch.id });
        delete el.properties.href;
        if (target && 'key' in target) {
          el.properties.href = LINK_TOKEN(linkKeys.length);
          linkKeys.push(target.key);
        } else if (target && 'href' in target) el.properties.href = target.href;
      }
      if (el.tagName === 'img') {
        const ref = String(el.properties.dataAsset ?? el.properties.src ?? '');
        const i = imageIndex.get(ref);
        if (i === undefined) {
          const alt = el.properties.alt ? `[${String(el.properties.alt)}]` : '';
          out.push({ type: 'text', value: alt });
          continue;
        }
        el.properties = {
          src: `kindle:embed:${base32(i + 1, 4)}?mime=image/jpeg`,
          alt: String(el.properties.alt ?? ''),
          width: images[i].width,
          height: images[i].height,
        };
      }
      for (const [k, v] of Object.entries(el.properties)) {
        if (/^data[A-Z]/.test(k) || k === 'ariaDescribedBy') delete el.properties[k];
        else if (k === 'style') {
          // Kindles must keep their own page colour: no backgrounds from the posts.
          const style = String(v)
            .replace(/background[^;]*;?/gi, '')
            .trim();
          if (style) el.properties.style = style;
          else delete el.properties.style;
        } else if (v === true) {
          // hast-util-to-html writes booleans bare (`checked`), which XML rejects: mark
          // them here and write `checked="checked"` after serialising.
          delete el.properties[k];
          el.properties[`dataPbbool${k.toLowerCase()}`] = '';
        }
      }
      el.children = fix(el.children) as ElementContent[];
      out.push(el);
    }
    return out;
  };
  // One string per top-level node (anchors stay glued to the element after them), so
  // fragments can be cut between them.
  const blocks: string[] = [];
  let pending = '';
  for (const node of fix(tree.children)) {
    const html = toHtml(node as RootContent, {
      allowDangerousHtml: true,
      closeSelfClosing: true,
      closeEmptyElements: false,
      characterReferences: { useNamedReferences: false },
    }).replace(/ data-pbbool([a-z]+)=""/g, ' $1="$1"');
    if (node.type === 'raw') pending += html;
    else {
      blocks.push(pending + html);
      pending = '';
    }
  }
  if (pending) blocks.push(pending);
  return blocks;
}
