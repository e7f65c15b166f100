import { describe, expect, it } from 'vitest';
import { directionOf, en, fill, LANGUAGES, labelWords, runs, STRING_KEYS, stringsFor } from '../../../src/i18n/index.ts';

const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the string table', () => {
  it('should ship en, fr, de, es, pt, ja and ar', () => {
    expect(Object.keys(LANGUAGES).sort()).toEqual(['ar', 'de', 'en', 'es', 'fr', 'ja', 'pt']);
  });

  for (const [code, table] of Object.entries(LANGUAGES)) {
    it(`should give ${code} every key, each with the placeholders of the English string`, () => {
      expect(Object.keys(table).sort()).toEqual([...STRING_KEYS].sort());
      for (const key of STRING_KEYS) expect(names(table[key]), `${code}.${key}`).toEqual(names(en[key]));
    });
  }

  it('should translate every string of fr and ar that has a word in it (French writes "Notes" as English does)', () => {
    for (const code of ['fr', 'ar']) {
      const same = STRING_KEYS.filter((k) => /\p{L}{3}/u.test(en[k].replace(/\{\w+\}/g, '')) && LANGUAGES[code]![k] === en[k]);
      expect(same, code).toEqual(code === 'fr' ? ['footnotes'] : []);
    }
  });

  it('should take the primary language of a tag, and English for one it does not know', () => {
    expect(stringsFor('fr-CA').contents).toBe('Table des matières');
    expect(stringsFor('sv').contents).toBe('Contents');
    expect(stringsFor('it').chapterLabel).toBe('Capitolo {n}');
  });

  it('should let later overrides win, and ignore names the table does not have', () => {
    const t = stringsFor('fr', { contents: 'Sommaire', nope: 'x' }, { contents: 'Table' });
    expect(t.contents).toBe('Table');
    expect('nope' in t).toBe(false);
  });

  it('should fill placeholders and split a sentence into text and links in the translation’s order', () => {
    expect(fill('Partie {n}', { n: 3 })).toBe('Partie 3');
    const link = { text: 'Le pain', href: '/b/' };
    expect(runs(LANGUAGES.fr!.bookPromo, { book: link, getIt: { text: 'ici', href: '/x/' } })).toEqual([
      link,
      ' est un livre numérique gratuit\u00a0: PDF, EPUB et Kindle. ',
      { text: 'ici', href: '/x/' },
      '.',
    ]);
  });

  it('should write Arabic, Hebrew and Persian right to left', () => {
    expect(['ar', 'ar-EG', 'he', 'fa', 'en', 'fr', 'ja'].map(directionOf)).toEqual([
      'rtl',
      'rtl',
      'rtl',
      'rtl',
      'ltr',
      'ltr',
      'ltr',
    ]);
  });

  it('should know the label words that come before a number, for titles that carry their own', () => {
    expect(labelWords()).toEqual(expect.arrayContaining(['part', 'teil', 'partie', 'الجزء', 'capitolo']));
  });
});
