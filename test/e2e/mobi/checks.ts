// Read a MOBI back with every real reader we have: libmobi's mobitool, calibre
// (ebook-meta, ebook-convert, calibre-debug) and @lingo-reader/mobi-parser.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `postbound-${prefix}-`));
}

/** `mobitool -d -o DIR`: the raw markup as libmobi decompresses it. */
export function mobitoolRawml(file: string): Buffer {
  const dir = tempDir('mobitool');
  execFileSync('mobitool', ['-d', '-o', dir, file], { stdio: 'pipe' });
  const raw = readdirSync(dir).find((f) => f.endsWith('.rawml'));
  if (!raw) throw new Error(`mobitool wrote no .rawml into ${dir}`);
  return readFileSync(join(dir, raw));
}

export interface Meta {
  fields: Record<string, string>;
  cover: Buffer | null;
}

/** `ebook-meta x --get-cover=c.jpg`: printed fields and the extracted cover. */
export function ebookMeta(file: string): Meta {
  const dir = tempDir('meta');
  const coverPath = join(dir, 'cover.jpg');
  const out = execFileSync('ebook-meta', [file, `--get-cover=${coverPath}`], { encoding: 'utf8' });
  const fields: Record<string, string> = {};
  for (const line of out.split('\n')) {
    const m = /^(\S[^:]*?)\s*:\s(.*)$/.exec(line);
    if (m) fields[m[1].trim()] = m[2].trim();
  }
  let cover: Buffer | null = null;
  try {
    cover = readFileSync(coverPath);
  } catch {}
  return { fields, cover };
}

export interface Converted {
  /** toc.ncx labels as a nested list: [label, children]. */
  toc: TocNode[];
  /** Text of every HTML file in spine order. */
  html: string[];
  images: string[];
  warnings: string;
}

export type TocNode = { label: string; children: TocNode[] };

/** `ebook-convert x.mobi x.epub`, then unzip and read toc.ncx and the spine. */
export function ebookConvert(file: string): Converted {
  const dir = tempDir('convert');
  const epub = join(dir, 'out.epub');
  const run = spawnSync('ebook-convert', [file, epub], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (run.status !== 0) throw new Error(`ebook-convert failed (${run.status}): ${run.stderr}\n${run.stdout}`);
  const zip = unzipSync(readFileSync(epub));
  const text = (name: string) => new TextDecoder().decode(zip[name]);
  const ncxName = Object.keys(zip).find((n) => n.endsWith('.ncx'))!;
  const opfName = Object.keys(zip).find((n) => n.endsWith('.opf'))!;
  const opf = text(opfName);
  const manifest = new Map([...opf.matchAll(/<item [^>]*?href="([^"]+)"[^>]*?id="([^"]+)"/g)].map((m) => [m[2], m[1]]));
  for (const m of opf.matchAll(/<item [^>]*?id="([^"]+)"[^>]*?href="([^"]+)"/g)) manifest.set(m[1], m[2]);
  const base = opfName.includes('/') ? opfName.slice(0, opfName.lastIndexOf('/') + 1) : '';
  const spine = [...opf.matchAll(/<itemref [^>]*?idref="([^"]+)"/g)].map((m) => base + decodeURIComponent(manifest.get(m[1])!));
  return {
    toc: parseNavPoints(text(ncxName)),
    html: spine.map(text),
    images: Object.keys(zip).filter((n) => /\.(jpe?g|gif|png)$/i.test(n)),
    warnings: `${run.stdout}\n${run.stderr}`,
  };
}

function parseNavPoints(ncx: string): TocNode[] {
  const root: TocNode[] = [];
  const stack: TocNode[][] = [root];
  for (const m of ncx.matchAll(/<navPoint\b|<\/navPoint>|<text>([^<]*)<\/text>/g)) {
    if (m[0] === '<navPoint') {
      const node = { label: '', children: [] };
      stack[stack.length - 1].push(node);
      stack.push(node.children);
      (stack as unknown as { cur?: TocNode }).cur = node;
    } else if (m[0] === '</navPoint>') stack.pop();
    else {
      const cur = (stack as unknown as { cur?: TocNode }).cur;
      if (cur && !cur.label) cur.label = decodeEntities(m[1]);
    }
  }
  return root;
}

function decodeEntities(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** `calibre-debug --inspect-mobi`, run in a temp dir (it writes decompiled_* into cwd). */
export function inspectMobi(file: string): { status: number | null; output: string; files: Record<string, string> } {
  const dir = tempDir('inspect');
  const run = spawnSync('calibre-debug', ['--inspect-mobi', file], { cwd: dir, encoding: 'utf8' });
  const files: Record<string, string> = {};
  const sub = readdirSync(dir).find((f) => f.startsWith('decompiled_'));
  if (sub) {
    for (const f of readdirSync(join(dir, sub), { recursive: true }) as string[]) {
      if (/\.(txt|html)$/.test(f)) files[f] = readFileSync(join(dir, sub, f), 'utf8');
    }
  }
  return { status: run.status, output: `${run.stdout}\n${run.stderr}`, files };
}

export function writeTemp(name: string, data: Buffer): string {
  const path = join(tempDir('mobi'), name);
  writeFileSync(path, data);
  return path;
}

export function flatLabels(nodes: TocNode[]): string[] {
  return nodes.flatMap((n) => [n.label, ...flatLabels(n.children)]);
}
