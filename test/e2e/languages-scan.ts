// What the language test reads back: every text a reader of the French or Arabic
// fixture can meet, taken from the real outputs with the real tools (the site's
// HTML and feed, the EPUB's XHTML, nav, NCX and OPF, the Kindle files through
// `mobitool -d`, the PDFs through `pdftotext`, the bundle's README.txt), and the
// English table (src/i18n/en.ts) turned into exact searches.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { en, type StringKey } from '../../src/i18n/index.ts';

const decode = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x([0-9a-f]+);/gi, (_, n) => String.fromCodePoint(Number.parseInt(n, 16)))
    .replace(/&#(\d+);/g, (_, n) => String.fromCodePoint(Number(n)))
    .replace(/&nbsp;/g, '\u00a0')
    .replace(/&amp;/g, '&');

/** Markup → what a reader meets: the text, and the attributes that are read out or shown (alt, title, aria-label, meta content). */
export function readable(markup: string): string {
  const body = markup.replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, ' ');
  const attrs = [...body.matchAll(/\s(?:alt|title|aria-label|content|label)="([^"]*)"/gi)].map((m) => m[1]);
  return decode(`${body.replace(/<[^>]+>/g, ' ')} ${attrs.join(' \n ')}`).replace(/\s+/g, ' ');
}

function walk(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name));
}

export interface Output {
  /** Where it came from: "site/posts/x/index.html", "epub: EPUB/nav.xhtml", "mobi (mobitool -d)". */
  name: string;
  text: string;
  /** Its stylesheet capitalises some words (the summary's "PROBLEM"): searched without regard to case. */
  caseless?: boolean;
}

/** Every output of a built project, as text. */
export function outputs(dist: string, slug: string): Output[] {
  const out: Output[] = [];
  for (const file of walk(join(dist, 'site'))) {
    if (/\.(html|xml)$/.test(file) && !file.endsWith('sitemap.xml')) {
      out.push({ name: file.slice(dist.length + 1), text: readable(readFileSync(file, 'utf8')) });
    }
  }
  const book = (ext: string) => join(dist, 'book', `${slug}.${ext}`);
  const epub = unzipSync(readFileSync(book('epub')));
  for (const [path, bytes] of Object.entries(epub)) {
    if (/\.(xhtml|opf|ncx)$/.test(path)) out.push({ name: `epub: ${path}`, text: readable(new TextDecoder().decode(bytes)) });
  }
  for (const ext of ['mobi', 'azw3']) {
    const dir = mkdtempSync(join(tmpdir(), `languages-${ext}-`));
    execFileSync('mobitool', ['-d', '-o', dir, book(ext)], { stdio: 'pipe' });
    for (const file of walk(dir))
      out.push({ name: `${ext} (mobitool -d): ${file.slice(dir.length + 1)}`, text: readable(readFileSync(file, 'utf8')) });
  }
  for (const pdf of [book('pdf'), join(dist, 'book', `${slug}-summary.pdf`)]) {
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
    out.push({
      name: `pdftotext ${pdf.slice(dist.length + 1)}`,
      text: text.replace(/\s+/g, ' '),
      caseless: pdf.endsWith('-summary.pdf'),
    });
  }
  const bundle = unzipSync(readFileSync(book('zip')));
  for (const [path, bytes] of Object.entries(bundle)) {
    if (path.endsWith('README.txt'))
      out.push({ name: `zip: ${path}`, text: new TextDecoder().decode(bytes).replace(/\s+/g, ' ') });
  }
  return out;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The English string `key` as a search: its words exactly as written (case
 * included), any run of spaces matching any other (PDF text breaks lines),
 * each `{name}` inside it matching a short run of anything. Placeholders at
 * either end are dropped. A search that is one word only matches the whole
 * word ("Archive" is not found in "Archives"). Undefined for a string with no
 * letters (": ", "© {year} {author}").
 */
export function englishSearch(key: StringKey): RegExp | undefined {
  const literal = withoutNames(en[key])
    .replace(/^(\s*\{\w+\}\s*)+|(\s*\{\w+\}\s*)+$/g, '')
    .trim();
  if (!/\p{L}/u.test(literal)) return undefined;
  const inner = literal
    .split(/\{\w+\}/)
    .map((p) => escapeRe(p).replace(/\s+/g, '\\s+'))
    .join('[\\s\\S]{1,160}?');
  const word = /^\p{L}+$/u.test(literal);
  return new RegExp(word ? `(?<!\\p{L})${inner}(?!\\p{L})` : inner, 'u');
}

/**
 * Names that are the same in every language and that some English strings
 * contain as a word: the stores' own names ("Google Play Books", "Send to
 * Kindle") are printed as the stores write them.
 */
export const PROPER_NAMES = ['Apple Books', 'Google Play Books', 'Send to Kindle'];

/**
 * What of an output is words: addresses ("licenses/by/4.0") and licence ids
 * ("CC-BY-4.0", "CC BY 4.0") are not, and proper names are one mark each.
 */
export function searchable(text: string): string {
  return withoutNames(text.replace(/https?:\/\/\S+/g, ' ').replace(/\bCC(?:0|[- ]BY(?:[- ](?:NC|SA|ND))*)[- ]\d\.\d\b/g, ' '));
}

/** `text` with each proper name made one mark, the same in the English strings and in the outputs searched. */
export function withoutNames(text: string): string {
  return PROPER_NAMES.reduce((t, name) => t.split(name).join('\u2063'), text);
}
