// One Shiki highlighter per set of themes, made on first use and kept for the
// process (a build, or each markdown worker), that loads a grammar only when a
// post first uses its language: most blogs use a handful of Shiki's 300.
import { type BundledLanguage, bundledLanguages, bundledThemes, createHighlighter, type ThemeRegistrationRaw } from 'shiki';
import type { HighlightThemes } from '../settings.ts';
import { readable } from './contrast.ts';

export type { HighlightThemes } from '../settings.ts';

/** The names the themes get once their colours are made readable on their paper. */
export const THEME_NAMES = { light: 'postbound-light', dark: 'postbound-dark', book: 'postbound-book' } as const;
/** The paper of the EPUB and PDF, that every book colour is measured against. */
export const BOOK_PAPER = '#ffffff';

/** Languages Shiki renders without a grammar. */
const PLAIN = new Set(['text', 'txt', 'plain', 'plaintext']);

export type Highlighter = Awaited<ReturnType<typeof createHighlighter>>;

const highlighters = new Map<string, Promise<Highlighter>>();

export function isBundledTheme(name: string): boolean {
  return Object.hasOwn(bundledThemes, name);
}

/** The language Shiki should use for `lang`: itself, `text` for none, undefined when unknown. */
export function languageOf(lang: string): string | undefined {
  const name = lang.toLowerCase();
  if (!name || PLAIN.has(name)) return 'text';
  return Object.hasOwn(bundledLanguages, name) ? name : undefined;
}

export function highlighterFor(themes: HighlightThemes): Promise<Highlighter> {
  const key = `${themes.light}\n${themes.dark}\n${themes.book}`;
  const known = highlighters.get(key);
  if (known) return known;
  const made = (async () =>
    createHighlighter({
      themes: await Promise.all([
        readableTheme(themes.light, THEME_NAMES.light),
        readableTheme(themes.dark, THEME_NAMES.dark),
        readableTheme(themes.book, THEME_NAMES.book, BOOK_PAPER),
      ]),
      langs: [],
    }))();
  highlighters.set(key, made);
  return made;
}

/** Loads the grammars of `langs` not loaded yet (names as languageOf gives them). */
export async function loadLanguages(highlighter: Highlighter, langs: Iterable<string>): Promise<void> {
  const loaded = new Set(highlighter.getLoadedLanguages());
  const missing = [...new Set(langs)].filter((l) => l !== 'text' && !loaded.has(l)) as BundledLanguage[];
  if (!missing.length) return;
  await highlighter.loadLanguage(...missing);
  // Shiki 4.6: the first text a grammar tokenises after loading keeps a line
  // comment on its first line open to the end of the block (JavaScript and
  // TypeScript at least, with either regex engine); one short text first, and
  // every later one is right (test/unit/markdown/highlight.test.ts)
  for (const lang of missing) highlighter.codeToTokensBase('x', { lang, theme: THEME_NAMES.light as never });
}

/**
 * The theme `name` under `as`, every token colour moved to 4.5:1 against its
 * background where it falls short; the book theme on white paper whatever its own.
 */
export async function readableTheme(name: string, as: string, paper?: string): Promise<ThemeRegistrationRaw> {
  const loader = bundledThemes[name as keyof typeof bundledThemes];
  // Shiki reads `settings` before `tokenColors`: the theme's own must not win
  const { settings: _own, ...theme } = (await loader()).default as unknown as ThemeRegistrationRaw;
  const bg = paper ?? theme.colors?.['editor.background'] ?? theme.bg ?? (theme.type === 'dark' ? '#000000' : '#ffffff');
  const fix = (c: string) => readable(c, bg);
  const rules = (theme.tokenColors ?? _own ?? []).map((rule) => ({
    ...rule,
    settings: { ...rule.settings, ...(rule.settings?.foreground ? { foreground: fix(rule.settings.foreground) } : {}) },
  }));
  const fg = fix(theme.colors?.['editor.foreground'] ?? theme.fg ?? (theme.type === 'dark' ? '#ffffff' : '#000000'));
  return {
    ...theme,
    name: as,
    ...(paper ? { type: 'light' as const } : {}),
    fg,
    bg,
    colors: { ...theme.colors, 'editor.foreground': fg, 'editor.background': bg },
    tokenColors: rules,
  } as unknown as ThemeRegistrationRaw;
}
