// Images of imported posts: found in a local media folder (a copy of
// wp-content/uploads, or any folder of files), or downloaded when the writer
// asked for it with --fetch. Stored under content/images/ with names made
// from the original path, cleaned so that no name can leave that folder.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, extname, join, relative, sep } from 'node:path';
import sharp, { type Metadata } from 'sharp';

export const MAX_IMAGE_BYTES = 25 * 1024 * 1024;
const MAX_MEDIA_FILES = 200_000;

export interface MediaOptions {
  /** Absolute path of the folder that holds the images, if any. */
  mediaDir?: string;
  fetch: boolean;
  fetchTimeoutMs: number;
  /** Absolute path of content/images. */
  imagesDir: string;
  dryRun: boolean;
  force: boolean;
}

export interface ImageResult {
  /** File name under content/images/, when imported. */
  name?: string;
  /** Why it was not imported. */
  missing?: string;
  /** The original path tried to leave its folder and was renamed. */
  unsafeName?: string;
  converted?: string;
  fetched?: boolean;
  /** A different file of that name was already there (kept, not overwritten). */
  kept?: boolean;
}

/** Cleans a path into one safe file name: no folders, no `..`, only [a-z0-9._-]. */
export function safeName(path: string): { name: string; unsafe: boolean } {
  const segments = path.split(/[/\\]+/);
  const unsafe = segments.includes('..') || /^([/\\]|[a-z]:)/i.test(path) || path.includes('\0');
  const clean = segments
    .filter((s) => s && s !== '.' && s !== '..')
    .map((s) =>
      s
        .normalize('NFKD')
        .replace(/[\u0300-\u036f]/g, '')
        .toLowerCase()
        .replace(/[^a-z0-9._-]+/g, '-')
        .replace(/\.{2,}/g, '.')
        .replace(/^[.-]+|-+$/g, ''),
    )
    .filter(Boolean);
  let name = clean.join('-') || 'image';
  if (!/\.[a-z0-9]+$/.test(name)) name += '.img';
  if (name.length > 120) name = name.slice(name.length - 120).replace(/^[.-]+/, '');
  return { name, unsafe };
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export class MediaStore {
  private readonly options: MediaOptions;
  private index?: { byPath: Map<string, string>; byName: Map<string, string[]> };
  private readonly results = new Map<string, Promise<ImageResult>>();
  /** name → content hash of what was stored under it in this run. */
  private readonly stored = new Map<string, string>();

  constructor(options: MediaOptions) {
    this.options = options;
  }

  resolve(src: string, base: string | undefined): Promise<ImageResult> {
    let url: URL | undefined;
    try {
      url = new URL(src, base);
    } catch {
      url = undefined;
    }
    const key = url?.href ?? src;
    let job = this.results.get(key);
    if (!job) {
      job = this.load(src, url);
      this.results.set(key, job);
    }
    return job;
  }

  private async load(src: string, url: URL | undefined): Promise<ImageResult> {
    const inline = /^\s*data:image\/(png|jpe?g|gif|webp);base64,([A-Za-z0-9+/=\s]*)$/i.exec(src);
    if (inline) {
      // An image pasted into the editor: stored like any other, named by its content.
      if (inline[2].length > (MAX_IMAGE_BYTES * 4) / 3)
        return { missing: `an inline image larger than ${MAX_IMAGE_BYTES / 1024 / 1024} MB` };
      const bytes = Buffer.from(inline[2].replace(/\s+/g, ''), 'base64');
      const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 12);
      return this.store(`inline-${hash}.${inline[1].toLowerCase().replace('jpeg', 'jpg')}`, bytes);
    }
    if (/^\s*data:/i.test(src))
      return { missing: 'an inline data: image in a form postbound does not store; save it as a file and link it' };
    const remote = url !== undefined && /^https?:$/.test(url.protocol);
    const rawPath = decode(remote ? url.pathname : src.split(/[?#]/)[0]);
    const uploads = /(?:^|\/)wp-content\/uploads\/(.+)$/.exec(rawPath);
    const rel = uploads ? uploads[1] : rawPath;
    // A URL path starts with / by nature; only .. inside it is an attempt to climb out.
    const { unsafe } = safeName(remote ? rel.replace(/^\/+/, '') : rel);
    let { name } = safeName(uploads ? rel : basename(rel.replace(/\\/g, '/')) || rel);
    const result: ImageResult = unsafe ? { unsafeName: rawPath } : {};

    const found = await this.findLocal(rel);
    let bytes = found?.bytes;
    // A resized copy found as its original takes the original's name.
    if (found && found.name !== (rel.split(/[/\\]+/).at(-1) ?? '').toLowerCase())
      name = safeName(
        uploads
          ? `${rel
              .split(/[/\\]+/)
              .slice(0, -1)
              .join('/')}/${found.name}`
          : found.name,
      ).name;
    if (!bytes && remote && this.options.fetch) {
      if (this.options.dryRun) return { ...result, name, fetched: true };
      const got = await download(url.href, this.options.fetchTimeoutMs);
      if ('error' in got) return { ...result, missing: got.error };
      bytes = got.bytes;
      result.fetched = true;
    }
    if (!bytes) {
      const where = this.options.mediaDir
        ? `not in the media folder${remote && !this.options.fetch ? ' (add --fetch to download it)' : ''}`
        : remote
          ? 'no --media folder given and --fetch is off'
          : 'no --media folder given';
      return { ...result, missing: where };
    }
    return { ...result, ...(await this.store(name, bytes)) };
  }

  /** The file for `rel` in the media folder, and its name there (lower case). */
  private async findLocal(rel: string): Promise<{ bytes: Buffer; name: string } | undefined> {
    if (!this.options.mediaDir) return undefined;
    const index = await this.mediaIndex();
    const parts = rel.split(/[/\\]+/).filter((s) => s && s !== '.' && s !== '..');
    const name = parts.at(-1) ?? '';
    // WordPress links resized copies (photo-300x200.jpg, made by wp_generate_attachment_metadata)
    // beside their original in the same year/month folder: the original is the one worth a book.
    const original = name.replace(/-\d+x\d+(\.[a-z0-9]+)$/i, '$1');
    const folder = parts.slice(0, -1).join('/');
    const at = (file: string) => index.byPath.get((folder ? `${folder}/${file}` : file).toLowerCase());
    const hit =
      (original !== name ? at(original) : undefined) ??
      at(name) ??
      (original !== name ? index.byName.get(original.toLowerCase())?.[0] : undefined) ??
      index.byName.get(name.toLowerCase())?.[0];
    return hit ? { bytes: await readFile(hit), name: basename(hit).toLowerCase() } : undefined;
  }

  private async mediaIndex() {
    if (this.index) return this.index;
    const root = this.options.mediaDir as string;
    const byPath = new Map<string, string>();
    const byName = new Map<string, string[]>();
    const entries = existsSync(root) ? await readdir(root, { recursive: true, withFileTypes: true }) : [];
    for (const e of entries.slice(0, MAX_MEDIA_FILES)) {
      if (!e.isFile()) continue; // symlinks are not followed out of the media folder
      const abs = join(e.parentPath ?? (e as unknown as { path: string }).path, e.name);
      byPath.set(relative(root, abs).split(sep).join('/').toLowerCase(), abs);
      const list = byName.get(e.name.toLowerCase()) ?? [];
      list.push(abs);
      byName.set(e.name.toLowerCase(), list.sort());
    }
    this.index = { byPath, byName };
    return this.index;
  }

  /** Checks the bytes are a picture, converts formats e-readers cannot show to PNG, writes it once. */
  private async store(wanted: string, input: Buffer): Promise<ImageResult> {
    let meta: Metadata;
    try {
      meta = await sharp(input, { limitInputPixels: 100_000_000 }).metadata();
    } catch {
      return { missing: 'the file is not a picture sharp can read' };
    }
    let bytes = input;
    let name = wanted;
    const result: ImageResult = {};
    if (meta.format === 'jpeg' || meta.format === 'png') {
      const ext = meta.format === 'png' ? '.png' : /\.jpe?g$/.test(name) ? extname(name) : '.jpg';
      name = `${name.slice(0, name.length - extname(name).length)}${ext}`;
    } else if (meta.format === 'gif' || meta.format === 'webp' || (meta.format === 'heif' && meta.compression === 'av1')) {
      // The build reads GIF, WebP and AVIF itself (src/assets/images.ts) and makes what each target needs: kept as they are.
      const ext = meta.format === 'heif' ? '.avif' : `.${meta.format}`;
      name = `${name.slice(0, name.length - extname(name).length)}${ext}`;
    } else if (meta.format && ['heif', 'tiff'].includes(meta.format)) {
      // HEIC and TIFF are not among the formats the build reads.
      bytes = await sharp(input, { limitInputPixels: 100_000_000 }).png().toBuffer();
      name = `${name.slice(0, name.length - extname(name).length)}.png`;
      result.converted = meta.format;
    } else {
      return { missing: `a ${meta.format ?? 'unknown'} image; postbound uses PNG and JPEG` };
    }
    const hash = createHash('sha256').update(bytes).digest('hex');
    const taken = this.stored.get(name);
    if (taken && taken !== hash)
      name = `${name.slice(0, name.length - extname(name).length)}-${hash.slice(0, 8)}${extname(name)}`;
    this.stored.set(name, hash);
    const path = join(this.options.imagesDir, name);
    if (!this.options.dryRun) {
      const existing = existsSync(path) ? await readFile(path) : undefined;
      if (existing && !existing.equals(bytes) && !this.options.force) return { ...result, name, kept: true };
      if (!existing?.equals(bytes)) {
        await mkdir(this.options.imagesDir, { recursive: true });
        await writeFile(path, bytes);
      }
    }
    return { ...result, name };
  }
}

/** One image over HTTP(S) with a timeout and a size cap; only called with --fetch. */
async function download(href: string, timeoutMs: number): Promise<{ bytes: Buffer } | { error: string }> {
  try {
    const response = await fetch(href, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
    if (!response.ok) return { error: `download failed: HTTP ${response.status}` };
    const length = Number(response.headers.get('content-length') ?? 0);
    if (length > MAX_IMAGE_BYTES) return { error: `larger than ${MAX_IMAGE_BYTES / 1024 / 1024} MB` };
    const chunks: Buffer[] = [];
    let total = 0;
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      total += chunk.byteLength;
      if (total > MAX_IMAGE_BYTES) return { error: `larger than ${MAX_IMAGE_BYTES / 1024 / 1024} MB` };
      chunks.push(Buffer.from(chunk));
    }
    return { bytes: Buffer.concat(chunks) };
  } catch (error) {
    const e = error as Error;
    return { error: `download failed: ${e.name === 'TimeoutError' ? `no answer within ${timeoutMs / 1000} s` : e.message}` };
  }
}
