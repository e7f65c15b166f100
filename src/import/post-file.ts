// The text of an imported post file, and how a second import recognises a
// file it wrote itself: the front matter carries a comment line with the hash
// of everything else in the file. A file whose text no longer matches its
// hash was edited by the writer and is left alone unless --force.
import { createHash } from 'node:crypto';

export interface ImportedFront {
  title: string;
  /** ISO date-time, or YYYY-MM-DD at midnight UTC. */
  date: string;
  tags: string[];
  series?: string;
  part?: number;
  summary?: string;
  draft: boolean;
  /** The address the post had, kept in a comment (front matter has no field for it yet). */
  source?: string;
}

const HASH_LINE = /^# postbound-import: sha256=([0-9a-f]{64})\n/m;

const quote = (s: string) => JSON.stringify(s);

/** Comment text on one line, whatever the feed put in it. */
const oneLine = (s: string) => s.replace(/[\p{Cc}\u2028\u2029]+/gu, ' ').trim();

export function postText(front: ImportedFront, body: string): string {
  const lines = ['---'];
  if (front.source) lines.push(`# imported from: ${oneLine(front.source)}`);
  lines.push(`title: ${quote(front.title)}`, `date: ${quote(front.date)}`);
  if (front.tags.length) lines.push(`tags: [${front.tags.map(quote).join(', ')}]`);
  if (front.series) lines.push(`series: ${quote(front.series)}`);
  if (front.part !== undefined) lines.push(`part: ${front.part}`);
  if (front.summary) lines.push(`summary: ${quote(front.summary)}`);
  if (front.draft) lines.push('draft: true');
  lines.push('---', '', body.trimEnd(), '');
  const text = lines.join('\n');
  return text.replace(/^---\n/, `---\n# postbound-import: sha256=${hashOf(text)}\n`);
}

function hashOf(textWithoutHashLine: string): string {
  return createHash('sha256').update(textWithoutHashLine).digest('hex');
}

export type FileState = 'ours' | 'edited' | 'foreign';

/** Whether an existing file is an untouched import ('ours'), an edited one, or not an import at all. */
export function fileState(existing: string): FileState {
  const match = HASH_LINE.exec(existing);
  if (!match) return 'foreign';
  const without = existing.slice(0, match.index) + existing.slice(match.index + match[0].length);
  return hashOf(without) === match[1] ? 'ours' : 'edited';
}
