// README.txt for the release bundle: which file to open on which device.
import type { Book } from '../content/model.ts';
import { wrap } from './license.ts';

/** What each member is for, keyed by extension or suffix; order is the README's. */
const GUIDE: [suffix: string, text: string][] = [
  [
    '.epub',
    'EPUB 3: Kobo, PocketBook, Tolino, Apple Books, Google Play Books, and most reading apps. Also accepted by "Send to Kindle".',
  ],
  ['.azw3', 'AZW3 (KF8): Kindle devices and apps from the last ten years; copy it to the "documents" folder over USB.'],
  ['.mobi', 'MOBI: older Kindles (before 2012) that cannot open AZW3.'],
  ['.pdf', 'PDF: print it, or read it on a computer or a large tablet; the pages keep their layout.'],
  ['-summary.pdf', 'The whole book on one page, for printing.'],
  ['-summary.png', 'The whole book on one page, as a picture for screens.'],
  ['-cover.jpg', 'The cover, 1600×2560.'],
  ['LICENSE.txt', 'What you may do with this book, and how to credit it.'],
];

export function readmeText(book: Book, members: string[]): string {
  const lines = [book.title];
  if (book.subtitle) lines.push(book.subtitle);
  lines.push(`by ${book.author}`, '', 'Which file should I open?', '');
  for (const [suffix, text] of GUIDE) {
    // the book's own PDF must not also match the summary PDF's line
    const found = members.find((m) => m.endsWith(suffix) && !(suffix === '.pdf' && m.endsWith('-summary.pdf')));
    if (!found) continue;
    const name = found.split('/').pop()!;
    lines.push(`${name}`, indent(wrap(text, 68)), '');
  }
  if (book.pwyw) {
    lines.push(
      wrap('This book is pay what you want. If it helped you, you can pay for it here, any amount:'),
      `  ${book.pwyw}`,
      '',
    );
  }
  lines.push(`Version of ${book.modified.slice(0, 10)}. ${book.identifier}`);
  return `${lines.join('\n')}\n`;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}
