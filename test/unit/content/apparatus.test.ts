import { describe, expect, it } from 'vitest';
import { configSchema } from '../../../src/config/schema.ts';
import { bookApparatus, carriesNumber, paragraphText } from '../../../src/content/apparatus.ts';
import { makeBook } from '../../../src/content/books.ts';
import type { Post, Series } from '../../../src/content/model.ts';

const post = (slug: string, title: string, date: string, part?: number): Post =>
  ({ slug, title, date: new Date(`${date}T00:00:00Z`), part, tags: [], headings: [], images: [] }) as unknown as Post;

function book(extra: Record<string, unknown>, chapters: Post[], series = true) {
  const config = configSchema.parse({
    site: { title: 'T', author: 'Ana Autora', url: 'https://x.example/', language: extra.language ?? 'en' },
    books: [{ slug: 'b', title: 'The Book', ...(series ? { series: 's' } : { posts: chapters.map((c) => c.slug) }), ...extra }],
  });
  const s: Series | undefined = series ? { slug: 's', title: 'S', posts: chapters } : undefined;
  return makeBook(config, config.books[0]!, { front: [], chapters, back: [], series: s });
}

const chapters = [post('a', 'Alpha', '2012-02-29', 2), post('b', 'Beta', '2015-06-01', 1)].reverse();

describe('bookApparatus', () => {
  it('should label a series "Part n: " and a list of posts "Chapter n: "', () => {
    expect(bookApparatus(book({}, chapters)).entries.map((e) => e.title)).toEqual(['Part 1: Beta', 'Part 2: Alpha']);
    expect(bookApparatus(book({}, chapters, false)).entries.map((e) => e.title)).toEqual(['Chapter 1: Beta', 'Chapter 2: Alpha']);
  });

  it('should take the chapterLabel setting, and "" or none for no label', () => {
    expect(bookApparatus(book({ chapterLabel: 'Step {n}' }, chapters)).entries[0]?.title).toBe('Step 1: Beta');
    expect(bookApparatus(book({ chapterLabel: '' }, chapters)).entries[0]?.title).toBe('Beta');
    expect(bookApparatus(book({ chapterLabel: 'none' }, chapters)).entries[0]?.title).toBe('Beta');
  });

  it('should localise the default label by the book language', () => {
    const first = (language: string, series = true) => bookApparatus(book({ language }, chapters, series)).entries[0]?.title;
    expect(first('fr')).toBe('Partie 1\u00a0: Beta');
    expect(first('de')).toBe('Teil 1: Beta');
    expect(first('de', false)).toBe('Kapitel 1: Beta');
    expect(first('es')).toBe('Parte 1: Beta');
    expect(first('pt-BR', false)).toBe('Capítulo 1: Beta');
    expect(first('it')).toBe('Parte 1: Beta');
    expect(first('nl')).toBe('Deel 1: Beta');
  });

  it('should not label twice a title that carries its number', () => {
    expect(carriesNumber('Thing, part 3 - Why', 3, 'Part {n}')).toBe(true);
    expect(carriesNumber('Part 3: Lists', 3, 'Part {n}')).toBe(true);
    expect(carriesNumber('Lists (3/5)', 3, 'Part {n}')).toBe(true);
    expect(carriesNumber('Teil 3 – Listen', 3, 'Teil {n}')).toBe(true);
    expect(carriesNumber('Thing, part 3 - Why', 4, 'Part {n}')).toBe(false);
    expect(carriesNumber('Department 3 of the party', 3, 'Part {n}')).toBe(false);
    expect(carriesNumber('Party 3', 3, 'Part {n}')).toBe(false);
    const b = book({}, [post('x', 'Thing, part 1 - Why', '2020-01-01', 1), post('y', 'Other', '2020-01-02', 2)]);
    expect(bookApparatus(b).entries.map((e) => [e.label, e.title])).toEqual([
      [undefined, 'Thing, part 1 - Why'],
      ['Part 2', 'Part 2: Other'],
    ]);
  });

  it("should date a book by its newest chapter, whatever the parts' order", () => {
    expect(book({}, chapters).date).toBe('2015-06-01');
    expect(book({ date: '2020-01-01' }, chapters).date).toBe('2020-01-01');
  });

  it('should give CC0 its waiver and no ©, and the other licences their own wording', () => {
    const text = (license: string) =>
      bookApparatus(book({ license }, chapters)).copyright.paragraphs.map(paragraphText).join('\n');
    const cc0 = text('CC0-1.0');
    expect(cc0).toContain(
      'To the extent possible under law, Ana Autora has waived all copyright and related or neighbouring rights to The Book.',
    );
    expect(cc0).not.toContain('©');
    expect(bookApparatus(book({ license: 'CC0-1.0' }, chapters)).copyright.statement[1]).toContainEqual({
      text: 'Creative Commons Zero v1.0 Universal',
      href: 'https://creativecommons.org/publicdomain/zero/1.0/',
    });
    const by = text('CC-BY-4.0');
    expect(by).toContain('© 2015 Ana Autora');
    expect(by).toContain('This book is published under the Creative Commons Attribution 4.0 International licence (CC-BY-4.0).');
    expect(by).toContain('credit it as: “The Book” by Ana Autora, licensed under CC BY 4.0.');
    expect(text('MIT')).toContain('published under the MIT License (MIT).');
    expect(text('all-rights-reserved')).toContain('© 2015 Ana Autora. All rights reserved.');
    expect(text('all-rights-reserved')).not.toContain('credit it as');
  });

  it('should put the pay-what-you-want link on the copyright page', () => {
    const a = bookApparatus(book({ pwyw: 'https://x.example/pay/' }, chapters));
    expect(a.pwyw?.url).toBe('https://x.example/pay/');
    expect(a.copyright.paragraphs.map(paragraphText)).toContain(
      'If this book was useful to you, you can pay what you want for it at https://x.example/pay/.',
    );
  });
});
