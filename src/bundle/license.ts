// LICENSE.txt for the release bundle: the licence's name, where to read it, and
// the attribution line a reader should copy when sharing or adapting the book.
import { describeLicense } from '../content/license.ts';
import type { Book } from '../content/model.ts';

/** What a reader may do under each licence, in one plain sentence (names and URLs: src/content/license.ts). */
const SUMMARIES: Record<string, string> = {
  'CC-BY-4.0': 'You may share and adapt this book for any purpose, even commercially, as long as you give credit.',
  'CC-BY-SA-4.0':
    'You may share and adapt this book for any purpose, even commercially, as long as you give credit and share your adaptations under the same licence.',
  'CC-BY-NC-4.0': 'You may share and adapt this book as long as you give credit and do not use it for commercial purposes.',
  'CC-BY-NC-SA-4.0':
    'You may share and adapt this book as long as you give credit, do not use it for commercial purposes, and share your adaptations under the same licence.',
  'CC-BY-ND-4.0': 'You may share this book unchanged for any purpose, as long as you give credit.',
  'CC-BY-NC-ND-4.0': 'You may share this book unchanged, with credit, for non-commercial purposes.',
  'CC0-1.0': 'The author has given up all rights to this book: you may use it in any way, without asking and without credit.',
  'All-Rights-Reserved':
    "This copy is for your own reading. Please do not share, sell or republish it without the author's permission.",
};

interface Licence {
  name: string;
  url: string;
  summary: string;
}

/** The licences postbound writes a plain-language summary for. */
export const LICENCES: Record<string, Licence> = Object.fromEntries(
  Object.entries(SUMMARIES).map(([id, summary]) => {
    const { name, url } = describeLicense(id);
    return [id, { name, url: url ?? '', summary }];
  }),
);

/** Whether postbound knows the licence id (others get a generic text and a warning). */
export function knownLicence(id: string): boolean {
  return id in LICENCES || id.toLowerCase() === 'all-rights-reserved';
}

/** The TASL attribution line recommended by Creative Commons: title, author, source, licence. */
export function attribution(book: Book, source?: string): string {
  const year = book.date.slice(0, 4);
  const licence = LICENCES[book.license];
  if (book.license === 'All-Rights-Reserved') return `© ${year} ${book.author}. All rights reserved.`;
  if (book.license === 'CC0-1.0')
    return `"${book.title}" by ${book.author}${source ? ` (${source})` : ''}, dedicated to the public domain (CC0 1.0).`;
  const short = book.license.replace(/-/g, ' ');
  return `"${book.title}" by ${book.author}${source ? ` (${source})` : ''}, licensed under ${short}${licence ? ` (${licence.url})` : ''}.`;
}

/** The text of LICENSE.txt. */
export function licenseText(book: Book, source?: string): string {
  const id = book.license;
  const licence = LICENCES[id] ?? LICENCES[id.toLowerCase() === 'all-rights-reserved' ? 'All-Rights-Reserved' : ''];
  const year = book.date.slice(0, 4);
  const lines = [`${book.title}`, `Copyright © ${year} ${book.author}`, ''];
  if (licence) {
    lines.push(`Licence: ${licence.name}${id !== 'All-Rights-Reserved' ? ` (${id})` : ''}`);
    if (licence.url) lines.push(`Full text: ${licence.url}`);
    lines.push('', wrap(licence.summary));
  } else {
    lines.push(`Licence: ${id}`, `Full text: https://spdx.org/licenses/${encodeURIComponent(id)}.html`);
  }
  if (id !== 'All-Rights-Reserved') {
    lines.push('', 'When you share or adapt this book, credit it like this:', '', `  ${attribution(book, source)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Wraps prose at 72 columns, for plain-text files read in any editor. */
export function wrap(text: string, width = 72): string {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out.join('\n');
}
