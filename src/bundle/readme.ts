// README.txt for the release bundle: which file to open on which device.
import { stringsOf } from '../content/apparatus.ts';
import type { Book } from '../content/model.ts';
import { dateFormatter, fill, type StringKey } from '../i18n/index.ts';
import { wrap } from './license.ts';

/** What each member is for, keyed by extension or suffix, by its name in the table; order is the README's. */
const GUIDE: [suffix: string, text: StringKey][] = [
  ['.epub', 'readmeEpub'],
  ['.azw3', 'readmeAzw3'],
  ['.mobi', 'readmeMobi'],
  ['.pdf', 'readmePdf'],
  ['-summary.pdf', 'readmeSummaryPdf'],
  ['-summary.png', 'readmeSummaryPng'],
  ['-cover.jpg', 'readmeCover'],
  ['LICENSE.txt', 'readmeLicense'],
];

export function readmeText(book: Book, members: string[]): string {
  const t = stringsOf(book);
  const lines = [book.title];
  if (book.subtitle) lines.push(book.subtitle);
  lines.push(fill(t.byAuthor, { author: book.author }), '', t.readmeWhich, '');
  for (const [suffix, key] of GUIDE) {
    // the book's own PDF must not also match the summary PDF's line
    const found = members.find((m) => m.endsWith(suffix) && !(suffix === '.pdf' && m.endsWith('-summary.pdf')));
    if (!found) continue;
    const name = found.split('/').pop()!;
    lines.push(`${name}`, indent(wrap(t[key], 68)), '');
  }
  if (book.pwyw) lines.push(wrap(t.readmePwyw), `  ${book.pwyw}`, '');
  lines.push(fill(t.readmeVersion, { date: dateFormatter(book.language)(book.modified), id: book.identifier }));
  return `${lines.join('\n')}\n`;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}
