// Just enough PDF reading for what Chromium (Skia) prints: where each named
// destination landed, the page tree and the outline (writing to it: pdf-update.ts).
// Skia writes a classic cross-reference table and no object streams, so objects
// can be found by offset without a general parser. Object syntax: ISO 32000-1 §7.3,
// cross-reference table and incremental updates: §7.5.4 and §7.5.6.

export class PdfReadError extends Error {
  override name = 'PdfReadError';
}

export interface OutlineNode {
  num: number;
  dict: string;
  title: string;
  /** 1 for top-level items. */
  depth: number;
  children: OutlineNode[];
}

interface Ref {
  num: number;
  gen: number;
}

const REF = /(\d+)\s+(\d+)\s+R/;

export class SkiaPdf {
  readonly text: string;
  readonly trailer: string;
  readonly startxref: number;
  private offsets = new Map<number, number>();
  private pageIndex?: Map<number, number>;

  constructor(readonly bytes: Uint8Array) {
    // latin1 keeps one character per byte, so string offsets are byte offsets
    this.text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
    const sx = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(this.text);
    if (!sx) throw new PdfReadError('No startxref at the end of the PDF: the file is truncated or not a PDF.');
    this.startxref = Number(sx[1]);
    this.trailer = this.readXref(this.startxref);
  }

  private readXref(at: number): string {
    if (!this.text.startsWith('xref', at)) {
      throw new PdfReadError('The PDF uses a cross-reference stream; only classic tables (as Chromium writes) are read.');
    }
    const re = /(\d+) (\d+)\s*\n|trailer/y;
    re.lastIndex = at + 4;
    while (re.lastIndex < this.text.length) {
      while (/\s/.test(this.text[re.lastIndex] as string)) re.lastIndex++;
      const m = re.exec(this.text);
      if (!m) throw new PdfReadError(`Unreadable cross-reference table at byte ${at}.`);
      if (m[0] === 'trailer') break;
      const first = Number(m[1]);
      const count = Number(m[2]);
      let p = re.lastIndex;
      for (let i = 0; i < count; i++) {
        const entry = this.text.slice(p, p + 20);
        if (entry[17] === 'n' && !this.offsets.has(first + i)) this.offsets.set(first + i, Number(entry.slice(0, 10)));
        p += 20;
      }
      re.lastIndex = p;
    }
    const end = this.text.indexOf('startxref', re.lastIndex);
    const trailer = this.text.slice(re.lastIndex, end);
    const prev = /\/Prev\s+(\d+)/.exec(trailer);
    if (prev) this.readXref(Number(prev[1]));
    return trailer;
  }

  /** Byte offset of object `num`'s `N G obj` line, from the cross-reference table. */
  offsetOf(num: number): number {
    const at = this.offsets.get(num);
    if (at === undefined) throw new PdfReadError(`Object ${num} is not in the cross-reference table.`);
    return at;
  }

  /** The text of an object without its stream data (dictionaries and arrays). */
  object(num: number): string {
    const at = this.offsetOf(num);
    let start = this.text.indexOf('obj', at) + 3;
    while (/\s/.test(this.text[start] as string)) start++;
    if (!this.text.startsWith('<<', start)) return this.text.slice(start, this.text.indexOf('endobj', start)).trim();
    // the dictionary ends at its balancing >>; a stream's data may follow it
    let depth = 0;
    for (let i = start; i < this.text.length; i++) {
      const c = this.text[i];
      if (c === '(') i = this.skipString(i);
      else if (c === '<' && this.text[i + 1] === '<') {
        depth++;
        i++;
      } else if (c === '>' && this.text[i + 1] === '>') {
        depth--;
        i++;
        if (depth === 0) return this.text.slice(start, i + 1);
      }
    }
    throw new PdfReadError(`Object ${num} has an unbalanced dictionary.`);
  }

  /** Index of the `)` that closes the literal string opening at `i` (§7.3.4.2). */
  private skipString(i: number): number {
    let depth = 0;
    for (; i < this.text.length; i++) {
      const c = this.text[i];
      if (c === '\\') i++;
      else if (c === '(') depth++;
      else if (c === ')' && --depth === 0) return i;
    }
    return i;
  }

  ref(dict: string, key: string): Ref | undefined {
    const m = new RegExp(`/${key}\\s+${REF.source}`).exec(dict);
    return m ? { num: Number(m[1]), gen: Number(m[2]) } : undefined;
  }

  get rootRef(): Ref {
    const root = this.ref(this.trailer, 'Root');
    if (!root) throw new PdfReadError('The trailer has no /Root.');
    return root;
  }

  get catalog(): string {
    return this.object(this.rootRef.num);
  }

  /** Object number of each page → 0-based page index, from the page tree. */
  pages(): Map<number, number> {
    if (this.pageIndex) return this.pageIndex;
    const index = new Map<number, number>();
    const root = this.ref(this.catalog, 'Pages');
    if (!root) throw new PdfReadError('The catalog has no /Pages.');
    const walk = (num: number): void => {
      const node = this.object(num);
      const kids = /\/Kids\s*\[([^\]]*)\]/.exec(node);
      if (/\/Type\s*\/Pages\b/.test(node) && kids) {
        for (const m of (kids[1] as string).matchAll(/(\d+)\s+\d+\s+R/g)) walk(Number(m[1]));
      } else {
        index.set(num, index.size);
      }
    };
    walk(root.num);
    this.pageIndex = index;
    return index;
  }

  get pageCount(): number {
    return this.pages().size;
  }

  /** The outline: its root dictionary's object number, and its items as a tree. */
  outline(): { root?: number; items: OutlineNode[] } {
    const root = this.ref(this.catalog, 'Outlines');
    if (!root) return { items: [] };
    const seen = new Set<number>();
    const walk = (first: Ref | undefined, depth: number): OutlineNode[] => {
      const items: OutlineNode[] = [];
      for (let ref = first; ref && !seen.has(ref.num); ) {
        seen.add(ref.num);
        const dict = this.object(ref.num);
        items.push({ num: ref.num, dict, title: readTitle(dict), depth, children: walk(this.ref(dict, 'First'), depth + 1) });
        ref = this.ref(dict, 'Next');
      }
      return items;
    };
    return { root: root.num, items: walk(this.ref(this.object(root.num), 'First'), 1) };
  }

  /** Every outline item as [object number, dictionary text, title], depth first. */
  outlineItems(): [number, string, string][] {
    const out: [number, string, string][] = [];
    const flat = (items: OutlineNode[]) => {
      for (const n of items) {
        out.push([n.num, n.dict, n.title]);
        flat(n.children);
      }
    };
    flat(this.outline().items);
    return out;
  }

  /**
   * Named destinations (Chromium makes one for every element that an internal
   * `#id` link points at) → 0-based page index.
   */
  destinations(): Map<string, number> {
    const out = new Map<string, number>();
    const catalog = this.catalog;
    const ref = this.ref(catalog, 'Dests');
    const dict = ref ? this.object(ref.num) : (/\/Dests\s*(<<[\s\S]*?>>)/.exec(catalog)?.[1] ?? '');
    const pages = this.pages();
    for (const m of dict.matchAll(/\/([^\s/[\]<>()]+)\s*\[\s*(\d+)\s+\d+\s+R/g)) {
      const page = pages.get(Number(m[2]));
      if (page !== undefined) out.set(fragmentId(decodeName(m[1] as string)), page);
    }
    return out;
  }
}

/** The /Title of a dictionary, literal or hex (§7.9.2.2: UTF-16BE with a BOM, else PDFDocEncoding ~ latin1). */
function readTitle(dict: string): string {
  const at = dict.indexOf('/Title');
  if (at < 0) return '';
  let i = at + 6;
  while (/\s/.test(dict[i] as string)) i++;
  let bytes: number[] = [];
  if (dict[i] === '<') {
    const hex = dict.slice(i + 1, dict.indexOf('>', i)).replace(/\s+/g, '');
    for (let k = 0; k < hex.length; k += 2) bytes.push(Number.parseInt(hex.slice(k, k + 2).padEnd(2, '0'), 16));
  } else if (dict[i] === '(') {
    let depth = 0;
    for (i++; i < dict.length; i++) {
      const c = dict[i] as string;
      if (c === '\\') {
        const n = dict[++i] as string;
        const esc: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, f: 12 };
        if (/[0-7]/.test(n)) {
          const oct = /^[0-7]{1,3}/.exec(dict.slice(i, i + 3))?.[0] as string;
          bytes.push(Number.parseInt(oct, 8));
          i += oct.length - 1;
        } else if (n === '\r' || n === '\n') {
          if (n === '\r' && dict[i + 1] === '\n') i++;
        } else bytes.push(esc[n] ?? n.charCodeAt(0));
      } else if (c === '(') {
        depth++;
        bytes.push(40);
      } else if (c === ')') {
        if (depth-- === 0) break;
        bytes.push(41);
      } else bytes.push(c.charCodeAt(0));
    }
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    bytes = bytes.slice(2);
    let text = '';
    for (let k = 0; k + 1 < bytes.length; k += 2)
      text += String.fromCharCode(((bytes[k] as number) << 8) | (bytes[k + 1] as number));
    return text;
  }
  return Buffer.from(bytes).toString('latin1');
}

/** Chromium names a destination by the link's URL fragment, percent-encoded as URLs are. */
function fragmentId(fragment: string): string {
  try {
    return decodeURIComponent(fragment);
  } catch {
    return fragment;
  }
}

/** `#xx` escapes in a PDF name (ISO 32000-1 §7.3.5). */
function decodeName(raw: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === '#' && /^[0-9a-fA-F]{2}$/.test(raw.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(raw.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(raw.charCodeAt(i));
  }
  return Buffer.from(bytes).toString('utf8');
}
