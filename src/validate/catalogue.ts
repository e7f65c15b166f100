// postbound's own validation messages, one record per condition. An id is
// permanent: users search for it, so a record may be reworded but never renamed
// or reused. The README's message reference is generated from these records.
import type { Location, Severity, ValidationMessage } from './types.ts';

// biome-ignore lint/suspicious/noExplicitAny: each record types its own arguments
export interface CatalogueEntry<A = any> {
  id: string;
  severity: Severity;
  title: string;
  /** What happened, in one sentence, from the record's arguments. */
  message(args: A): string;
  /** What to do about it. */
  hint: string;
  /**
   * EPUBCheck's id for the same finding, when it has one: the message then
   * carries that id (what the stores' validator prints, what users search for)
   * and this record's id beside it as `postboundId`.
   */
  epubcheck?: string;
}

const MB = 1024 * 1024;

function entry<A>(e: CatalogueEntry<A>): CatalogueEntry<A> {
  return e;
}

export const catalogue = {
  // --- the zip container, checked before anything is inflated -------------
  notZip: entry<{ reason: string }>({
    id: 'PB-ZIP-001',
    epubcheck: 'PKG-004',
    severity: 'fatal',
    title: 'Not a readable zip file',
    message: ({ reason }) => `The file is not a readable zip archive (${reason}), so it cannot be an EPUB.`,
    hint: 'Rebuild the EPUB; a file cut short by an interrupted copy or download shows up like this.',
  }),
  tooManyEntries: entry<{ count: number; limit: number }>({
    id: 'PB-ZIP-002',
    severity: 'fatal',
    title: 'Too many files in the zip',
    message: ({ count, limit }) => `The zip declares ${count} entries; postbound refuses more than ${limit}.`,
    hint: 'A book rarely has more than a few thousand files. If yours really does, split it into volumes.',
  }),
  entryTooLarge: entry<{ name: string; size: number; limit: number }>({
    id: 'PB-ZIP-003',
    severity: 'fatal',
    title: 'A file in the zip is too large',
    message: ({ name, size, limit }) =>
      `"${name}" declares ${fmtBytes(size)} uncompressed, over the ${fmtBytes(limit)} limit per file.`,
    hint: 'Shrink the file (resize images, split long chapters). A file this size is also typical of a zip bomb.',
  }),
  totalTooLarge: entry<{ size: number; limit: number }>({
    id: 'PB-ZIP-004',
    severity: 'fatal',
    title: 'The zip is too large once unpacked',
    message: ({ size, limit }) =>
      `The entries declare ${fmtBytes(size)} in total once uncompressed, over the ${fmtBytes(limit)} limit.`,
    hint: 'Reduce image sizes; no retailer accepts a book this large.',
  }),
  ratio: entry<{ name: string; ratio: number; limit: number }>({
    id: 'PB-ZIP-005',
    severity: 'fatal',
    title: 'Suspicious compression ratio',
    message: ({ name, ratio, limit }) =>
      `"${name}" would expand ${Math.round(ratio)} times its compressed size (limit ${limit}); this is how zip bombs look.`,
    hint: 'If the file is genuine, store it less repetitively; postbound will not inflate it.',
  }),
  unsafeName: entry<{ name: string; why: string }>({
    id: 'PB-ZIP-006',
    severity: 'fatal',
    title: 'Unsafe file name in the zip',
    message: ({ name, why }) => `The entry name "${name}" ${why}.`,
    hint: 'Entry names must be relative paths with forward slashes and no "..": a reader unpacking this file could write outside its folder.',
  }),
  duplicateName: entry<{ name: string }>({
    id: 'PB-ZIP-007',
    epubcheck: 'OPF-060',
    severity: 'error',
    title: 'Two files with the same name',
    message: ({ name }) => `The zip holds "${name}" more than once; readers disagree on which copy wins.`,
    hint: 'Rebuild the EPUB so that each path appears once.',
  }),
  badData: entry<{ name: string; reason: string }>({
    id: 'PB-ZIP-008',
    severity: 'fatal',
    title: 'A file in the zip cannot be inflated',
    message: ({ name, reason }) => `"${name}" could not be read back: ${reason}.`,
    hint: 'The compressed data is damaged or larger than its header says. Rebuild the EPUB.',
  }),
  fileTooLarge: entry<{ size: number; limit: number }>({
    id: 'PB-ZIP-009',
    severity: 'fatal',
    title: 'The EPUB file is too large to check',
    message: ({ size, limit }) => `The file is ${fmtBytes(size)}, over the ${fmtBytes(limit)} postbound will read.`,
    hint: 'No retailer accepts a book this large; reduce image sizes.',
  }),

  // --- accessibility --------------------------------------------------------
  a11yMetadataMissing: entry<{ missing: string[] }>({
    id: 'PB-A11Y-001',
    severity: 'warning',
    title: 'Accessibility metadata missing',
    message: ({ missing }) => `The package document lacks ${missing.join(', ')}.`,
    hint: 'Declare schema:accessMode, schema:accessModeSufficient, schema:accessibilityFeature, schema:accessibilityHazard and schema:accessibilitySummary in the OPF metadata (EPUB Accessibility 1.1 §2); postbound writes them, computed from the content, and `books[].accessibility` in postbound.yaml overrides them.',
  }),
  a11yAltDeclared: entry<{ count: number }>({
    id: 'PB-A11Y-002',
    severity: 'error',
    title: 'alternativeText declared but images lack alt text',
    message: ({ count }) =>
      `The metadata declares schema:accessibilityFeature "alternativeText", but ${count} image${count === 1 ? '' : 's'} ha${count === 1 ? 's' : 've'} no alt text.`,
    hint: 'Give every image alt text in the markdown (`![what it shows](sketch.png)`), or drop the "alternativeText" claim.',
  }),
  imageNoAlt: entry<{ src: string }>({
    id: 'PB-A11Y-003',
    severity: 'warning',
    title: 'Image without alt text',
    message: ({ src }) => `The image "${src}" has no alt attribute.`,
    hint: 'Describe the image in the markdown: `![a hand-drawn map of the route](map.png)`. A purely decorative image takes an empty alt (`![](x.png)`) and role="presentation".',
  }),
  a11yVisualOnly: entry<{ count: number }>({
    id: 'PB-A11Y-004',
    severity: 'warning',
    title: 'accessModeSufficient claims text only, but images lack alt text',
    message: ({ count }) =>
      `schema:accessModeSufficient says the book can be read as text alone, yet ${count} image${count === 1 ? '' : 's'} ha${count === 1 ? 's' : 've'} no text alternative.`,
    hint: 'Add alt text to the images, or declare accessModeSufficient "textual,visual".',
  }),
  a11yLanguageMissing: entry<{ path: string }>({
    id: 'PB-A11Y-005',
    severity: 'warning',
    title: 'Content document without a language',
    message: ({ path }) => `${path} has no xml:lang or lang on its root element.`,
    hint: 'Set `site.language` (or `books[].language`) in postbound.yaml; screen readers pick their voice from it.',
  }),

  // --- images and cover -----------------------------------------------------
  imageTooHeavy: entry<{ path: string; size: number; limit: number }>({
    id: 'PB-IMG-001',
    severity: 'warning',
    title: 'Image over retailer size limit',
    message: ({ path, size, limit }) => `${path} is ${fmtBytes(size)}, over the ${fmtBytes(limit)} retailers accept per image.`,
    hint: 'Export the image smaller or as JPEG; postbound resizes the images of the books it builds (1600 px on the long side).',
  }),
  imageTooLarge: entry<{ path: string; width: number; height: number; limit: number }>({
    id: 'PB-IMG-002',
    severity: 'warning',
    title: 'Image over retailer pixel limit',
    message: ({ path, width, height, limit }) =>
      `${path} is ${width}×${height} = ${((width * height) / 1e6).toFixed(1)} million pixels; Apple Books refuses images over ${(limit / 1e6).toFixed(0)} million.`,
    hint: 'Resize the image; 1600 px on the long side is plenty for e-readers.',
  }),
  imageUnreadable: entry<{ path: string; mediaType: string }>({
    id: 'PB-IMG-003',
    epubcheck: 'PKG-021',
    severity: 'error',
    title: 'Image cannot be decoded',
    message: ({ path, mediaType }) => `${path} is declared as ${mediaType} but its bytes are not a readable image of that type.`,
    hint: 'Re-export the image; the file is damaged or has the wrong extension.',
  }),
  posterNotCore: entry<{ href: string; mediaType: string }>({
    id: 'PB-IMG-004',
    epubcheck: 'MED-001',
    severity: 'error',
    title: 'Video poster not in a core image format',
    message: ({ href, mediaType }) =>
      `The video poster "${href}" is ${mediaType}; a poster must be PNG, JPEG, GIF, WebP or SVG, and no fallback stands in for it.`,
    hint: 'Export the poster frame as JPEG or PNG and point poster="" at that file.',
  }),
  coverMissing: entry<Record<string, never>>({
    id: 'PB-COVER-001',
    severity: 'warning',
    title: 'No cover image',
    message: () => 'No manifest item has properties="cover-image", so readers and stores show a blank cover.',
    hint: 'Set `cover.image` (your own) or `cover.sketch` in the book in postbound.yaml; postbound draws a cover when it builds the book.',
  }),
  coverSmall: entry<{ path: string; width: number; height: number; min: number }>({
    id: 'PB-COVER-002',
    severity: 'warning',
    title: 'Cover too small',
    message: ({ path, width, height, min }) =>
      `The cover ${path} is ${width}×${height}; retailers want at least ${min} px on the short side.`,
    hint: 'Use a cover of 1600×2560 (the size postbound draws).',
  }),

  // --- the book as a whole --------------------------------------------------
  bookTooLarge: entry<{ size: number; limit: number; retailer: string }>({
    id: 'PB-SIZE-001',
    severity: 'warning',
    title: 'Book over retailer size limit',
    message: ({ size, limit, retailer }) => `The EPUB is ${fmtBytes(size)}, over ${retailer}'s ${fmtBytes(limit)} limit.`,
    hint: 'Reduce image sizes or resolution; images are nearly always what makes a book heavy.',
  }),
  remoteResource: entry<{ url: string }>({
    id: 'PB-RES-001',
    severity: 'warning',
    title: 'Remote resource',
    message: ({ url }) => `The book loads ${url} from the network; most readers are offline and will show nothing.`,
    hint: 'Put the file in the book (a local image in the post, an embedded font) instead of linking to it.',
  }),
  fontNotEmbedded: entry<{ family: string }>({
    id: 'PB-FONT-001',
    severity: 'warning',
    title: 'Font not embedded',
    message: ({ family }) =>
      `The CSS asks for the font "${family}", which has no @font-face in the book; readers will substitute another.`,
    hint: 'Embed the font with @font-face and a file in the EPUB, or end the font-family list with a generic family (serif, sans-serif, monospace).',
  }),
  fontNotAllowed: entry<{ path: string; mediaType: string }>({
    id: 'PB-FONT-002',
    severity: 'warning',
    title: 'Font format not supported by readers',
    message: ({ path, mediaType }) => `${path} (${mediaType}) is not one of the font formats EPUB 3 readers must support.`,
    hint: 'Use OpenType, TrueType, WOFF or WOFF2 (EPUB 3.3 §3.2, core media types).',
  }),
  linkToMarkdown: entry<{ href: string }>({
    id: 'PB-LINK-001',
    severity: 'error',
    title: 'Link to a markdown file',
    message: ({ href }) => `The link "${href}" points at a markdown file, which does not exist inside the book.`,
    hint: 'Link to the post by its file name as usual; postbound rewrites links to posts that are in the book. If this one is not in the book, link to its web address instead.',
  }),
  linkToBlog: entry<{ href: string }>({
    id: 'PB-LINK-002',
    severity: 'warning',
    title: 'Link that only works on the blog',
    message: ({ href }) => `The link "${href}" is a site path that does not resolve inside the book.`,
    hint: 'Link to a post that is in the book, or use a full https:// address so the reader opens a browser.',
  }),

  // --- the checkers themselves ---------------------------------------------
  engineFailed: entry<{ reason: string }>({
    id: 'PB-ENGINE-001',
    severity: 'fatal',
    title: 'The validator failed',
    message: ({ reason }) => `The EPUB could not be checked: ${reason}.`,
    hint: 'This is a bug in postbound or its validator; please report it with the EPUB attached.',
  }),
  engineTimeout: entry<{ reason: string }>({
    id: 'PB-ENGINE-002',
    severity: 'fatal',
    title: 'The validator gave up',
    message: ({ reason }) => `EPUBCheck stopped before finishing: ${reason}.`,
    hint: 'An EPUB that takes this long holds something pathological (tens of thousands of files, ids or links in one document); split it. The other checks still ran.',
  }),
  javaUnavailable: entry<{ reason: string }>({
    id: 'PB-JAVA-001',
    severity: 'warning',
    title: 'Java EPUBCheck not available',
    message: ({ reason }) => `--epubcheck was given but Java EPUBCheck could not run: ${reason}.`,
    hint: 'Install Java and EPUBCheck (Debian: `apt-get install epubcheck`), or leave out --epubcheck.',
  }),
  axeFailed: entry<{ path: string; reason: string }>({
    id: 'PB-AXE-001',
    severity: 'warning',
    title: 'Accessibility check could not run',
    message: ({ path, reason }) => `axe-core could not check ${path}: ${reason}.`,
    hint: 'The document may not load in a browser; fix the errors reported for it first.',
  }),
} satisfies Record<string, CatalogueEntry>;

/**
 * The family of axe-core rules, reported as ACE-<rule> like DAISY Ace does;
 * each rule's own help page (given in the hint) says what to do.
 */
export const axeFamily = {
  id: 'ACE-<rule>',
  title: 'axe-core accessibility rule',
  hint: 'See the rule page at https://dequeuniversity.com/rules/axe/ for the fix.',
};

export type CatalogueKey = keyof typeof catalogue;

type ArgsOf<K extends CatalogueKey> = Parameters<(typeof catalogue)[K]['message']>[0];

/**
 * Builds a message from its catalogue record. `epubcheck` names EPUBCheck's id
 * when it depends on the case (a name with a backslash is PKG-009, one with
 * ".." has no EPUBCheck counterpart); `null` says there is none this time.
 */
export function pbMessage<K extends CatalogueKey>(
  key: K,
  args: ArgsOf<K>,
  locations: Location[] = [],
  severity?: Severity,
  epubcheck?: string | null,
): ValidationMessage {
  const e = catalogue[key] as CatalogueEntry;
  const theirs = epubcheck === undefined ? e.epubcheck : (epubcheck ?? undefined);
  return {
    id: theirs ?? e.id,
    ...(theirs ? { postboundId: e.id } : {}),
    severity: severity ?? e.severity,
    message: e.message(args),
    hint: e.hint,
    locations,
    origin: 'postbound',
  };
}

/** postbound's own id of a message: its `postboundId` beside an EPUBCheck id, else its id. */
export function ownId(m: Pick<ValidationMessage, 'id' | 'postboundId'>): string {
  return m.postboundId ?? m.id;
}

export function fmtBytes(n: number): string {
  if (n >= 1024 * MB) return `${(n / (1024 * MB)).toFixed(1)} GB`;
  if (n >= MB) return `${(n / MB).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${n} bytes`;
}

/** All records as a list, for the README's message reference. */
export function catalogueList(): { id: string; severity: Severity; title: string; hint: string; epubcheck?: string }[] {
  return Object.values(catalogue as Record<string, CatalogueEntry>).map(({ id, severity, title, hint, epubcheck }) => ({
    id,
    severity,
    title,
    hint,
    ...(epubcheck ? { epubcheck } : {}),
  }));
}

/** Where the README explains an id (the anchor catalogueMarkdown writes; EPUBCheck's own ids share one section). */
export const README_URL = 'https://github.com/postbound/postbound';
export function readmeLink(m: Pick<ValidationMessage, 'id' | 'postboundId'>): string {
  const own = ownId(m);
  if (own.startsWith('ACE-')) return `${README_URL}#ace-rule`;
  if (own.startsWith('PB-')) return `${README_URL}#${own.toLowerCase()}`;
  return `${README_URL}#epub-validation-build-and-postbound-validate`;
}

/** The message reference as a markdown table, for the README. */
export function catalogueMarkdown(): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  // the anchor is what `postbound validate --html` links each message to
  const rows = catalogueList().map(
    (e) =>
      `| <a id="${e.id.toLowerCase()}"></a>\`${e.id}\`${e.epubcheck ? ` (EPUBCheck \`${e.epubcheck}\`)` : ''} | ${e.severity} | ${cell(e.title)} | ${cell(e.hint)} |`,
  );
  rows.push(`| <a id="ace-rule"></a>\`${axeFamily.id}\` | warning or info | ${axeFamily.title} | ${cell(axeFamily.hint)} |`);
  return ['| id | severity | what | what to do |', '| --- | --- | --- | --- |', ...rows].join('\n');
}
