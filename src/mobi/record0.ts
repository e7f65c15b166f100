// Record 0: PalmDOC header, MOBI header and EXTH block (mobi-format.md §2).
// Offsets in the tables below count from the start of record 0.

export const NO_INDEX = 0xffffffff;

export interface ExthRecord {
  type: number;
  value: string | number;
}

export interface Record0Fields {
  /** 6 for MOBI 6, 8 for KF8. */
  version: 6 | 8;
  title: string;
  /** Total uncompressed text length. */
  textLength: number;
  textRecordCount: number;
  /** PalmDOC compression: 1 none, 2 LZ77. */
  compression: 1 | 2;
  uniqueId: number;
  locale: number;
  firstNonBookRecord: number;
  /** Index of the first image record, or the record count when there is none. */
  firstImageRecord: number;
  /** MOBI 6: last content record (u16 at 0xC2). */
  lastContentRecord?: number;
  fdstRecord?: number;
  fdstCount?: number;
  fcisRecord: number;
  flisRecord: number;
  /** Bit 0 multibyte overlap, bit 1 TBS. */
  extraDataFlags: number;
  ncxIndex: number;
  fragmentIndex?: number;
  skeletonIndex?: number;
  guideIndex?: number;
  exth: ExthRecord[];
}

/** EXTH numbers (§2.3). */
export const EXTH = {
  author: 100,
  publisher: 101,
  description: 103,
  isbn: 104,
  subject: 105,
  date: 106,
  rights: 109,
  source: 112,
  asin: 113,
  startReading: 116,
  resourceCount: 125,
  kf8CoverUri: 129,
  unknown131: 131,
  coverOffset: 201,
  thumbOffset: 202,
  fakeCover: 203,
  creatorSoftware: 204,
  creatorMajor: 205,
  creatorMinor: 206,
  creatorBuild: 207,
  cdeType: 501,
  title: 503,
  language: 524,
  pageProgression: 527,
} as const;

/** EXTH records whose value is a u32 rather than text. */
const NUMERIC = new Set<number>([115, 116, 121, 125, 131, 201, 202, 203, 204, 205, 206, 207]);

export function encodeExth(records: ExthRecord[]): Buffer {
  const parts = records.map((r) => {
    const data = typeof r.value === 'number' ? u32(r.value) : Buffer.from(r.value, 'utf8');
    const head = Buffer.alloc(8);
    head.writeUInt32BE(r.type, 0);
    head.writeUInt32BE(8 + data.length, 4);
    return Buffer.concat([head, data]);
  });
  const body = Buffer.concat(parts);
  const head = Buffer.alloc(12);
  head.write('EXTH', 0, 'latin1');
  head.writeUInt32BE(12 + body.length, 4);
  head.writeUInt32BE(records.length, 8);
  // calibre always pads with at least one byte; the title offset uses the padded size.
  const pad = 4 - ((12 + body.length) % 4 || 4) || 4;
  return Buffer.concat([head, body, Buffer.alloc(pad)]);
}

function u32(v: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(v >>> 0, 0);
  return b;
}

export function writeRecord0(f: Record0Fields): Buffer {
  const headerLength = f.version === 8 ? 0x108 : 0xe8;
  const h = Buffer.alloc(16 + headerLength);
  // PalmDOC header (§2.1).
  h.writeUInt16BE(f.compression, 0x00);
  h.writeUInt32BE(f.textLength, 0x04);
  h.writeUInt16BE(f.textRecordCount, 0x08);
  h.writeUInt16BE(4096, 0x0a);
  // MOBI header (§2.2).
  h.write('MOBI', 0x10, 'latin1');
  h.writeUInt32BE(headerLength, 0x14);
  h.writeUInt32BE(2, 0x18);
  h.writeUInt32BE(65001, 0x1c);
  h.writeUInt32BE(f.uniqueId >>> 0, 0x20);
  h.writeUInt32BE(f.version, 0x24);
  for (let off = 0x28; off < 0x50; off += 4) h.writeUInt32BE(NO_INDEX, off);
  h.writeUInt32BE(f.firstNonBookRecord, 0x50);
  const title = Buffer.from(f.title, 'utf8');
  const exth = encodeExth(f.exth);
  h.writeUInt32BE(16 + headerLength + exth.length, 0x54);
  h.writeUInt32BE(title.length, 0x58);
  h.writeUInt32BE(f.locale, 0x5c);
  h.writeUInt32BE(f.version, 0x68);
  h.writeUInt32BE(f.firstImageRecord, 0x6c);
  h.writeUInt32BE(0x50, 0x80);
  h.writeUInt32BE(NO_INDEX, 0xa4);
  h.writeUInt32BE(NO_INDEX, 0xa8);
  if (f.version === 8) {
    h.writeUInt32BE(f.fdstRecord ?? NO_INDEX, 0xc0);
    h.writeUInt32BE(f.fdstCount ?? 1, 0xc4);
  } else {
    h.writeUInt16BE(1, 0xc0);
    h.writeUInt16BE(f.lastContentRecord ?? 1, 0xc2);
    h.writeUInt32BE(1, 0xc4);
  }
  h.writeUInt32BE(f.fcisRecord, 0xc8);
  h.writeUInt32BE(1, 0xcc);
  h.writeUInt32BE(f.flisRecord, 0xd0);
  h.writeUInt32BE(1, 0xd4);
  h.writeUInt32BE(NO_INDEX, 0xe0);
  h.writeUInt32BE(NO_INDEX, 0xe8);
  h.writeUInt32BE(NO_INDEX, 0xec);
  h.writeUInt32BE(f.extraDataFlags, 0xf0);
  h.writeUInt32BE(f.ncxIndex, 0xf4);
  if (f.version === 8) {
    h.writeUInt32BE(f.fragmentIndex ?? NO_INDEX, 0xf8);
    h.writeUInt32BE(f.skeletonIndex ?? NO_INDEX, 0xfc);
    h.writeUInt32BE(NO_INDEX, 0x100);
    h.writeUInt32BE(f.guideIndex ?? NO_INDEX, 0x104);
    Buffer.from('ffffffff00000000ffffffff00000000', 'hex').copy(h, 0x108);
  }
  const rec = Buffer.concat([h, exth, title, Buffer.alloc(2)]);
  return Buffer.concat([rec, Buffer.alloc((4 - (rec.length % 4)) % 4)]);
}

export interface Record0 {
  compression: number;
  textLength: number;
  textRecordCount: number;
  encryption: number;
  headerLength: number;
  encoding: number;
  version: number;
  uniqueId: number;
  firstNonBookRecord: number;
  title: string;
  locale: number;
  minVersion: number;
  firstImageRecord: number;
  exthFlags: number;
  fdstRecord: number;
  fdstCount: number;
  fcisRecord: number;
  flisRecord: number;
  extraDataFlags: number;
  ncxIndex: number;
  fragmentIndex: number;
  skeletonIndex: number;
  guideIndex: number;
  exth: ExthRecord[];
}

export function readRecord0(r: Buffer): Record0 {
  if (r.toString('latin1', 0x10, 0x14) !== 'MOBI') throw new Error('record 0: no MOBI header at 0x10');
  const headerLength = r.readUInt32BE(0x14);
  const exthFlags = r.readUInt32BE(0x80);
  const exth: ExthRecord[] = [];
  if (exthFlags & 0x40) {
    let p = 16 + headerLength;
    if (r.toString('latin1', p, p + 4) !== 'EXTH') throw new Error('record 0: EXTH flag set but no EXTH block');
    const count = r.readUInt32BE(p + 8);
    p += 12;
    for (let i = 0; i < count; i++) {
      const type = r.readUInt32BE(p);
      const size = r.readUInt32BE(p + 4);
      const data = r.subarray(p + 8, p + size);
      exth.push({ type, value: NUMERIC.has(type) && data.length === 4 ? data.readUInt32BE(0) : data.toString('utf8') });
      p += size;
    }
  }
  const nameOff = r.readUInt32BE(0x54);
  const big = headerLength >= 0xf8;
  return {
    compression: r.readUInt16BE(0),
    textLength: r.readUInt32BE(4),
    textRecordCount: r.readUInt16BE(8),
    encryption: r.readUInt16BE(0x0c),
    headerLength,
    encoding: r.readUInt32BE(0x1c),
    version: r.readUInt32BE(0x24),
    uniqueId: r.readUInt32BE(0x20),
    firstNonBookRecord: r.readUInt32BE(0x50),
    title: r.toString('utf8', nameOff, nameOff + r.readUInt32BE(0x58)),
    locale: r.readUInt32BE(0x5c),
    minVersion: r.readUInt32BE(0x68),
    firstImageRecord: r.readUInt32BE(0x6c),
    exthFlags,
    fdstRecord: r.readUInt32BE(0xc0),
    fdstCount: r.readUInt32BE(0xc4),
    fcisRecord: r.readUInt32BE(0xc8),
    flisRecord: r.readUInt32BE(0xd0),
    extraDataFlags: r.readUInt32BE(0xf0),
    ncxIndex: r.readUInt32BE(0xf4),
    fragmentIndex: big ? r.readUInt32BE(0xf8) : NO_INDEX,
    skeletonIndex: big ? r.readUInt32BE(0xfc) : NO_INDEX,
    guideIndex: big ? r.readUInt32BE(0x104) : NO_INDEX,
    exth,
  };
}

// Windows LCIDs (primary language, sub-language) for the languages a blog is likely in;
// values from calibre's langcodes.py table (mobi-format.md §2.2, 0x5C).
const LCID: Record<string, [number, Record<string, number>]> = {
  en: [0x09, { us: 1, gb: 2, au: 3, ca: 4, nz: 5, ie: 6, za: 7 }],
  de: [0x07, { de: 1, ch: 2, at: 3, lu: 4, li: 5 }],
  fr: [0x0c, { fr: 1, be: 2, ca: 3, ch: 4, lu: 5 }],
  es: [0x0a, { es: 1, mx: 2 }],
  it: [0x10, { it: 1, ch: 2 }],
  nl: [0x13, { nl: 1, be: 2 }],
  pt: [0x16, { br: 1, pt: 2 }],
  ja: [0x11, {}],
  zh: [0x04, { tw: 1, cn: 2, hk: 3, sg: 4 }],
  ru: [0x19, {}],
  pl: [0x15, {}],
  sv: [0x1d, {}],
  da: [0x06, {}],
  fi: [0x0b, {}],
  nb: [0x14, {}],
  no: [0x14, {}],
  cs: [0x05, {}],
  el: [0x08, {}],
  ko: [0x12, {}],
  tr: [0x1f, {}],
  uk: [0x22, {}],
  ar: [0x01, {}],
  he: [0x0d, {}],
  hu: [0x0e, {}],
  ca: [0x03, {}],
};

/** The 0x5C locale value for a BCP-47 tag; 0 (neutral) when unknown. */
export function localeCode(lang: string): number {
  const [primary, region] = lang.toLowerCase().split(/[-_]/);
  const entry = LCID[primary];
  if (!entry) return 0;
  const sub = region ? (entry[1][region] ?? 0) : 0;
  return (sub << 10) | entry[0];
}
