// Whether a post's SVG can go into the EPUB as it is. SVG is a core media type
// (EPUB 3.3 §3.2) and stays sharp at any size, but an SVG file in the package is
// an SVG content document, held to rules a blog's SVG often breaks: no script
// (or the publication is "scripted"), no foreignObject of HTML, nothing loaded
// from outside the package, no DOCTYPE with entities. Rather than rewrite such a
// file, the EPUB target draws it as a PNG; the rest go in with their DOCTYPE and
// editor metadata (Inkscape's sodipodi:namedview, RDF) left out.

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Elements that make an SVG scripted, embed HTML or media, or load other files. */
const REFUSED_ELEMENTS = /<(?:[\w-]+:)?(?:script|foreignObject|iframe|video|audio|canvas|object|embed|handler|listener)\b/i;

/** Editor namespaces whose elements and attributes mean nothing to a reader. */
const EDITOR_PREFIXES = ['sodipodi', 'inkscape', 'sketch', 'serif', 'figma', 'vectornator'];

export interface EpubSvg {
  /** The SVG as it goes into the package (UTF-8). */
  bytes: Buffer;
}

/** The SVG to package, or why it must be drawn as a raster instead. */
export function epubSvg(source: Uint8Array): EpubSvg | { refused: string } {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(source);
  } catch {
    return { refused: 'it is not UTF-8' };
  }
  text = text.replace(/^\uFEFF/, '');
  const declared = /^<\?xml[^>]*\bencoding\s*=\s*["']([^"']+)["']/i.exec(text)?.[1];
  if (declared && !/^utf-?8$/i.test(declared)) return { refused: `it declares the encoding ${declared}` };
  if (/<!ENTITY/i.test(text) || /<!DOCTYPE[^>[]*\[/i.test(text)) return { refused: 'it declares entities' };
  if (REFUSED_ELEMENTS.test(text)) return { refused: 'it holds script, HTML or media' };
  if (/\son[a-z]+\s*=/i.test(text)) return { refused: 'it has event handlers' };
  // every reference must stay inside the file: href="#id", url(#id)
  for (const m of text.matchAll(/\s(?:xlink:)?href\s*=\s*(["'])(.*?)\1/gi)) {
    if (!m[2]!.trim().startsWith('#')) return { refused: `it links to ${m[2]!.slice(0, 40)}` };
  }
  for (const m of text.matchAll(/url\(\s*(["']?)([^)"']*)\1\s*\)/gi)) {
    if (!m[2]!.trim().startsWith('#')) return { refused: `it loads ${m[2]!.slice(0, 40)}` };
  }
  if (/@import|@font-face/i.test(text)) return { refused: 'its style sheet loads fonts or other sheets' };
  const root = /<svg\b[^>]*>/i.exec(text);
  if (!root || !new RegExp(`\\sxmlns\\s*=\\s*["']${SVG_NS.replace(/[./]/g, '\\$&')}["']`).test(root[0])) {
    return { refused: 'its root is not an <svg> in the SVG namespace' };
  }
  return { bytes: Buffer.from(cleaned(text), 'utf8') };
}

/** Without its DOCTYPE (an external DTD an EPUB must not name) and editor-only markup. */
function cleaned(text: string): string {
  let out = text.replace(/<!DOCTYPE[^>]*>\s*/i, '');
  for (const prefix of EDITOR_PREFIXES) {
    // elements: self-closing, or with content (never nested in themselves)
    out = out.replace(new RegExp(`<${prefix}:[\\w.-]+\\b[^>]*/>`, 'g'), '');
    out = out.replace(new RegExp(`<(${prefix}:[\\w.-]+)\\b[^>]*>[\\s\\S]*?</\\1\\s*>`, 'g'), '');
    // attributes, and the namespace declaration itself
    out = out.replace(new RegExp(`\\s${prefix}:[\\w.-]+\\s*=\\s*("[^"]*"|'[^']*')`, 'g'), '');
    out = out.replace(new RegExp(`\\sxmlns:${prefix}\\s*=\\s*("[^"]*"|'[^']*')`, 'g'), '');
  }
  return out;
}
