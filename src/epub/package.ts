// The package document (OPF), the EPUB 2 NCX and container.xml, written with
// fast-xml-parser's XMLBuilder so every value is escaped by one tested routine.
import { XMLBuilder } from 'fast-xml-parser';
import type { A11yMetadata } from './a11y.ts';

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  format: true,
  indentBy: '  ',
  suppressEmptyNode: true,
});

// biome-ignore lint/suspicious/noControlCharactersInRegex: characters XML 1.0 forbids (§2.2 Char)
const NOT_XML_CHAR = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
const clean = (s: string) => s.normalize('NFC').replace(NOT_XML_CHAR, '');

const xml = (tree: object) => builder.build({ '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' }, ...tree }) as string;

export interface ManifestItem {
  id: string;
  /** Relative to the OPF. */
  href: string;
  mediaType: string;
  properties?: string;
}

export interface SpineItem {
  idref: string;
  linear?: boolean;
}

export interface PackageMetadata {
  identifier: string;
  title: string;
  subtitle?: string;
  author: string;
  language: string;
  modified: string;
  date: string;
  description?: string;
  publisher?: string;
  subjects: string[];
  rights: string;
  series?: { title: string; position: number };
  coverId: string;
  a11y: A11yMetadata;
}

/** EPUB 3.3 §5 package document; version stays "3.0" (§5.4.1: 3.3 did not change it). */
export function packageDocument(
  meta: PackageMetadata,
  manifest: ManifestItem[],
  spine: SpineItem[],
  direction?: 'ltr' | 'rtl',
): string {
  const dcTitle: object[] = [{ '@_id': 'title', '#text': clean(meta.title) }];
  const metas: object[] = [
    { '@_refines': '#title', '@_property': 'title-type', '#text': 'main' },
    { '@_refines': '#title', '@_property': 'display-seq', '#text': '1' },
  ];
  if (meta.subtitle) {
    dcTitle.push({ '@_id': 'subtitle', '#text': clean(meta.subtitle) });
    metas.push(
      { '@_refines': '#subtitle', '@_property': 'title-type', '#text': 'subtitle' },
      { '@_refines': '#subtitle', '@_property': 'display-seq', '#text': '2' },
    );
  }
  metas.push(
    { '@_refines': '#creator', '@_property': 'role', '@_scheme': 'marc:relators', '#text': 'aut' },
    { '@_property': 'dcterms:modified', '#text': meta.modified },
  );
  if (meta.series) {
    // EPUB 3.3 §D.3.2 belongs-to-collection, refined as a numbered series
    metas.push(
      { '@_property': 'belongs-to-collection', '@_id': 'series', '#text': clean(meta.series.title) },
      { '@_refines': '#series', '@_property': 'collection-type', '#text': 'series' },
      { '@_refines': '#series', '@_property': 'group-position', '#text': String(meta.series.position) },
    );
  }
  const a = meta.a11y;
  for (const v of a.accessMode) metas.push({ '@_property': 'schema:accessMode', '#text': v });
  for (const v of a.accessModeSufficient) metas.push({ '@_property': 'schema:accessModeSufficient', '#text': v });
  for (const v of a.accessibilityFeature) metas.push({ '@_property': 'schema:accessibilityFeature', '#text': v });
  for (const v of a.accessibilityHazard) metas.push({ '@_property': 'schema:accessibilityHazard', '#text': v });
  metas.push({ '@_property': 'schema:accessibilitySummary', '#text': clean(a.accessibilitySummary) });
  if (a.conformsTo) {
    metas.push({ '@_property': 'dcterms:conformsTo', '@_id': 'conformance', '#text': a.conformsTo });
    if (a.certifiedBy)
      metas.push({ '@_property': 'a11y:certifiedBy', '@_refines': '#conformance', '#text': clean(a.certifiedBy) });
  }
  // EPUB 2 readers find the cover through this (OPF 2.0.1 has no cover-image property)
  metas.push({ '@_name': 'cover', '@_content': meta.coverId });

  const metadata: Record<string, unknown> = {
    '@_xmlns:dc': 'http://purl.org/dc/elements/1.1/',
    'dc:identifier': { '@_id': 'book-id', '#text': clean(meta.identifier) },
    'dc:title': dcTitle,
    'dc:creator': { '@_id': 'creator', '#text': clean(meta.author) },
    'dc:language': meta.language,
    'dc:date': meta.date,
  };
  if (meta.description?.trim()) metadata['dc:description'] = clean(meta.description.trim());
  if (meta.publisher?.trim()) metadata['dc:publisher'] = clean(meta.publisher.trim());
  if (meta.subjects.length) metadata['dc:subject'] = meta.subjects.map(clean);
  metadata['dc:rights'] = clean(meta.rights);
  metadata.meta = metas;

  return xml({
    package: {
      '@_xmlns': 'http://www.idpf.org/2007/opf',
      '@_version': '3.0',
      '@_unique-identifier': 'book-id',
      '@_xml:lang': meta.language,
      metadata,
      manifest: {
        item: manifest.map((m) => ({
          '@_id': m.id,
          '@_href': m.href,
          '@_media-type': m.mediaType,
          ...(m.properties ? { '@_properties': m.properties } : {}),
        })),
      },
      spine: {
        '@_toc': 'ncx',
        // EPUB 3.3 §5.7.1: pages of a right-to-left book turn the other way
        ...(direction ? { '@_page-progression-direction': direction } : {}),
        itemref: spine.map((s) => ({ '@_idref': s.idref, ...(s.linear === false ? { '@_linear': 'no' } : {}) })),
      },
    },
  });
}

export interface NavPoint {
  label: string;
  href: string;
  children: NavPoint[];
}

/** The EPUB 2 table of contents (OPF 2.0.1 §2.4.1, NCX from ANSI/NISO Z39.86-2005). */
export function ncxDocument(
  meta: { identifier: string; title: string; author: string; language: string },
  points: NavPoint[],
): string {
  let order = 0;
  const depthOf = (ps: NavPoint[]): number => (ps.length ? 1 + Math.max(...ps.map((p) => depthOf(p.children))) : 0);
  const point = (p: NavPoint): object => {
    order += 1;
    const n = order;
    return {
      '@_id': `nav-${n}`,
      '@_playOrder': String(n),
      navLabel: { text: clean(p.label) },
      content: { '@_src': p.href },
      ...(p.children.length ? { navPoint: p.children.map(point) } : {}),
    };
  };
  const navPoints = points.map(point);
  return xml({
    ncx: {
      '@_xmlns': 'http://www.daisy.org/z3986/2005/ncx/',
      '@_version': '2005-1',
      '@_xml:lang': meta.language,
      head: {
        meta: [
          { '@_name': 'dtb:uid', '@_content': clean(meta.identifier) },
          { '@_name': 'dtb:depth', '@_content': String(Math.max(1, depthOf(points))) },
          { '@_name': 'dtb:totalPageCount', '@_content': '0' },
          { '@_name': 'dtb:maxPageNumber', '@_content': '0' },
        ],
      },
      docTitle: { text: clean(meta.title) },
      docAuthor: { text: clean(meta.author) },
      navMap: { navPoint: navPoints },
    },
  });
}

/** META-INF/container.xml (OCF 3.3 §4.2.6.3.1). */
export function containerXml(opfPath: string): string {
  return xml({
    container: {
      '@_version': '1.0',
      '@_xmlns': 'urn:oasis:names:tc:opendocument:xmlns:container',
      rootfiles: { rootfile: { '@_full-path': opfPath, '@_media-type': 'application/oebps-package+xml' } },
    },
  });
}
