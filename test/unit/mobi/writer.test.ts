import { beforeAll, describe, expect, it } from 'vitest';
import { ensureJfif } from '../../../src/mobi/jfif.ts';
import { readIndex, readMobi } from '../../../src/mobi/reader.ts';
import { EXTH } from '../../../src/mobi/record0.ts';
import { readBackwardVwi } from '../../../src/mobi/vwi.ts';
import { buildMobi, type MobiBook, type MobiResult } from '../../../src/mobi/writer.ts';
import { CHAPTERS, fixtureBook } from './fixture.ts';

let book: MobiBook;
let out: MobiResult;

beforeAll(async () => {
  book = await fixtureBook();
  out = buildMobi(book);
});

describe('writeMobi', () => {
  it('should store text that decompresses back to exactly what was laid out', () => {
    const m = readMobi(out.file);
    expect(m.header.textLength).toBe(out.text.length);
    expect(m.text.equals(out.text)).toBe(true);
    expect(m.header.textRecordCount).toBe(Math.ceil(out.text.length / 4096));
  });

  it('should carry multibyte characters across record boundaries in the overlap entry', () => {
    // 3-byte characters: 4096 is not a multiple of 3, so most record boundaries cut one.
    const cjk = buildMobi({
      title: 'CJK',
      authors: [],
      language: 'ja',
      identifier: 'cjk',
      chapters: [{ id: 'a', title: '日本', html: `<p>${'日本語のテキスト'.repeat(2000)}</p>` }],
    });
    const m = readMobi(cjk.file);
    expect(m.text.equals(cjk.text)).toBe(true);
    let crossings = 0;
    for (let k = 1; k <= m.header.textRecordCount; k++) {
      const rec = m.records[k];
      const tbs = m.header.extraDataFlags & 2 ? readBackwardVwi(rec, rec.length) : 0;
      const end = rec.length - tbs;
      const count = rec[end - 1] & 3;
      const next = cjk.text.subarray(4096 * k, 4096 * k + count);
      expect(rec.subarray(end - 1 - count, end - 1).equals(next)).toBe(true);
      for (const b of next) expect(b & 0xc0).toBe(0x80);
      if (count) crossings++;
    }
    expect(crossings).toBeGreaterThan(m.header.textRecordCount / 2);
  });

  it('should write the metadata into EXTH', () => {
    const m = readMobi(out.file);
    expect(m.header.title).toBe(book.title);
    expect(m.exth(EXTH.title)).toEqual([book.title]);
    expect(m.exth(EXTH.author)).toEqual(book.authors);
    expect(m.exth(EXTH.language)).toEqual(['de']);
    expect(m.exth(EXTH.subject)).toEqual(['drawing', 'notes']);
    expect(m.exth(EXTH.cdeType)).toEqual(['EBOK']);
    expect(m.exth(EXTH.source)).toEqual([book.identifier]);
    expect(m.header.locale).toBe(0x07);
    // Same identifier, same ids: builds are reproducible.
    expect(buildMobi(book).file.equals(out.file)).toBe(true);
  });

  it('should place content images first, then cover and thumbnail', () => {
    const m = readMobi(out.file);
    expect(m.images).toHaveLength(4);
    expect(m.images[0].equals(ensureJfif(book.images![0].data))).toBe(true);
    expect(m.images[1].equals(ensureJfif(book.images![1].data))).toBe(true);
    expect(m.exth(EXTH.coverOffset)).toEqual([2]);
    expect(m.exth(EXTH.thumbOffset)).toEqual([3]);
    expect(m.images[2].equals(ensureJfif(book.cover!))).toBe(true);
    // Every JPEG carries the JFIF header old Kindles look for.
    for (const im of m.images) expect(im.toString('latin1', 6, 10)).toBe('JFIF');
    expect(m.records[m.header.flisRecord].toString('latin1', 0, 4)).toBe('FLIS');
    expect(m.records[m.header.fcisRecord].toString('latin1', 0, 4)).toBe('FCIS');
    expect(m.records[m.records.length - 1].toString('hex')).toBe('e98e0d0a');
    const html = out.text.toString('utf8');
    expect(html).toContain('<img recindex="00001"');
    expect(html).toContain('<img recindex="00002"');
  });

  it('should point every filepos at the < of its target', () => {
    const html = out.text.toString('latin1');
    const targets = [...html.matchAll(/filepos=(\d{10})/g)].map((m) => Number(m[1]));
    expect(targets.length).toBeGreaterThan(CHAPTERS.length);
    for (const t of targets) expect(html[t]).toBe('<');
    expect(out.unresolved).toEqual([]);
    // The cross-chapter link lands on the heading in chapter two.
    const at = out.offsets.get('second-chapter#a-section-with-中文')!;
    expect(out.text.toString('utf8', at, at + 30)).toMatch(/^<h2>A section with/);
  });

  it('should start each chapter with its title and end it with a page break', () => {
    const html = out.text.toString('utf8');
    let last = -1;
    for (const c of CHAPTERS) {
      const at = out.offsets.get(c.id)!;
      expect(at).toBeGreaterThan(last);
      expect(out.text.toString('utf8', at).startsWith(`<h1>${c.title}</h1>`)).toBe(true);
      last = at;
    }
    expect(html.split('<mbp:pagebreak/>')).toHaveLength(CHAPTERS.length + 2);
    expect(html.endsWith('<mbp:pagebreak/></body></html>')).toBe(true);
  });

  it('should write a flat NCX covering chapters and sections in order', () => {
    const m = readMobi(out.file);
    const { entries, cncx } = readIndex(m.records, m.header.ncxIndex);
    const labels = entries.map((e) => cncx(e.values.get(3)![0]));
    expect(labels).toEqual([
      'First Steps — Überblick',
      'Getting started',
      'Lists and quotes',
      'Second Chapter: Ñandú',
      'A section with 中文',
      'Deeper heading',
      'Last Words',
      'Thanks',
    ]);
    const offs = entries.map((e) => e.values.get(1)![0]);
    expect(offs).toEqual([...offs].sort((a, b) => a - b));
    expect(m.header.extraDataFlags).toBe(3);
  });

  it('should work without images, cover or sections, and without compression', () => {
    const small = buildMobi({
      title: 'T',
      authors: [],
      language: 'en',
      identifier: 'x',
      compress: false,
      chapters: [{ id: 'a', title: 'A', html: '<p>hi</p>' }],
    });
    const m = readMobi(small.file);
    expect(m.header.compression).toBe(1);
    expect(m.text.equals(small.text)).toBe(true);
    expect(m.images).toEqual([]);
    expect(m.header.firstImageRecord).toBe(m.records.length);
  });
});

describe('chapter titles', () => {
  it('should not repeat a title when the post opens with its own h1', async () => {
    const { hastOf } = await import('./fixture.ts');
    const r = buildMobi({
      title: 'T',
      authors: [],
      language: 'en',
      identifier: 'x',
      chapters: [
        { id: 'a', title: 'Own Title', hast: await hastOf('# Own Title\n\nText') },
        { id: 'b', title: 'Given Title', hast: await hastOf('Text') },
      ],
    });
    const html = r.text.toString('utf8');
    expect(html.match(/<h1>Own Title<\/h1>/g)).toHaveLength(1);
    expect(html).toContain('<h1>Given Title</h1>');
  });
});
