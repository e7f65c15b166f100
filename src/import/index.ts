// `postbound import <file> [dir]`: the command line around importFeed.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { reporter } from 'vfile-reporter';
import { parseCommand } from '../cli/args.ts';
import { type Action, type ImportReport, importFeed } from './import.ts';
import { countLine } from './ledger.ts';

export type { Action, ImportOptions, ImportReport, PlannedPost } from './import.ts';
export { importFeed } from './import.ts';

export interface ImportIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export const IMPORT_HELP = `Usage: postbound import <file> [dir] [options]

Reads a WordPress export (WXR), an RSS 2.0 feed or an Atom feed and writes
one post per entry to dir/content/posts/ and its images to dir/content/images/.

Options:
  --media DIR          folder holding the images (e.g. a copy of wp-content/uploads)
  --fetch              download images not found in --media (off by default)
  --series-from KIND   category, tag or a taxonomy name; default: the "series" taxonomy
  --force              overwrite posts edited since the last import
  --dry-run            show what would be written; write nothing

Exit codes: 0 imported, 1 the file cannot be read or parsed, 2 usage errors.`;

export async function importCommand(args: string[], io: ImportIo): Promise<number> {
  const options = {
    media: { type: 'string' },
    fetch: { type: 'boolean', default: false },
    'series-from': { type: 'string' },
    force: { type: 'boolean', default: false },
    'dry-run': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h' },
  } as const;
  const usage = (message: string) => {
    io.stderr.write(`postbound import: ${message}\n\n${IMPORT_HELP}\n`);
    return 2;
  };
  const parsed = parseCommand(args, options, IMPORT_HELP, io, usage);
  if (typeof parsed === 'number') return parsed;
  const [file, dir = '.', ...extra] = parsed.positionals;
  if (!file) return usage('name the export or feed to import');
  if (extra.length) return usage(`unexpected argument "${extra[0]}"`);
  const media = parsed.values.media;
  if (media !== undefined && !existsSync(media)) return usage(`--media ${media}: no such folder`);
  const seriesFrom = parsed.values['series-from'];
  if (seriesFrom !== undefined && !/^[\w-]+$/.test(seriesFrom))
    return usage('--series-from takes category, tag or a taxonomy name');

  const report = await importFeed({
    file,
    dir,
    media,
    fetch: parsed.values.fetch,
    seriesFrom,
    force: parsed.values.force,
    dryRun: parsed.values['dry-run'],
  });
  io.stdout.write(formatReport(report));
  if (!report.ok) {
    io.stderr.write(`${reporter([report.file], { quiet: true })}\n`);
    return 1;
  }
  if (!existsSync(join(resolve(dir), 'postbound.yaml')) && !report.dryRun) {
    io.stdout.write(`\nNo postbound.yaml in ${dir}: run \`postbound init\` there (or write one) before building.\n`);
  }
  return 0;
}

const VERBS: Record<Action, string> = {
  add: 'add',
  update: 'update',
  unchanged: 'same',
  overwrite: 'overwrite',
  'keep-edited': 'edited, kept',
  'keep-foreign': 'not ours, kept',
};

const FORMATS = { wxr: 'WordPress export', rss: 'RSS 2.0 feed', atom: 'Atom feed' };

/** The human report: the plan (or what was done), then every problem at its entry. */
export function formatReport(report: ImportReport): string {
  const out: string[] = [];
  if (!report.ok) return '';
  const count = (a: Action) => report.posts.filter((p) => p.action === a).length;
  out.push(`${report.file.path} (${FORMATS[report.format ?? 'rss']})${report.dryRun ? ': dry run, nothing written' : ''}`);
  for (const post of report.posts) out.push(`  ${VERBS[post.action].padEnd(15)}${post.path}`);
  out.push(
    '',
    `Posts: ${count('add')} added, ${count('update') + count('overwrite')} updated, ${count('unchanged')} unchanged, ${count('keep-edited') + count('keep-foreign')} kept as edited, ${report.skipped.length} skipped.`,
    `Images: ${report.images.copied} copied, ${report.images.fetched} downloaded, ${report.images.converted} converted, ${report.missingImages.length} missing.`,
  );
  const ledger = report.ledger;
  if (ledger.converted.size) out.push(`Converted: ${countLine(ledger.converted)}.`);
  if (ledger.lost.size) out.push(`Not converted (reported below): ${countLine(ledger.lost)}.`);
  if (ledger.ignored.size) out.push(`Ignored (WordPress bookkeeping): ${countLine(ledger.ignored)}.`);
  const r = report.removed;
  if (r.scripts + r.handlers + r.unsafeLinks + r.embeds) {
    out.push(
      `Removed: ${r.scripts} scripts, ${r.handlers} event handlers, ${r.unsafeLinks} javascript:/data: links, ${r.embeds} embeds (made links).`,
    );
  }
  if (report.skipped.length) {
    out.push('', 'Skipped:');
    for (const s of report.skipped) out.push(`  "${s.title}": ${s.reason}`);
  }
  if (report.repaired.length) {
    out.push('', 'Repaired:');
    for (const s of report.repaired) out.push(`  "${s.title}": ${s.what}`);
  }
  const losses = ledger.losses.filter((l) => !l.kind.startsWith('['));
  if (losses.length) {
    out.push('', 'Not converted:');
    for (const l of losses) out.push(`  ${l.post}: ${l.what}`);
  }
  if (report.shortcodes.length) {
    out.push('', 'Shortcodes kept as text:');
    for (const s of report.shortcodes) out.push(`  "${s.post}": ${s.shortcode}`);
  }
  if (report.unsafeNames.length) {
    out.push('', 'Image names that tried to leave their folder (renamed):');
    for (const s of report.unsafeNames)
      out.push(`  "${s.post}": ${s.src} → ${s.name ? `content/images/${s.name}` : 'not imported'}`);
  }
  if (report.missingImages.length) {
    out.push('', 'Missing images (linked to their old address):');
    for (const s of report.missingImages) out.push(`  "${s.post}": ${s.src} (${s.reason})`);
  }
  if (report.file.messages.length) out.push('', reporter([report.file], { quiet: false }));
  return `${out.join('\n')}\n`;
}
