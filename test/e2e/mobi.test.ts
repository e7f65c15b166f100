// The MOBI 6 writer read back by real readers (mobi-format.md §7).
import { initMobiFile } from '@lingo-reader/mobi-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureJfif } from '../../src/mobi/jfif.ts';
import { buildMobi, type MobiBook, type MobiResult } from '../../src/mobi/writer.ts';
import { CHAPTERS, fixtureBook } from '../unit/mobi/fixture.ts';
import { ebookConvert, ebookMeta, flatLabels, inspectMobi, mobitoolRawml, tempDir, writeTemp } from './mobi/checks.ts';

let book: MobiBook;
let out: MobiResult;
let path: string;

const TOC = [
  { label: 'First Steps — Überblick', children: ['Getting started', 'Lists and quotes'] },
  { label: 'Second Chapter: Ñandú', children: ['A section with 中文'] },
  { label: 'Last Words', children: ['Thanks'] },
];

beforeAll(async () => {
  book = await fixtureBook();
  out = buildMobi(book);
  path = writeTemp('fixture.mobi', out.file);
});

describe('MOBI 6 read back by real readers', () => {
  it('mobitool -d dumps raw markup byte-identical to the text written', () => {
    const raw = mobitoolRawml(path);
    expect(raw.length).toBe(out.text.length);
    expect(raw.equals(out.text)).toBe(true);
  });

  it('ebook-meta shows title, author, language, metadata and the cover', () => {
    const { fields, cover } = ebookMeta(path);
    expect(fields.Title).toBe(book.title);
    expect(fields['Author(s)']).toBe('Ada Lövelace');
    expect(fields.Languages).toBe('deu');
    expect(fields.Publisher).toBe('Postbound Press');
    expect(fields.Tags).toBe('drawing, notes');
    expect(fields.Published).toMatch(/^2024-05-01/);
    expect(cover?.equals(ensureJfif(book.cover!))).toBe(true);
  });

  it('ebook-convert keeps chapter titles in order, every image and the nested TOC', () => {
    const epub = ebookConvert(path);
    expect(epub.warnings).not.toMatch(/corrupted/i);
    // Top level: the book title, then our chapters nested under it (calibre's inline-TOC reading).
    const top = epub.toc.length === 1 && epub.toc[0].label === book.title ? epub.toc[0].children : epub.toc;
    expect(top.map((n) => n.label)).toEqual(TOC.map((t) => t.label));
    expect(top[0].children.map((n) => n.label)).toEqual(TOC[0].children);
    expect(top[1].children.map((n) => n.label)).toEqual(TOC[1].children);
    expect(top[1].children[0].children.map((n) => n.label)).toEqual(['Deeper heading']);
    const all = epub.html.join('\n');
    let at = -1;
    for (const c of CHAPTERS) {
      const i = all.indexOf(c.title);
      expect(i, c.title).toBeGreaterThan(at);
      at = i;
    }
    expect(all).toContain('日本語のテキスト');
    expect(all).toContain('The footnote text');
    expect(all).toContain('<table');
    const contentImages = epub.images.filter((n) => !/cover/i.test(n));
    expect(contentImages).toHaveLength(book.images!.length);
    expect(all.match(/<img /g)?.length).toBeGreaterThanOrEqual(book.images!.length);
    expect(all).not.toMatch(/background/i);
  });

  it('calibre-debug --inspect-mobi accepts the headers, the NCX index and TBS', () => {
    const r = inspectMobi(path);
    expect(r.status, r.output).toBe(0);
    // The inspector recomputes TBS from the NCX and warns when ours differ.
    expect(r.output).not.toMatch(/mismatch|warning/i);
    const header = r.files['header.txt'];
    expect(header).toMatch(/Number of text records\s*:?\s*\d+/i);
    const index = r.files['index.txt'];
    for (const label of flatLabels(
      TOC.map((t) => ({ label: t.label, children: t.children.map((c) => ({ label: c, children: [] })) })),
    )) {
      expect(index).toContain(label);
    }
    expect(r.files['tbs_indexing.txt']).toMatch(/TBS bytes: 86 80 2/);
  });

  it('@lingo-reader/mobi-parser loads metadata, the TOC and every chapter', async () => {
    const m = await initMobiFile(path, tempDir('lingo'));
    const meta = m.getMetadata();
    expect(meta.title).toBe(book.title);
    expect(meta.author).toEqual(['Ada Lövelace']);
    expect(meta.language).toBe('de');
    const toc = m.getToc();
    expect(toc.map((t) => t.label)).toEqual(TOC.map((t) => t.label));
    expect(toc[1].children?.[0].children?.[0].label).toBe('Deeper heading');
    const spine = m.getSpine();
    expect(spine.length).toBeGreaterThanOrEqual(CHAPTERS.length);
    const html = spine.map((s) => m.loadChapter(s.id)?.html ?? '');
    CHAPTERS.forEach((c, i) => {
      expect(html[i]).toContain(c.title);
    });
    expect(m.getCoverImage()).not.toBe('');
    m.destroy();
  });
});
