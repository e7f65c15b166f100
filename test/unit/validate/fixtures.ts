// EPUB fixtures made in test setup: a minimal valid EPUB 3 written here with
// fflate, plus helpers to unpack, mutate and re-zip any EPUB (including the
// ones pandoc and Calibre make in the e2e tests).

import { constants, deflateRawSync } from 'node:zlib';
import { strFromU8, strToU8, unzipSync, type Zippable, zipSync } from 'fflate';
import sharp from 'sharp';

export interface Entry {
  name: string;
  data: Uint8Array;
  /** Store without compression (the mimetype must be, OCF 3.3 §4.2.3). */
  store?: boolean;
}

export type Files = Entry[];

export function text(files: Files, name: string): string {
  const e = files.find((f) => f.name === name);
  if (!e) throw new Error(`fixture has no ${name}`);
  return strFromU8(e.data);
}

export function put(files: Files, name: string, data: string | Uint8Array): Files {
  const bytes = typeof data === 'string' ? strToU8(data) : data;
  const i = files.findIndex((f) => f.name === name);
  const copy = files.slice();
  if (i === -1) copy.push({ name, data: bytes });
  else copy[i] = { ...copy[i]!, data: bytes };
  return copy;
}

export function edit(files: Files, name: string, fn: (s: string) => string): Files {
  const before = text(files, name);
  const after = fn(before);
  if (after === before) throw new Error(`mutation of ${name} changed nothing`);
  return put(files, name, after);
}

export function remove(files: Files, name: string): Files {
  if (!files.some((f) => f.name === name)) throw new Error(`fixture has no ${name}`);
  return files.filter((f) => f.name !== name);
}

/** Zips entries in the given order; `mimetype` is stored unless the entry says otherwise. */
export function zip(files: Files): Uint8Array {
  const z: Zippable = {};
  for (const f of files) z[f.name] = [f.data, { level: (f.store ?? f.name === 'mimetype') ? 0 : 6 }];
  return zipSync(z);
}

export function unzip(data: Uint8Array): Files {
  const out = unzipSync(data);
  return Object.entries(out).map(([name, d]) => ({ name, data: d, store: name === 'mimetype' }));
}

/** The package document path and the first spine content document of any EPUB. */
export function locate(files: Files): { opf: string; dir: string; firstDoc: string } {
  const container = text(files, 'META-INF/container.xml');
  const opf = /full-path="([^"]+)"/.exec(container)![1]!;
  const dir = opf.includes('/') ? opf.slice(0, opf.lastIndexOf('/') + 1) : '';
  const pkg = text(files, opf);
  const idrefs = [...pkg.matchAll(/<itemref[^>]*idref="([^"]+)"/g)].map((m) => m[1]!);
  const items = new Map(
    [...pkg.matchAll(/<item\b[^>]*>/g)].map((m) => [/\sid="([^"]+)"/.exec(m[0])?.[1], /href="([^"]+)"/.exec(m[0])?.[1]]),
  );
  // skip a title page or cover page so that mutations hit real text
  const hrefs = idrefs.map((id) => items.get(id)!).filter(Boolean);
  const firstDoc = dir + (hrefs.find((h) => !/title|cover/i.test(h)) ?? hrefs[0]!);
  return { opf, dir, firstDoc };
}

const CONTAINER = `<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
`;

export const UID = 'urn:uuid:8c4a7a52-5d0f-4a43-9d8e-3c1f2b6a9e10';

const OPF = `<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid" xml:lang="en">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="uid">${UID}</dc:identifier>
    <dc:title>Sketches from the Road</dc:title>
    <dc:language>en</dc:language>
    <dc:creator>A. Writer</dc:creator>
    <meta property="dcterms:modified">2026-11-25T12:00:00Z</meta>
    <meta property="schema:accessMode">textual</meta>
    <meta property="schema:accessMode">visual</meta>
    <meta property="schema:accessModeSufficient">textual</meta>
    <meta property="schema:accessibilityFeature">alternativeText</meta>
    <meta property="schema:accessibilityFeature">structuralNavigation</meta>
    <meta property="schema:accessibilityHazard">none</meta>
    <meta property="schema:accessibilitySummary">All images have text alternatives; headings give structure.</meta>
  </metadata>
  <manifest>
    <item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
    <item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>
    <item id="css" href="style.css" media-type="text/css"/>
    <item id="cover" href="images/cover.png" media-type="image/png" properties="cover-image"/>
    <item id="fig" href="images/fig.png" media-type="image/png"/>
    <item id="ch1" href="ch1.xhtml" media-type="application/xhtml+xml"/>
    <item id="ch2" href="ch2.xhtml" media-type="application/xhtml+xml"/>
  </manifest>
  <spine toc="ncx">
    <itemref idref="ch1"/>
    <itemref idref="ch2"/>
  </spine>
</package>
`;

const NAV = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" xml:lang="en" lang="en">
<head><title>Contents</title></head>
<body>
  <nav epub:type="toc" id="toc">
    <h1>Contents</h1>
    <ol>
      <li><a href="ch1.xhtml">Leaving</a></li>
      <li><a href="ch2.xhtml#arrival">Arriving</a></li>
    </ol>
  </nav>
</body>
</html>
`;

const NCX = `<?xml version="1.0" encoding="UTF-8"?>
<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1">
  <head><meta name="dtb:uid" content="${UID}"/></head>
  <docTitle><text>Sketches from the Road</text></docTitle>
  <navMap>
    <navPoint id="p1" playOrder="1"><navLabel><text>Leaving</text></navLabel><content src="ch1.xhtml"/></navPoint>
    <navPoint id="p2" playOrder="2"><navLabel><text>Arriving</text></navLabel><content src="ch2.xhtml#arrival"/></navPoint>
  </navMap>
</ncx>
`;

const CH1 = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" lang="en">
<head>
  <title>Leaving</title>
  <link rel="stylesheet" type="text/css" href="style.css"/>
</head>
<body>
  <section id="leaving">
    <h1>Leaving</h1>
    <p>We left before dawn, with the map drawn on the back of an envelope.</p>
    <figure>
      <img src="images/fig.png" alt="A hand-drawn map of the route along the coast"/>
      <figcaption>The route, as drawn the night before.</figcaption>
    </figure>
    <p>See <a href="ch2.xhtml#arrival">how it ended</a>.</p>
  </section>
</body>
</html>
`;

const CH2 = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" lang="en">
<head>
  <title>Arriving</title>
  <link rel="stylesheet" type="text/css" href="style.css"/>
</head>
<body>
  <section id="arrival">
    <h1>Arriving</h1>
    <p>The town was smaller than the map had promised.</p>
  </section>
</body>
</html>
`;

const CSS = `body { font-family: serif; line-height: 1.4; }
h1 { font-family: sans-serif; }
figure { margin: 1em 0; }
`;

let images: Promise<{ cover: Uint8Array; fig: Uint8Array }> | undefined;
function makeImages() {
  images ??= (async () => {
    const solid = (width: number, height: number, r: number) =>
      sharp({ create: { width, height, channels: 3, background: { r, g: 120, b: 90 } } })
        .png()
        .toBuffer();
    const [cover, fig] = await Promise.all([solid(1200, 1800, 40), solid(240, 160, 200)]);
    return { cover: new Uint8Array(cover), fig: new Uint8Array(fig) };
  })();
  return images;
}

/** A minimal, valid EPUB 3 (with an NCX so NCX mutations have something to break). */
export async function minimalFiles(): Promise<Files> {
  const { cover, fig } = await makeImages();
  return [
    { name: 'mimetype', data: strToU8('application/epub+zip'), store: true },
    { name: 'META-INF/container.xml', data: strToU8(CONTAINER) },
    { name: 'EPUB/package.opf', data: strToU8(OPF) },
    { name: 'EPUB/nav.xhtml', data: strToU8(NAV) },
    { name: 'EPUB/toc.ncx', data: strToU8(NCX) },
    { name: 'EPUB/style.css', data: strToU8(CSS) },
    { name: 'EPUB/images/cover.png', data: cover },
    { name: 'EPUB/images/fig.png', data: fig },
    { name: 'EPUB/ch1.xhtml', data: strToU8(CH1) },
    { name: 'EPUB/ch2.xhtml', data: strToU8(CH2) },
  ];
}

export async function minimalEpub(): Promise<Uint8Array> {
  return zip(await minimalFiles());
}

export interface RawEntry {
  name: string;
  /** Bytes as stored in the zip (already deflated when method is 8). */
  body: Uint8Array;
  method: 0 | 8;
  crc: number;
  /** Declared uncompressed size; may lie, which is the point of some fixtures. */
  size: number;
}

/**
 * Writes a zip byte by byte (APPNOTE 4.3.7 local header, 4.3.12 central header,
 * 4.3.16 end record) so fixtures can hold what no zip library will write:
 * duplicate names, lying sizes, hostile names.
 */
export function rawZip(entries: RawEntry[]): Uint8Array {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6);
    local.writeUInt16LE(e.method, 8);
    local.writeUInt32LE(e.crc >>> 0, 14);
    local.writeUInt32LE(e.body.byteLength, 18);
    local.writeUInt32LE(e.size, 22);
    local.writeUInt16LE(name.length, 26);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(0x800, 8);
    c.writeUInt16LE(e.method, 10);
    c.writeUInt32LE(e.crc >>> 0, 16);
    c.writeUInt32LE(e.body.byteLength, 20);
    c.writeUInt32LE(e.size, 24);
    c.writeUInt16LE(name.length, 28);
    c.writeUInt32LE(offset, 42);
    parts.push(local, name, Buffer.from(e.body));
    central.push(c, name);
    offset += 30 + name.length + e.body.byteLength;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...parts, cd, end]));
}

/**
 * A real deflate stream of `bytes` zeros (must be a multiple of 1 MiB): one
 * sync-flushed MiB repeated, then an empty final block. Each repeat only refers
 * back to zeros, so the stream inflates to exactly that many zeros while
 * costing about 1 KiB per MiB. The CRC is left 0: the guard must refuse the
 * entry from its declared size alone, before any inflation could check it.
 */
export function zipBomb(bytes = 3 * 1024 ** 3): Uint8Array {
  const mib = 1024 * 1024;
  const segment = deflateRawSync(Buffer.alloc(mib), { level: 9, finishFlush: constants.Z_SYNC_FLUSH });
  // 0x03 0x00: a final fixed-Huffman block holding only end-of-block (RFC 1951 §3.2.6)
  const body = Buffer.concat([...Array.from({ length: bytes / mib }, () => segment), Buffer.from([0x03, 0x00])]);
  return rawZip([{ name: 'zeros.bin', body: new Uint8Array(body), method: 8, crc: 0, size: bytes }]);
}
