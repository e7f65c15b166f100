import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { build, buildEpub } from '../../../src/epub/index.ts';
import type { BuildContext } from '../../../src/pipeline/context.ts';
import { contextFor } from '../../e2e/epub-fixture.ts';
import { makeProject } from '../../helpers/project.ts';

let ctx: BuildContext;
let bytes: Buffer;
let info: Record<string, unknown>;
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  isArray: (n) => ['item', 'itemref', 'meta'].includes(n),
});
const text = (b: Uint8Array) => new TextDecoder().decode(b);

/** The zip's local file headers in order: name, method, extra length (APPNOTE 4.3.7). */
function localHeaders(zip: Buffer): { name: string; method: number; extra: number }[] {
  const out: { name: string; method: number; extra: number }[] = [];
  let at = 0;
  while (zip.readUInt32LE(at) === 0x04034b50) {
    const method = zip.readUInt16LE(at + 8);
    const compressed = zip.readUInt32LE(at + 18);
    const nameLen = zip.readUInt16LE(at + 26);
    const extra = zip.readUInt16LE(at + 28);
    out.push({ name: zip.toString('utf8', at + 30, at + 30 + nameLen), method, extra });
    at += 30 + nameLen + extra + compressed;
  }
  return out;
}

beforeAll(async () => {
  ctx = await contextFor(await makeProject());
  const [out] = await build(ctx);
  expect(out?.path).toBe('book/test-book.epub');
  bytes = readFileSync(join(ctx.outDir, out?.path as string));
  expect(out?.bytes).toBe(bytes.length);
  info = out?.info as Record<string, unknown>;
});

describe('the EPUB zip', () => {
  it('should start with the mimetype, stored, with no extra field', () => {
    expect(bytes.toString('latin1', 30, 58)).toBe('mimetypeapplication/epub+zip');
    const [first] = localHeaders(bytes);
    expect(first).toEqual({ name: 'mimetype', method: 0, extra: 0 });
  });

  it('should list every file in the manifest exactly once, and the container should point at the OPF', () => {
    const files = unzipSync(bytes);
    const container = parser.parse(text(files['META-INF/container.xml'] as Uint8Array));
    const opfPath = container.container.rootfiles.rootfile['full-path'];
    const opf = parser.parse(text(files[opfPath] as Uint8Array)).package;
    const base = opfPath.replace(/[^/]+$/, '');
    const hrefs = (opf.manifest.item as { href: string }[]).map((i) => base + i.href);
    expect(new Set(hrefs).size).toBe(hrefs.length);
    const inZip = Object.keys(files).filter((n) => n !== 'mimetype' && !n.startsWith('META-INF/') && n !== opfPath);
    expect([...hrefs].sort()).toEqual([...inZip].sort());
    expect(localHeaders(bytes).map((h) => h.name)).toEqual(Object.keys(files));
  });

  it('should report chapters, images and the source of each chapter file', () => {
    expect(info.chapters).toBe(2);
    // one sketch plus the cover and the summary picture
    expect(info.images).toBe(3);
    const files = unzipSync(bytes);
    const imageBytes = Object.entries(files)
      .filter(([n]) => /\.(jpg|png)$/.test(n))
      .reduce((s, [, d]) => s + d.length, 0);
    expect(info.imageBytes).toBe(imageBytes);
    expect(info.sources).toEqual({
      'EPUB/intro.xhtml': 'content/posts/2025-01-01-intro.md',
      'EPUB/first.xhtml': 'content/posts/2025-01-02-first.md',
      'EPUB/second.xhtml': 'content/posts/2025-01-03-second.md',
    });
  });

  it('should give the same bytes for the same content, in any time zone', async () => {
    const book = ctx.site.books[0];
    if (!book) throw new Error('no book');
    const before = process.env.TZ;
    try {
      process.env.TZ = 'Pacific/Auckland';
      const again = await buildEpub(ctx, book);
      process.env.TZ = 'America/Los_Angeles';
      const third = await buildEpub(ctx, book);
      expect(Buffer.from(again.bytes).equals(bytes)).toBe(true);
      expect(Buffer.from(third.bytes).equals(bytes)).toBe(true);
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
  });

  it("should date every entry with the book's modified time", () => {
    // DOS date/time at offsets 10 and 12 of each local header (APPNOTE 4.4.6)
    const time = bytes.readUInt16LE(10);
    const date = bytes.readUInt16LE(12);
    const modified = new Date(ctx.site.books[0]?.modified as string);
    expect((date >> 9) + 1980).toBe(modified.getUTCFullYear());
    expect(((date >> 5) & 15) - 1).toBe(modified.getUTCMonth());
    expect(date & 31).toBe(modified.getUTCDate());
    expect(time >> 11).toBe(modified.getUTCHours());
  });
});

describe('the stylesheet', () => {
  it("should come from the project's templates/epub.css when there is one", async () => {
    const own = '/* mine */ body { line-height: 1.6; }\n';
    const c = await contextFor(await makeProject({ 'templates/epub.css': own }));
    const [out] = await build(c);
    const files = unzipSync(readFileSync(join(c.outDir, out?.path as string)));
    expect(text(files['EPUB/styles/book.css'] as Uint8Array)).toBe(own);
  });

  it('should ship one that leaves sizes and colours to the reader', () => {
    const css = text(unzipSync(bytes)['EPUB/styles/book.css'] as Uint8Array);
    expect(css).toMatch(/img \{[^}]*max-width: 100%/);
    expect(css).toMatch(/break-after: avoid/);
    expect(css).not.toMatch(/font-size:\s*[\d.]+(px|pt)/);
    // the only colours are the white page and grey rules, never text colour
    expect(css).not.toMatch(/(^|[;{\s])color:/);
  });
});
