// hast → well-formed XHTML for EPUB content documents. A small serialiser of our
// own rather than hast-util-to-html: XML wants every boolean attribute written
// out (`checked="checked"`), every void element closed, no named entities and no
// character the XML 1.0 grammar forbids (XML 1.0 §2.2 Char), and we want the
// same bytes for the same tree on every run.
import type { Element, ElementContent, Root, RootContent } from 'hast';
import { find, html } from 'property-information';

/** HTML void elements: written as `<br/>` (HTML Living Standard §13.1.2). */
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);

// Characters outside XML 1.0's Char production (control characters, lone surrogates).
const NOT_XML_CHAR =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping exactly those
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function escapeXmlText(s: string): string {
  return s.normalize('NFC').replace(NOT_XML_CHAR, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function escapeXmlAttr(s: string): string {
  return escapeXmlText(s).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

/** `epub:type` and friends are kept as written; everything else goes through HTML's property table. */
function attributeName(prop: string): string {
  if (prop.includes(':')) return prop;
  return find(html, prop).attribute;
}

function attributes(el: Element): string {
  let out = '';
  for (const [prop, value] of Object.entries(el.properties ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    const info = find(html, prop);
    const name = attributeName(prop);
    let text: string;
    if (value === true) {
      // a boolean attribute in XML syntax repeats its name (HTML §2.3.2)
      if (info.booleanish) text = 'true';
      else text = name;
    } else if (Array.isArray(value)) {
      text = value.join(info.commaSeparated ? ', ' : ' ');
    } else {
      text = String(value);
    }
    out += ` ${name}="${escapeXmlAttr(text)}"`;
  }
  return out;
}

function node(n: RootContent | ElementContent): string {
  switch (n.type) {
    case 'text':
      return escapeXmlText(n.value);
    case 'element': {
      const name = n.tagName;
      const attrs = attributes(n);
      // <template> keeps its children in `content`; EPUB books never need it
      if (VOID.has(name)) return `<${name}${attrs}/>`;
      return `<${name}${attrs}>${n.children.map(node).join('')}</${name}>`;
    }
    // comments, doctypes and raw nodes carry nothing a reader needs, and raw HTML
    // could break well-formedness: the markdown stage has already parsed it into elements
    default:
      return '';
  }
}

/** Serialises the children of a root or element. */
export function toXhtml(tree: Root | Element | ElementContent[]): string {
  const children = Array.isArray(tree) ? tree : tree.children;
  return (children as (RootContent | ElementContent)[]).map(node).join('');
}

export interface XhtmlDocument {
  title: string;
  lang: string;
  /** Paths of stylesheets relative to the document. */
  styles: string[];
  body: string;
  /** Attributes of <body>, already serialised (e.g. ` epub:type="bodymatter"`). */
  bodyAttributes?: string;
  /** Extra namespace-qualified html attributes. */
  dir?: 'ltr' | 'rtl';
}

/** A complete EPUB 3 content document (EPUB 3.3 §6.1: XHTML syntax, the epub namespace declared). */
export function xhtmlDocument(doc: XhtmlDocument): string {
  const lang = escapeXmlAttr(doc.lang);
  const dir = doc.dir ? ` dir="${doc.dir}"` : '';
  const links = doc.styles.map((href) => `<link rel="stylesheet" type="text/css" href="${escapeXmlAttr(href)}"/>`).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="${lang}" xml:lang="${lang}"${dir}>
<head>
<meta charset="UTF-8"/>
<title>${escapeXmlText(doc.title)}</title>
${links}
</head>
<body${doc.bodyAttributes ?? ''}>
${doc.body}
</body>
</html>
`;
}
