// Reading a PDF back with poppler-utils and pdf-lib, for the PDF tests.
import { execFileSync } from 'node:child_process';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFString } from 'pdf-lib';

export const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 28 });

export function pdfinfo(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of run('pdfinfo', [file]).split('\n')) {
    const m = /^([^:]+):\s*(.*)$/.exec(line);
    if (m) out[m[1] as string] = m[2] as string;
  }
  return out;
}

/** Rows of `pdffonts`: name and whether the font is embedded. */
export function pdffonts(file: string): { name: string; embedded: boolean }[] {
  const lines = run('pdffonts', [file]).split('\n').slice(2).filter(Boolean);
  return lines.map((line) => {
    const cols = line.trim().split(/\s+/);
    // name type... encoding emb sub uni object ID: emb is the 5th column from the end
    return { name: cols[0] as string, embedded: cols[cols.length - 5] === 'yes' };
  });
}

/** The text of one page (1-based), laid out. */
export const pageText = (file: string, page: number) =>
  run('pdftotext', ['-layout', '-f', String(page), '-l', String(page), file, '-']);

/** Every page's text, split on the form feeds pdftotext writes between pages. */
export const allPages = (file: string) => run('pdftotext', ['-layout', file, '-']).split('\f').slice(0, -1);

export const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

export interface OutlineItem {
  title: string;
  children: OutlineItem[];
}

function textOf(obj: unknown): string {
  return obj instanceof PDFString || obj instanceof PDFHexString ? obj.decodeText() : '';
}

/** The document outline (bookmarks) as a tree, read with pdf-lib. */
export async function outline(bytes: Uint8Array): Promise<OutlineItem[]> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const ctx = doc.context;
  const root = doc.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict);
  const walk = (first: PDFDict | undefined): OutlineItem[] => {
    const items: OutlineItem[] = [];
    for (let node = first; node; node = node.lookupMaybe(PDFName.of('Next'), PDFDict)) {
      items.push({
        title: textOf(node.get(PDFName.of('Title'))),
        children: walk(node.lookupMaybe(PDFName.of('First'), PDFDict)),
      });
    }
    return items;
  };
  void ctx;
  return root ? walk(root.lookupMaybe(PDFName.of('First'), PDFDict)) : [];
}

/** Internal links: per page (1-based), the named destinations its link annotations go to. */
export async function internalLinks(bytes: Uint8Array): Promise<{ page: number; dest: string }[]> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const out: { page: number; dest: string }[] = [];
  doc.getPages().forEach((page, i) => {
    const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
    for (let k = 0; annots && k < annots.size(); k++) {
      const annot = annots.lookup(k, PDFDict);
      const dest = annot.get(PDFName.of('Dest'));
      if (dest instanceof PDFName) out.push({ page: i + 1, dest: dest.decodeText() });
    }
  });
  return out;
}

/** Named destinations → 1-based page, read with pdf-lib (independently of src/pdf/pdf-file.ts). */
export async function namedDestinations(bytes: Uint8Array): Promise<Map<string, number>> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const pages = new Map(doc.getPages().map((p, i) => [p.ref.toString(), i + 1]));
  const dests = doc.catalog.lookupMaybe(PDFName.of('Dests'), PDFDict);
  const out = new Map<string, number>();
  for (const [name, value] of dests?.entries() ?? []) {
    const arr = doc.context.lookup(value);
    if (arr instanceof PDFArray) out.set(name.decodeText(), pages.get(arr.get(0).toString()) ?? -1);
  }
  return out;
}

export interface Word {
  page: number;
  text: string;
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
}

/** Every word with its box in points, from `pdftotext -bbox`. */
export function words(file: string): { width: number; height: number; words: Word[] }[] {
  const html = run('pdftotext', ['-bbox', file, '-']);
  return html
    .split('<page ')
    .slice(1)
    .map((chunk, i) => {
      const size = /width="([\d.]+)" height="([\d.]+)"/.exec(chunk);
      const list = [
        ...chunk.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g),
      ].map((m) => ({
        page: i + 1,
        text: m[5] as string,
        xMin: Number(m[1]),
        yMin: Number(m[2]),
        xMax: Number(m[3]),
        yMax: Number(m[4]),
      }));
      return { width: Number(size?.[1]), height: Number(size?.[2]), words: list };
    });
}

/** Words that stick out of the text block's left or right edge (code, tables, long links). */
export function overflowing(file: string, marginLeftPt: number, marginRightPt: number): Word[] {
  return words(file).flatMap((p) => p.words.filter((w) => w.xMin < marginLeftPt - 1 || w.xMax > p.width - marginRightPt + 1));
}
