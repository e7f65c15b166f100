// The `strings:` of postbound.yaml checked against the table (src/i18n): a name
// the table does not have changes nothing, so it is a warning at its line, with
// the name it was probably meant to be; so is a `{placeholder}` the string never gets.
import type { Config } from '../config/schema.ts';
import { en, STRING_KEYS, type StringKey } from '../i18n/index.ts';
import type { ConfigFile } from './config-file.ts';
import { editDistance } from './fields.ts';
import { report } from './messages.ts';

/** The table's name closest to `key` (case, one or two letters, a missing word), or undefined. */
export function closestString(key: string): StringKey | undefined {
  const lower = key.toLowerCase().replace(/[-_\s]/g, '');
  let best: { name: StringKey; distance: number } | undefined;
  for (const name of STRING_KEYS) {
    const distance = editDistance(lower, name.toLowerCase());
    const allowed = Math.max(1, Math.floor(name.length / 4));
    if (distance <= allowed && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

const placeholders = (s: string) => new Set([...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string));

function checkOne(configFile: ConfigFile, strings: Record<string, string>, path: PropertyKey[], where: string): void {
  const file = configFile.file;
  const at = (...p: PropertyKey[]) => configFile.parsed?.positionOf([...path, ...p]);
  for (const [key, value] of Object.entries(strings)) {
    if (!(key in en)) {
      const guess = closestString(key);
      report(
        file,
        'unknown-string',
        `\`${key}\` in ${where} is not a string postbound prints${guess ? `; did you mean \`${guess}\`?` : ''}`,
        at(key),
      );
      continue;
    }
    const known = placeholders(en[key as StringKey]);
    for (const name of placeholders(value)) {
      if (!known.has(name)) {
        const have = [...known].map((n) => `{${n}}`).join(', ');
        report(
          file,
          'string-placeholder',
          `\`${key}\` in ${where} has {${name}}, which postbound never fills (it has ${have || 'none'}): it would be printed as written`,
          at(key),
        );
      }
    }
  }
}

/** Warns about every override in `strings:` (top level, per language, and on each book) that cannot take effect. */
export function checkStrings(config: Config, configFile: ConfigFile): void {
  for (const [language, strings] of Object.entries(config.strings ?? {})) {
    checkOne(configFile, strings, ['strings', language], `strings.${language}`);
  }
  for (const [i, book] of config.books.entries()) {
    if (book.strings) checkOne(configFile, book.strings, ['books', i, 'strings'], `the strings of book "${book.slug}"`);
  }
}
