// Writing to a PDF Chromium (Skia) printed, without touching what it printed:
// an incremental update with a new document information dictionary and repaired
// outline items (ISO 32000-1 §7.5.6), and the book's date over the print time.
import { type OutlineNode, PdfReadError, SkiaPdf } from './pdf-file.ts';

/** A text string as UTF-16BE with a byte-order mark, in hex (§7.9.2.2). */
export function pdfTextString(value: string): string {
  const units: string[] = ['FEFF'];
  for (let i = 0; i < value.length; i++) units.push(value.charCodeAt(i).toString(16).padStart(4, '0').toUpperCase());
  return `<${units.join('')}>`;
}

/** A date as `D:YYYYMMDDHHmmSSZ` (§7.9.4). */
export function pdfDate(date: Date): string {
  const iso = date.toISOString();
  return `(D:${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z)`;
}

export interface DocumentInfo {
  title: string;
  author?: string;
  subject?: string;
  keywords?: string[];
  creator?: string;
  /** CreationDate and ModDate. */
  date?: Date;
}

export interface UpdateOptions {
  /**
   * Called with each outline title; a different string replaces it. Chromium 156
   * sometimes doubles the title of a heading pushed to the next page
   * ("Reading the banksReading the banks"), so the target repairs those.
   */
  outlineTitle?: (title: string, depth: number) => string;
  /**
   * Outline levels to keep: Chromium bookmarks every heading, the contents stop
   * at the book's tocDepth, and the outline should match the contents.
   */
  outlineDepth?: number;
}

/** The outline objects to rewrite for `options`: [object number, new dictionary]. */
function outlineUpdates(pdf: SkiaPdf, options: UpdateOptions): [number, string][] {
  const { root, items } = pdf.outline();
  if (root === undefined) return [];
  const max = options.outlineDepth ?? Number.POSITIVE_INFINITY;
  const fixTitle = options.outlineTitle ?? ((t: string) => t);
  const out: [number, string][] = [];
  const setCount = (dict: string, count: number) => {
    // a closed item keeps its negative count (ISO 32000-1 Table 153)
    const negative = /\/Count\s+-/.test(dict);
    return dict.replace(/\/Count\s+-?\d+/, `/Count ${negative ? -count : count}`);
  };
  /** Number of items shown under `nodes` (all levels, as if open), after pruning. */
  const visit = (nodes: OutlineNode[]): number => {
    let shown = 0;
    for (const n of nodes) {
      let dict = n.dict;
      const title = fixTitle(n.title, n.depth);
      if (title !== n.title)
        dict = dict.replace(/\/Title\s*(\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f\s]*>)/, () => `/Title ${pdfTextString(title)}`);
      let below = 0;
      if (n.children.length > 0) {
        if (n.depth >= max) dict = dict.replace(/\/(First|Last)\s+\d+\s+\d+\s+R/g, '').replace(/\/Count\s+-?\d+/, '');
        else {
          below = visit(n.children);
          dict = setCount(dict, below);
        }
      }
      if (dict !== n.dict) out.push([n.num, dict]);
      shown += 1 + below;
    }
    return shown;
  };
  const total = visit(items);
  const rootDict = pdf.object(root);
  const newRoot = setCount(rootDict, total);
  if (newRoot !== rootDict) out.push([root, newRoot]);
  return out;
}

/**
 * Appends an incremental update with a new information dictionary (and repaired
 * outline items). The printed bytes stay as they were but for the print time in
 * Chromium's own dictionary (see printedDates), so the outline, structure tree
 * and links Chromium wrote survive exactly; a reader takes the newest objects.
 */
export function withDocumentInfo(bytes: Uint8Array, info: DocumentInfo, options: UpdateOptions = {}): Buffer {
  const pdf = new SkiaPdf(bytes);
  const size = Number(/\/Size\s+(\d+)/.exec(pdf.trailer)?.[1]);
  if (!Number.isFinite(size)) throw new PdfReadError('The trailer has no /Size.');
  const oldInfo = pdf.ref(pdf.trailer, 'Info');
  const producer = oldInfo ? /\/Producer\s*(\([^)]*\))/.exec(pdf.object(oldInfo.num))?.[1] : undefined;
  const entries = [`/Title ${pdfTextString(info.title)}`];
  if (info.author) entries.push(`/Author ${pdfTextString(info.author)}`);
  if (info.subject) entries.push(`/Subject ${pdfTextString(info.subject)}`);
  if (info.keywords?.length) entries.push(`/Keywords ${pdfTextString(info.keywords.join(', '))}`);
  entries.push(`/Creator ${pdfTextString(info.creator ?? 'postbound')}`);
  if (producer) entries.push(`/Producer ${producer}`);
  if (info.date) entries.push(`/CreationDate ${pdfDate(info.date)}`, `/ModDate ${pdfDate(info.date)}`);
  const id = /\/ID\s*(\[[^\]]*\])/.exec(pdf.trailer)?.[1];

  // [object number, generation, body] of every object this update writes
  const objects: [number, number, string][] = [[size, 0, `<<${entries.join('\n')}>>`]];
  for (const [num, body] of outlineUpdates(pdf, options)) objects.push([num, 0, body]);

  let text = pdf.text.endsWith('\n') ? '' : '\n';
  const xref: string[] = [];
  for (const [num, gen, body] of objects) {
    xref.push(`${num} 1\n${String(bytes.byteLength + text.length).padStart(10, '0')} ${String(gen).padStart(5, '0')} n \n`);
    text += `${num} ${gen} obj\n${body}\nendobj\n`;
  }
  const xrefAt = bytes.byteLength + text.length;
  const { num, gen } = pdf.rootRef;
  text +=
    `xref\n${xref.join('')}` +
    `trailer\n<</Size ${size + 1}\n/Root ${num} ${gen} R\n/Info ${size} 0 R\n/Prev ${pdf.startxref}` +
    `${id ? `\n/ID ${id}` : ''}>>\nstartxref\n${xrefAt}\n%%EOF\n`;
  const out = Buffer.concat([bytes, Buffer.from(text, 'latin1')]);
  if (info.date) writePrintDates(pdf, info.date, out);
  return out;
}

/**
 * A copy of a PDF as Chromium printed it with `date` written over the print time
 * in its information dictionary (see printedDates): for a PDF that needs no
 * other update, such as the one-page summary.
 */
export function withPrintDate(bytes: Uint8Array, date: Date): Buffer {
  const out = Buffer.from(bytes);
  writePrintDates(new SkiaPdf(bytes), date, out);
  return out;
}

function writePrintDates(pdf: SkiaPdf, date: Date, out: Buffer): void {
  const info = pdf.ref(pdf.trailer, 'Info');
  if (info) for (const [at, text] of printedDates(pdf, info.num, date)) out.write(text, at, 'latin1');
}

/**
 * Where to write `date` over the dates in the PDF's first information dictionary
 * (Chromium's: the moment it printed), and what, the same length so that every
 * offset holds. The update supersedes that dictionary for a reader, but its
 * bytes stayed, and two builds of the same book gave PDFs that differed in the
 * print time. A date in a form this does not know (not `D:` and 14 digits, then
 * `Z` or an offset) is left as it is.
 */
function printedDates(pdf: SkiaPdf, infoNum: number, date: Date): [number, string][] {
  const start = pdf.offsetOf(infoNum);
  const end = pdf.text.indexOf('endobj', start);
  const body = pdf.text.slice(start, end < 0 ? undefined : end);
  const digits = pdfDate(date).slice(3, 17);
  const out: [number, string][] = [];
  for (const m of body.matchAll(/\/(?:CreationDate|ModDate)\s*\(D:(\d{14})(Z|[+-]\d\d'\d\d'?)?\)/g)) {
    const at = start + (m.index as number) + m[0].indexOf('(D:') + 3;
    // the book's date is UTC: an offset other than zero is written as +00'00'
    const zone = m[2] && m[2] !== 'Z' ? `+00'00${m[2].endsWith("'") ? "'" : ''}` : (m[2] ?? '');
    out.push([at, digits + zone]);
  }
  return out;
}
