// `strings:` in postbound.yaml: overrides reach the site's and the books' tables;
// a name the table lacks, or a placeholder it never fills, is a warning at its
// line with the fix, and the build goes on.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { reporter } from 'vfile-reporter';
import { describe, expect, it } from 'vitest';
import { loadSite } from '../../../src/content/load.ts';
import { closestString } from '../../../src/content/strings.ts';
import { siteStrings } from '../../../src/i18n/index.ts';
import { buildProject } from '../../../src/pipeline/build.ts';
import { makeProject } from '../../helpers/project.ts';

const config = `site:
  title: Test Blog
  author: Ada Tester
  url: https://test.example.org/
  language: fr
strings:
  fr:
    contents: Sommaire
    archive: Tous les billets
    contnets: Table
    partLabel: Étape {num}
  en:
    contents: Index
books:
  - slug: test-book
    title: The Test Book
    series: getting-started
    front: [intro]
    strings:
      summaryTitle: Le livre d'un coup d'œil
      sumaryTitle: oops
`;

describe('strings in postbound.yaml', () => {
  it("should put the overrides of the language, then the book's own, into the tables", async () => {
    const root = await makeProject({}, { config });
    const { site, files } = await loadSite(root);
    expect(site, reporter(files)).toBeDefined();
    const book = site!.books[0]!;
    expect(book.strings?.contents).toBe('Sommaire');
    expect(book.strings?.summaryTitle).toBe("Le livre d'un coup d'œil");
    // the site does not take the book's own
    expect(siteStrings(site!.config).summaryTitle).toBe('Le livre en une page');
    expect(siteStrings(site!.config).archive).toBe('Tous les billets');
  });

  it('should warn at the line of a name the table lacks, with the name it was probably meant to be, and of a placeholder never filled', async () => {
    const root = await makeProject({}, { config });
    const { files } = await loadSite(root);
    const messages = files
      .flatMap((f) => f.messages)
      .filter((m) => m.ruleId?.startsWith('unknown-string') || m.ruleId === 'string-placeholder');
    const seen = messages.map((m) => [m.ruleId, `${m.line}:${m.column}`, m.fatal, m.reason]);
    expect(seen).toEqual([
      ['unknown-string', '10:5', false, '`contnets` in strings.fr is not a string postbound prints; did you mean `contents`?'],
      [
        'string-placeholder',
        '11:5',
        false,
        '`partLabel` in strings.fr has {num}, which postbound never fills (it has {n}): it would be printed as written',
      ],
      [
        'unknown-string',
        '21:7',
        false,
        '`sumaryTitle` in the strings of book "test-book" is not a string postbound prints; did you mean `summaryTitle`?',
      ],
    ]);
    for (const m of messages) expect(m.note).toBeTruthy();
  });

  it('should print the overrides on the site: the archive heading and the navigation', async () => {
    const root = await makeProject({}, { config });
    const built = await buildProject({ root, only: ['site'] });
    expect(built.ok, reporter(built.files)).toBe(true);
    const html = readFileSync(join(root, 'dist', 'site', 'archive', 'index.html'), 'utf8');
    expect(html).toContain('<h1>Tous les billets</h1>');
    expect(html).toContain('<html lang="fr" dir="ltr">');
  });

  it('should suggest names by case and small slips, and nothing for a name far from all', () => {
    expect(closestString('Contents')).toBe('contents');
    expect(closestString('part_label')).toBe('partLabel');
    expect(closestString('zzzzzz')).toBeUndefined();
  });
});
