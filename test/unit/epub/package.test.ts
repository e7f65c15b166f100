import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { accessibilityMetadata } from '../../../src/epub/a11y.ts';
import { containerXml, ncxDocument, type PackageMetadata, packageDocument } from '../../../src/epub/package.ts';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  isArray: (name) => ['meta', 'item', 'itemref', 'dc:title', 'dc:subject', 'navPoint'].includes(name),
});

const meta: PackageMetadata = {
  identifier: 'urn:uuid:0000',
  title: 'Title & more',
  subtitle: 'Sub',
  author: 'Ada',
  language: 'pt-BR',
  modified: '2025-01-02T03:04:05Z',
  date: '2025-01-02',
  description: '',
  publisher: 'Press',
  subjects: ['a', 'b'],
  rights: 'CC BY 4.0',
  series: { title: 'The Series', position: 1 },
  coverId: 'cover-image',
  a11y: accessibilityMetadata({ images: 1, imagesWithoutAlt: 0, summaryAsText: true, author: 'Ada' }, undefined),
};

describe('packageDocument', () => {
  const opf = packageDocument(
    meta,
    [{ id: 'c', href: 'images/c.jpg', mediaType: 'image/jpeg', properties: 'cover-image' }],
    [{ idref: 'x' }],
  );
  const pkg = parser.parse(opf).package;
  const metas = pkg.metadata.meta as Record<string, string>[];
  const prop = (p: string, refines?: string) =>
    metas.filter((m) => m.property === p && m.refines === refines).map((m) => m['#text']);

  it('should be well-formed EPUB 3 with a unique identifier and the spine pointing at the NCX', () => {
    expect(XMLValidator.validate(opf)).toBe(true);
    expect(pkg.version).toBe('3.0');
    expect(pkg['unique-identifier']).toBe('book-id');
    expect(pkg.metadata['dc:identifier']).toEqual({ id: 'book-id', '#text': 'urn:uuid:0000' });
    expect(pkg.spine.toc).toBe('ncx');
  });

  it('should take the language from the book and leave out an empty description', () => {
    expect(pkg.metadata['dc:language']).toBe('pt-BR');
    expect(pkg['xml:lang']).toBe('pt-BR');
    expect(opf).not.toContain('dc:description');
  });

  it('should refine the subtitle, the author role and the series', () => {
    expect(pkg.metadata['dc:title'].map((t: { '#text': string }) => t['#text'])).toEqual(['Title & more', 'Sub']);
    expect(prop('title-type', '#subtitle')).toEqual(['subtitle']);
    expect(prop('role', '#creator')).toEqual(['aut']);
    expect(prop('belongs-to-collection')).toEqual(['The Series']);
    expect(prop('collection-type', '#series')).toEqual(['series']);
    expect(prop('group-position', '#series')).toEqual(['1']);
    expect(prop('dcterms:modified')).toEqual(['2025-01-02T03:04:05Z']);
  });

  it('should flag the cover for EPUB 3 and EPUB 2 readers', () => {
    expect(pkg.manifest.item[0].properties).toBe('cover-image');
    expect(metas.find((m) => m.name === 'cover')?.content).toBe('cover-image');
  });

  it('should write the accessibility metadata', () => {
    expect(prop('schema:accessMode')).toEqual(['textual', 'visual']);
    expect(prop('schema:accessibilityHazard')).toEqual(['none']);
    expect(prop('schema:accessibilitySummary')[0]).toBeTruthy();
  });
});

describe('packageDocument for a right-to-left book', () => {
  it('should turn pages right to left', () => {
    const opf = packageDocument({ ...meta, language: 'ar' }, [], [{ idref: 'x' }], 'rtl');
    expect(parser.parse(opf).package.spine['page-progression-direction']).toBe('rtl');
  });
});

describe('ncxDocument', () => {
  it('should nest nav points and number them in reading order', () => {
    const ncx = ncxDocument({ identifier: 'id', title: 'T', author: 'A', language: 'en' }, [
      { label: 'One', href: 'one.xhtml', children: [{ label: 'One.a', href: 'one.xhtml#a', children: [] }] },
      { label: 'Two', href: 'two.xhtml', children: [] },
    ]);
    expect(XMLValidator.validate(ncx)).toBe(true);
    const doc = parser.parse(ncx).ncx;
    const points = doc.navMap.navPoint;
    expect(points.map((p: { playOrder: string }) => p.playOrder)).toEqual(['1', '3']);
    expect(points[0].navPoint[0]).toMatchObject({ playOrder: '2', content: { src: 'one.xhtml#a' } });
    expect(doc.head.meta.find((m: { name: string }) => m.name === 'dtb:depth').content).toBe('2');
  });
});

describe('containerXml', () => {
  it('should point at the package document', () => {
    expect(containerXml('EPUB/package.opf')).toContain('full-path="EPUB/package.opf"');
  });
});
