// The AZW3 (KF8) writer read back by real readers (mobi-format.md §7).
import { initKf8File } from '@lingo-reader/mobi-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Azw3Result, buildAzw3 } from '../../src/mobi/azw3.ts';
import { ensureJfif } from '../../src/mobi/jfif.ts';
import type { MobiBook } from '../../src/mobi/writer.ts';
import { CHAPTERS, fixtureBook } from '../unit/mobi/fixture.ts';
import { ebookConvert, ebookMeta, flatLabels, inspectMobi, mobitoolRawml, tempDir, writeTemp } from './mobi/checks.ts';

let book: MobiBook;
let out: Azw3Result;
let path: string;

const LABELS = [
  'First Steps — Überblick',
  'Getting started',
  'Lists and quotes',
  'Second Chapter: Ñandú',
  'A section with 中文',
  'Deeper heading',
  'Last Words',
  'Thanks',
];

beforeAll(async () => {
  book = await fixtureBook();
  out = buildAzw3(book);
  path = writeTemp('fixture.azw3', out.file);
});

describe('AZW3 read back by real readers', () => {
  it('mobitool -d dumps raw text byte-identical to the flows written', () => {
    expect(mobitoolRawml(path).equals(out.text)).toBe(true);
  });

  it('ebook-meta shows title, author, language and the cover', () => {
    const { fields, cover } = ebookMeta(path);
    expect(fields.Title).toBe(book.title);
    expect(fields['Author(s)']).toBe('Ada Lövelace');
    expect(fields.Languages).toBe('deu');
    expect(cover?.equals(ensureJfif(book.cover!))).toBe(true);
  });

  it('ebook-convert keeps the chapters, images, nested TOC, CSS and resolved links', () => {
    const epub = ebookConvert(path);
    const top = epub.toc.length === 1 && epub.toc[0].label === book.title ? epub.toc[0].children : epub.toc;
    expect(top.map((n) => n.label)).toEqual(CHAPTERS.map((c) => c.title));
    expect(flatLabels(top)).toEqual(LABELS);
    expect(top[1].children[0].children.map((n) => n.label)).toEqual(['Deeper heading']);
    const all = epub.html.join('\n');
    let at = -1;
    for (const c of CHAPTERS) {
      const i = all.indexOf(c.title);
      expect(i, c.title).toBeGreaterThan(at);
      at = i;
    }
    expect(all).toContain('日本語のテキスト');
    expect(all).toMatch(/href="[^"]*#a-section-with-中文"/);
    expect(all).not.toContain('kindle:');
    expect(epub.images.filter((n) => !/cover/i.test(n)).length).toBeGreaterThanOrEqual(book.images!.length);
  });

  it('calibre-debug --inspect-mobi reads the KF8 tables and rebuilds every file', () => {
    const r = inspectMobi(path);
    expect(r.status, r.output).toBe(0);
    // The inspector recomputes TBS from the NCX and warns when ours differ.
    expect(r.output).not.toMatch(/mismatch|warning/i);
    // calibre reassembles each file from skeleton + fragments: byte for byte what we meant.
    const rebuilt = Object.keys(r.files)
      .filter((f) => /^files\/part\d+\.html$/.test(f))
      .sort();
    expect(rebuilt, Object.keys(r.files).join(', ')).toHaveLength(CHAPTERS.length);
    rebuilt.forEach((f, i) => {
      expect(r.files[f]).toBe(out.files[i]);
    });
  });

  it('@lingo-reader/mobi-parser loads metadata, the NCX TOC and every chapter', async () => {
    const m = await initKf8File(path, tempDir('lingo8'));
    expect(m.getMetadata().title).toBe(book.title);
    const toc = m.getToc();
    expect(toc.map((t) => t.label)).toEqual(CHAPTERS.map((c) => c.title));
    expect(toc[1].children?.[0].children?.[0].label).toBe('Deeper heading');
    const spine = m.getSpine();
    expect(spine).toHaveLength(CHAPTERS.length);
    spine.forEach((s, i) => {
      expect(m.loadChapter(s.id)?.html).toContain(CHAPTERS[i].title);
    });
    expect(m.getCoverImage()).not.toBe('');
    m.destroy();
  });
});
