// The one table of words postbound prints, by language. The site takes
// `site.language`, each book its own `language`; postbound.yaml may replace any
// entry (`strings: { fr: { contents: "Table" } }`, or `strings:` on a book).
import type { Config } from '../config/schema.ts';
import { ar } from './ar.ts';
import { de } from './de.ts';
import { en, type StringKey, type Strings } from './en.ts';
import { es } from './es.ts';
import { fr } from './fr.ts';
import { ja } from './ja.ts';
import { pt } from './pt.ts';

export type { StringKey, Strings } from './en.ts';
export { en } from './en.ts';

/** Complete tables, by primary language subtag. */
export const LANGUAGES: Record<string, Strings> = { en, fr, de, es, pt, ja, ar };

/** Languages postbound only knows the chapter labels of; the rest is English until someone writes them. */
const LABELS_ONLY: Record<string, Partial<Strings>> = {
  it: { partLabel: 'Parte {n}', chapterLabel: 'Capitolo {n}' },
  nl: { partLabel: 'Deel {n}', chapterLabel: 'Hoofdstuk {n}' },
};

/** Every name in the table, for checking overrides. */
export const STRING_KEYS = Object.keys(en) as StringKey[];

/** "pt" from "pt-BR". */
export const primaryLanguage = (language: string): string => language.toLowerCase().split('-')[0] || 'en';

/** Overrides from postbound.yaml: by language tag at the top level, flat on a book. */
export type StringOverrides = Partial<Record<string, string>>;

/**
 * The strings of `language`: its table (English for what it lacks), then each
 * override in turn, later ones winning. Unknown names in an override are ignored
 * here; the config check reports them (./check.ts).
 */
export function stringsFor(language: string, ...overrides: (StringOverrides | undefined)[]): Strings {
  const code = primaryLanguage(language);
  const table: Strings = { ...en, ...LABELS_ONLY[code], ...LANGUAGES[code] };
  for (const o of overrides) {
    for (const [key, value] of Object.entries(o ?? {})) {
      if (key in en && typeof value === 'string') table[key as StringKey] = value;
    }
  }
  return table;
}

/** The top-level overrides that apply to `language`: those of "pt", then those of "pt-BR". */
export function overridesFor(
  all: Record<string, StringOverrides> | undefined,
  language: string,
): (StringOverrides | undefined)[] {
  if (!all) return [];
  const code = primaryLanguage(language);
  const exact = Object.keys(all).find((k) => k.toLowerCase() === language.toLowerCase() && k.toLowerCase() !== code);
  return [all[Object.keys(all).find((k) => k.toLowerCase() === code) ?? code], exact ? all[exact] : undefined];
}

/** The site's table: `site.language`'s strings with the config's overrides for it. */
export function siteStrings(config: Pick<Config, 'site' | 'strings'>): Strings {
  return stringsFor(config.site.language, ...overridesFor(config.strings, config.site.language));
}

/** `template` with each `{name}` replaced by `vars[name]` (a name not given stays as written). */
export function fill(template: string, vars: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/**
 * `template` split into runs: text, and the values of `{name}`, in order. A
 * sentence with a link keeps the translator's word order: "{book} est un livre…"
 * gives [link, " est un livre…"].
 */
export function runs<T>(template: string, vars: Record<string, T | string | number>): (T | string)[] {
  const out: (T | string)[] = [];
  let last = 0;
  for (const m of template.matchAll(/\{(\w+)\}/g)) {
    const name = m[1] as string;
    if (!(name in vars)) continue;
    if (m.index > last) out.push(template.slice(last, m.index));
    const v = vars[name] as T | string | number;
    out.push(typeof v === 'number' ? String(v) : v);
    last = m.index + m[0].length;
  }
  if (last < template.length) out.push(template.slice(last));
  // adjacent text runs joined, so a paragraph reads as one string where it can
  return out.reduce<(T | string)[]>((acc, r) => {
    const prev = acc.at(-1);
    if (typeof r === 'string' && typeof prev === 'string') acc[acc.length - 1] = prev + r;
    else if (r !== '') acc.push(r);
    return acc;
  }, []);
}

// Scripts written right to left (Unicode's bidi class R/AL): Arabic, Hebrew, Persian, Urdu, Pashto, Sindhi, Yiddish, Dhivehi, Syriac, Kurdish (Sorani).
const RTL = /^(ar|he|iw|fa|ur|ps|sd|yi|dv|syr|ckb|ug|ku-arab)(-|$)/i;

/** The direction a language is written in. */
export function directionOf(language: string): 'ltr' | 'rtl' {
  return RTL.test(language) ? 'rtl' : 'ltr';
}

/** Dates as the language writes them ("4 mars 2025", "٤ مارس ٢٠٢٥"), in UTC so a date never moves a day. */
export function dateFormatter(language: string): (date: Date | string) => string {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat(language, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });
  } catch {
    format = new Intl.DateTimeFormat('en', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });
  }
  return (date) => format.format(typeof date === 'string' ? new Date(`${date.slice(0, 10)}T00:00:00Z`) : date);
}

/** "A, B and C" as the language lists things ("A, B et C", "A، وB وC"). */
export function listOf(language: string, items: string[]): string {
  try {
    return new Intl.ListFormat(language, { type: 'conjunction' }).format(items);
  } catch {
    return new Intl.ListFormat('en', { type: 'conjunction' }).format(items);
  }
}

/** Every chapter label word we know ("part", "teil", "الفصل"), for spotting a title that carries its number. */
export function labelWords(): string[] {
  const all = [...Object.values(LANGUAGES), ...Object.values(LABELS_ONLY)];
  // only labels the number follows ("Part {n}"): "第{n}章" has no word before a number to look for
  const words = all.flatMap((t) => [t.partLabel, t.chapterLabel]).filter((w): w is string => !!w && /\{n\}$/.test(w));
  return [
    ...new Set(
      words.map((w) =>
        w
          .replace(/\{n\}$/, '')
          .trim()
          .toLowerCase(),
      ),
    ),
  ].filter(Boolean);
}
