// Message catalogue of `postbound import`. Ids are permanent, like the
// content ids in src/content/messages.ts; each hint says what to do.
import type { VFile } from 'vfile';
import type { VFileMessage } from 'vfile-message';

export const importMessages = {
  'import-read': { title: 'The file cannot be read', hint: 'Check the path of the export or feed.' },
  'import-too-large': {
    title: 'The file is too large',
    hint: 'Export a smaller date range and import the parts one after the other.',
  },
  'import-dtd': {
    title: 'The file declares entities',
    hint: 'WordPress exports and feeds need no DOCTYPE; remove the <!DOCTYPE …> block. Entities are never expanded, to keep entity bombs and external entities out.',
  },
  'import-xml': {
    title: 'The file is not well-formed XML',
    hint: 'Open it in an XML-aware editor at the given line; a truncated download is the usual cause.',
  },
  'import-format': {
    title: 'Not a WordPress export, RSS 2.0 or Atom feed',
    hint: 'In WordPress use Tools → Export; elsewhere save the RSS or Atom feed of the blog.',
  },
  'import-page-skipped': {
    title: 'A page was not imported',
    hint: 'postbound imports posts only: a page has no place in the dated stream of posts. Copy its text into a post by hand if you need it.',
  },
  'import-no-date': {
    title: 'An entry has no usable date',
    hint: 'Fix the date in the export (YYYY-MM-DD HH:MM:SS or RFC 822) or write the post by hand; a post needs a date.',
  },
  'import-empty': {
    title: 'An entry has no content',
    hint: 'The entry was skipped; the feed may carry summaries only: import the full export instead.',
  },
  'import-untitled': {
    title: 'An entry has no title',
    hint: 'A title was made from its first words; change `title:` in the post.',
  },
  'import-shortcode': {
    title: 'A shortcode postbound does not understand',
    hint: 'It was kept as text. Replace it by hand: a gallery with images, an embed with a link.',
  },
  'import-lost': {
    title: 'Part of a post could not be converted',
    hint: 'The message says what was lost (a block WordPress draws itself, a custom field, a plugin element); add it to the post by hand if it matters.',
  },
  'import-missing-image': {
    title: 'An image could not be imported',
    hint: 'Pass the folder of the uploads with --media (e.g. a copy of wp-content/uploads), or --fetch to download it; it is linked to its old address meanwhile.',
  },
  'import-unsafe-name': {
    title: 'An image name tried to leave its folder',
    hint: 'The name held `..` or an absolute path; it was reduced to a plain file name inside content/images/.',
  },
  'import-unsafe-html': {
    title: 'Unsafe HTML was removed',
    hint: 'Scripts, event handlers and javascript: links do not belong in a post or a book; they were dropped.',
  },
  'import-embed': {
    title: 'An embedded frame was replaced by a link',
    hint: 'Books cannot play embeds; the post links to it instead.',
  },
  'import-converted-image': { title: 'An image was converted to PNG', hint: 'E-readers take PNG and JPEG only.' },
  'import-kept-edited': {
    title: 'A post edited since the last import was left alone',
    hint: 'Run the import with --force to overwrite it with the imported text.',
  },
  'import-kept-foreign': {
    title: 'A post file of that name exists and was not written by the import',
    hint: 'Rename it, or run the import with --force to overwrite it.',
  },
  'import-kept-image': {
    title: 'A different image of that name exists',
    hint: 'The existing file was kept; run with --force to overwrite it with the imported one.',
  },
  'import-slug-taken': {
    title: 'Another post file already has that slug',
    hint: 'The loader will report duplicate-slug. Delete the older file (often an earlier import of the same post with another date) or rename one.',
  },
  'import-draft-part': {
    title: 'A draft in a series has no part number',
    hint: 'It is ordered after the published parts; set `part:` when you publish it.',
  },
} as const;

export type ImportMessageId = keyof typeof importMessages;

export function note(
  file: VFile,
  id: ImportMessageId,
  reason: string,
  line: number | undefined,
  severity: 'error' | 'warning' | 'info' = 'warning',
): VFileMessage {
  const message = file.message(reason, { place: line ? { line, column: 1 } : undefined, ruleId: id, source: 'postbound' });
  message.fatal = severity === 'error' ? true : severity === 'warning' ? false : undefined;
  message.note = importMessages[id].hint;
  message.url = `https://github.com/postbound/postbound#${id}`;
  return message;
}
