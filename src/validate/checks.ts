// Publishing checks EPUBCheck does not make: what retailers refuse, what
// readers cannot show offline, and whether the accessibility claims in the
// package document hold for the content. Each finding has a PB-* id from the
// catalogue.
import { posix } from 'node:path';
import { pbMessage } from './catalogue.ts';
import { CORE_IMAGE_TYPES, imageChecks, RETAIL_LIMITS } from './images.ts';
import type { Location, ValidationMessage } from './types.ts';
import { lineStarts, position, scanTags, type Tag, textAfter } from './xml-scan.ts';

export { RETAIL_LIMITS };

/** EPUB 3.3 §3.2 core media types for fonts. */
const CORE_FONT_TYPES = new Set([
  'font/ttf',
  'font/otf',
  'font/woff',
  'font/woff2',
  'application/font-sfnt',
  'application/vnd.ms-opentype',
  'application/font-woff',
]);

const GENERIC_FAMILIES = new Set([
  'serif',
  'sans-serif',
  'monospace',
  'cursive',
  'fantasy',
  'system-ui',
  'ui-serif',
  'ui-sans-serif',
  'ui-monospace',
  'ui-rounded',
  'math',
  'emoji',
  'fangsong',
  'inherit',
  'initial',
  'unset',
  'revert',
]);

/** EPUB Accessibility 1.1 §2: the metadata a conforming publication declares. */
const A11Y_PROPERTIES = [
  'schema:accessMode',
  'schema:accessModeSufficient',
  'schema:accessibilityFeature',
  'schema:accessibilityHazard',
  'schema:accessibilitySummary',
];

export interface Manifest {
  opfPath: string;
  items: { id: string; href: string; path: string; mediaType: string; properties: string[] }[];
  meta: Map<string, string[]>;
  /** EPUB 2 `<meta name="cover" content="id">`. */
  coverId?: string;
}

/** Reads the files the checks need; a missing or unreadable one is undefined. */
export type ReadFile = (path: string) => Uint8Array | undefined;

const utf8 = new TextDecoder('utf-8');
const text = (b: Uint8Array) => utf8.decode(b);

export function readManifest(read: ReadFile): Manifest | undefined {
  const container = read('META-INF/container.xml');
  if (!container) return undefined;
  const rootfile = scanTags(text(container)).find((t) => t.name === 'rootfile');
  const opfPath = rootfile?.attrs['full-path'];
  const opfBytes = opfPath ? read(opfPath) : undefined;
  if (!opfPath || !opfBytes) return undefined;
  const opf = text(opfBytes);
  const tags = scanTags(opf);
  const dir = posix.dirname(opfPath);
  const items: Manifest['items'] = [];
  const meta = new Map<string, string[]>();
  let coverId: string | undefined;
  for (const t of tags) {
    if (t.name === 'item' && t.attrs.href) {
      items.push({
        id: t.attrs.id ?? '',
        href: t.attrs.href,
        path: resolveHref(dir, t.attrs.href) ?? t.attrs.href,
        mediaType: (t.attrs['media-type'] ?? '').toLowerCase(),
        properties: (t.attrs.properties ?? '').split(/\s+/).filter(Boolean),
      });
    } else if (t.name === 'meta') {
      const key = t.attrs.property ?? t.attrs.name;
      if (!key) continue;
      const value = t.attrs.property ? textAfter(opf, t) : (t.attrs.content ?? '');
      if (key === 'cover') coverId = value;
      const list = meta.get(key) ?? [];
      list.push(value);
      meta.set(key, list);
    }
  }
  return { opfPath, items, meta, coverId };
}

/** Resolves a manifest or content href against a folder; undefined for remote or malformed ones. */
export function resolveHref(dir: string, href: string): string | undefined {
  if (isRemote(href) || /^[a-z][a-z0-9+.-]*:/i.test(href)) return undefined;
  const bare = href.split('#')[0]!.split('?')[0]!;
  if (!bare) return undefined;
  let decoded = bare;
  try {
    decoded = decodeURIComponent(bare);
  } catch {
    // keep the raw form; EPUBCheck reports the malformed escape
  }
  const joined = posix.normalize(posix.join(dir === '.' ? '' : dir, decoded));
  return joined.startsWith('../') ? undefined : joined;
}

export function isRemote(url: string): boolean {
  return /^(https?:)?\/\//i.test(url.trim());
}

export interface CheckOptions {
  fileSize: number;
}

export async function publishingChecks(read: ReadFile, options: CheckOptions): Promise<ValidationMessage[]> {
  const out: ValidationMessage[] = [];
  for (const { retailer, limit } of RETAIL_LIMITS.books) {
    if (options.fileSize > limit) {
      out.push(pbMessage('bookTooLarge', { size: options.fileSize, limit, retailer }, [{ path: '' }]));
      break;
    }
  }
  const manifest = readManifest(read);
  if (!manifest) return out; // the engine reports the broken container or package

  const opfLoc = [{ path: manifest.opfPath }];
  const missing = A11Y_PROPERTIES.filter((p) => !manifest.meta.get(p)?.some((v) => v.trim()));
  if (missing.length) out.push(pbMessage('a11yMetadataMissing', { missing }, opfLoc));

  await imageChecks(read, manifest, out);

  const cssTexts: { path: string; css: string; offsetLine: number }[] = [];
  const noAlt: Location[] = [];
  for (const item of manifest.items) {
    if (item.mediaType === 'text/css') {
      const bytes = read(item.path);
      if (bytes) cssTexts.push({ path: item.path, css: text(bytes), offsetLine: 0 });
    } else if (item.mediaType.startsWith('font/') || item.mediaType.includes('font') || item.mediaType.includes('opentype')) {
      if (!CORE_FONT_TYPES.has(item.mediaType)) {
        out.push(pbMessage('fontNotAllowed', { path: item.path, mediaType: item.mediaType }, [{ path: item.path }]));
      }
    } else if (item.mediaType === 'application/xhtml+xml') {
      const bytes = read(item.path);
      if (bytes) contentChecks(item.path, text(bytes), out, noAlt, cssTexts, manifest);
    }
  }
  cssChecks(cssTexts, out);

  const features = manifest.meta.get('schema:accessibilityFeature') ?? [];
  if (noAlt.length && features.some((f) => f.trim() === 'alternativeText')) {
    out.push(pbMessage('a11yAltDeclared', { count: noAlt.length }, [...opfLoc, ...noAlt]));
  }
  const sufficient = manifest.meta.get('schema:accessModeSufficient') ?? [];
  if (
    noAlt.length &&
    sufficient.some(
      (s) =>
        s
          .split(',')
          .map((x) => x.trim())
          .join(',') === 'textual',
    )
  ) {
    out.push(pbMessage('a11yVisualOnly', { count: noAlt.length }, [...opfLoc, ...noAlt]));
  }
  return out;
}

// Elements whose URL attribute is fetched while rendering (a plain hyperlink is not).
const FETCHED: Record<string, string[]> = {
  img: ['src', 'srcset'],
  image: ['href', 'xlink:href'],
  audio: ['src'],
  video: ['src', 'poster'],
  source: ['src', 'srcset'],
  track: ['src'],
  script: ['src'],
  link: ['href'],
  iframe: ['src'],
  embed: ['src'],
  object: ['data'],
};

function contentChecks(
  path: string,
  doc: string,
  out: ValidationMessage[],
  noAlt: Location[],
  cssTexts: { path: string; css: string; offsetLine: number }[],
  manifest: Manifest,
): void {
  const tags = scanTags(doc);
  const dir = posix.dirname(path);
  const at = (t: Tag): Location[] => [{ path, line: t.line, column: t.column }];
  const root = tags.find((t) => t.name === 'html');
  if (root && !root.attrs['xml:lang'] && !root.attrs.lang) out.push(pbMessage('a11yLanguageMissing', { path }, at(root)));
  for (const t of tags) {
    if (t.name === 'img' && t.attrs.alt === undefined) {
      out.push(pbMessage('imageNoAlt', { src: t.attrs.src ?? '' }, at(t)));
      noAlt.push(at(t)[0]!);
    }
    for (const attr of FETCHED[t.name] ?? []) {
      const v = t.attrs[attr];
      if (!v) continue;
      const urls = attr === 'srcset' ? v.split(',').map((s) => s.trim().split(/\s+/)[0] ?? '') : [v];
      for (const u of urls) if (isRemote(u)) out.push(pbMessage('remoteResource', { url: u }, at(t)));
    }
    if (t.name === 'a' && t.attrs.href) linkCheck(t.attrs.href, at(t), out);
    if (t.name === 'video' && t.attrs.poster) {
      // EPUBCheck's MED-001, which the engine does not make: a poster is shown before any fallback could be
      const target = resolveHref(dir, t.attrs.poster);
      const item = target ? manifest.items.find((i) => i.path === target) : undefined;
      if (item && !CORE_IMAGE_TYPES.has(item.mediaType)) {
        out.push(pbMessage('posterNotCore', { href: t.attrs.poster, mediaType: item.mediaType }, at(t)));
      }
    }
    if (t.attrs.style) cssTexts.push({ path, css: `x{${t.attrs.style}}`, offsetLine: t.line - 1 });
    if (t.name === 'style') {
      const stop = doc.indexOf('</', t.end);
      cssTexts.push({ path, css: doc.slice(t.end, stop === -1 ? undefined : stop), offsetLine: t.line - 1 });
    }
  }
}

function linkCheck(href: string, loc: Location[], out: ValidationMessage[]): void {
  const h = href.trim();
  if (/^[a-z][a-z0-9+.-]*:/i.test(h) || h.startsWith('//')) return; // web, mailto…: leave the book on purpose
  const bare = h.split('#')[0]!.split('?')[0]!;
  if (/\.(md|markdown|mdx)$/i.test(bare)) out.push(pbMessage('linkToMarkdown', { href: h }, loc));
  else if (bare.startsWith('/')) out.push(pbMessage('linkToBlog', { href: h }, loc));
}

function cssChecks(sheets: { path: string; css: string; offsetLine: number }[], out: ValidationMessage[]): void {
  const declared = new Set<string>();
  const uses: { family: string; path: string; line: number; column: number }[] = [];
  for (const { path, css, offsetLine } of sheets) {
    const clean = css.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' '));
    const lines = lineStarts(clean);
    const where = (i: number) => {
      const p = position(lines, i);
      return { path, line: p.line + offsetLine, column: p.column };
    };
    for (const m of clean.matchAll(/@font-face\s*\{([^}]*)\}/gi)) {
      const fam = /font-family\s*:\s*([^;]+)/i.exec(m[1]!);
      if (fam) declared.add(unquote(fam[1]!).toLowerCase());
    }
    for (const m of clean.matchAll(/url\(\s*(['"]?)([^'")]+)\1\s*\)/gi)) {
      if (isRemote(m[2]!)) out.push(pbMessage('remoteResource', { url: m[2]! }, [where(m.index)]));
    }
    for (const m of clean.matchAll(/@import\s+(['"])([^'"]+)\1/gi)) {
      if (isRemote(m[2]!)) out.push(pbMessage('remoteResource', { url: m[2]! }, [where(m.index)]));
    }
    // font-family in rules other than @font-face (the shorthand `font` is left alone: its grammar is too loose to split safely)
    const rulesOnly = clean.replace(/@font-face\s*\{[^}]*\}/gi, (c) => c.replace(/[^\n]/g, ' '));
    for (const m of rulesOnly.matchAll(/font-family\s*:\s*([^;}]+)/gi)) {
      const families = m[1]!
        .split(',')
        .map((f) => unquote(f).toLowerCase())
        .filter(Boolean);
      if (families.some((f) => GENERIC_FAMILIES.has(f) || declared.has(f))) continue;
      uses.push({ family: families[0] ?? '', ...where(m.index) });
    }
  }
  const reported = new Set<string>();
  for (const u of uses) {
    if (declared.has(u.family) || reported.has(u.family)) continue;
    reported.add(u.family);
    out.push(pbMessage('fontNotEmbedded', { family: u.family }, [{ path: u.path, line: u.line, column: u.column }]));
  }
}

function unquote(s: string): string {
  return s
    .trim()
    .replace(/\s*!important$/i, '')
    .replace(/^(['"])(.*)\1$/, '$2')
    .trim();
}
