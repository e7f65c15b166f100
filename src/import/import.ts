// `postbound import`: a WordPress export, RSS 2.0 or Atom feed → post files in
// content/posts/ and their images in content/images/. Repeatable: a second
// run updates what it wrote and leaves what the writer edited.
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { VFile } from 'vfile';
import { slugFromFileName, slugify } from '../content/slug.ts';
import { convertBody } from './body.ts';
import { isDraft, readEntries, type SourceEntry, type SourceFeed } from './entries.ts';
import { htmlText, type Removed } from './html.ts';
import { Ledger } from './ledger.ts';
import { linkTable } from './links.ts';
import { MediaStore } from './media.ts';
import { note } from './messages.ts';
import { fileState, postText } from './post-file.ts';
import type { Attachment } from './shortcodes.ts';
import { partNumbers, seriesOf, tagsOf } from './terms.ts';
import { elementLines, type FeedFormat, MAX_XML_BYTES, parseFeed, XmlImportError } from './xml.ts';

export interface ImportOptions {
  /** The export or feed. */
  file: string;
  /** The project folder; posts go to dir/content/posts. */
  dir: string;
  /** Folder holding the images (e.g. a copy of wp-content/uploads). */
  media?: string;
  /** Download images that are not in the media folder. Off by default. */
  fetch?: boolean;
  fetchTimeoutMs?: number;
  /** `category`, `tag`, or a taxonomy name; default: the `series` taxonomy. */
  seriesFrom?: string;
  /** Overwrite posts edited since the last import. */
  force?: boolean;
  /** Plan only: write nothing. */
  dryRun?: boolean;
}

export type Action = 'add' | 'update' | 'unchanged' | 'keep-edited' | 'keep-foreign' | 'overwrite';

export interface PlannedPost {
  /** Path relative to the project folder. */
  path: string;
  title: string;
  action: Action;
  source?: string;
}

export interface ImportReport {
  format?: FeedFormat;
  /** The export, with every problem as a message placed at its entry. */
  file: VFile;
  /** False when the file could not be read or parsed (nothing was imported). */
  ok: boolean;
  posts: PlannedPost[];
  skipped: { title: string; reason: string }[];
  repaired: { title: string; what: string }[];
  shortcodes: { post: string; shortcode: string }[];
  missingImages: { post: string; src: string; reason: string }[];
  unsafeNames: { post: string; src: string; name: string }[];
  /** Counts of distinct images; `files` are their paths relative to the project. */
  images: { copied: number; fetched: number; converted: number; files: string[] };
  removed: Removed;
  /** What was converted and what was lost, per kind of element, shortcode, block and meta field. */
  ledger: Ledger;
  dryRun: boolean;
}

/** A post body larger than this is not a post but a mistake (or an attack on the HTML parser). */
const MAX_ENTRY_HTML = 8 * 1024 * 1024;
const SKIPPED_STATUSES = new Set(['trash', 'auto-draft', 'inherit']);

export async function importFeed(options: ImportOptions): Promise<ImportReport> {
  const path = resolve(options.file);
  const dir = resolve(options.dir);
  const file = new VFile({ path: basename(path), cwd: dir });
  const report: ImportReport = {
    file,
    ok: false,
    posts: [],
    skipped: [],
    repaired: [],
    shortcodes: [],
    missingImages: [],
    unsafeNames: [],
    images: { copied: 0, fetched: 0, converted: 0, files: [] },
    removed: { scripts: 0, handlers: 0, unsafeLinks: 0, embeds: 0 },
    ledger: new Ledger(),
    dryRun: options.dryRun ?? false,
  };

  let text: string;
  try {
    const info = await stat(path);
    if (info.size > MAX_XML_BYTES)
      throw new XmlImportError(`${options.file} is larger than ${MAX_XML_BYTES / 1024 / 1024} MB`, 'import-too-large');
    text = await readFile(path, 'utf8');
  } catch (error) {
    const e = error as XmlImportError & NodeJS.ErrnoException;
    note(
      file,
      e.ruleId === 'import-too-large' ? 'import-too-large' : 'import-read',
      e.ruleId ? e.message : `Cannot read ${options.file}: ${e.code ?? e.message}`,
      undefined,
      'error',
    );
    return report;
  }
  file.value = text;
  let feed: SourceFeed;
  try {
    const parsed = parseFeed(text);
    feed = readEntries(parsed);
  } catch (error) {
    if (!(error instanceof XmlImportError)) throw error;
    note(file, error.ruleId as never, error.message, error.line, 'error');
    return report;
  }
  report.format = feed.format;
  report.ok = true;
  const lines = elementLines(text, feed.format === 'atom' ? 'entry' : 'item');
  const lineOf = (e: SourceEntry) => lines[e.index];

  const posts = selectPosts(feed, report, lineOf);
  const names = fileNames(posts);
  const links = linkTable(feed, posts, names);
  const series = seriesOf(posts, options.seriesFrom, feed.format);
  const parts = partNumbers(posts, series, report, lineOf);

  const attachments = attachmentsOf(feed);
  const postsDir = join(dir, 'content', 'posts');
  const media = new MediaStore({
    mediaDir: options.media ? resolve(options.media) : undefined,
    fetch: options.fetch ?? false,
    fetchTimeoutMs: options.fetchTimeoutMs ?? 15_000,
    imagesDir: join(dir, 'content', 'images'),
    dryRun: report.dryRun,
    force: options.force ?? false,
  });

  const existingSlugs = new Map<string, string[]>();
  if (existsSync(postsDir)) {
    for (const e of await readdir(postsDir, { recursive: true, withFileTypes: true })) {
      if (!e.isFile() || !e.name.endsWith('.md')) continue;
      const slug = slugFromFileName(e.name);
      existingSlugs.set(slug, [...(existingSlugs.get(slug) ?? []), e.name].sort());
    }
  }

  // One after the other, so that names given to colliding images do not depend on timing.
  for (const entry of posts) {
    const name = names.get(entry) as string;
    const title = entry.title;
    const where = lineOf(entry);
    const body = await convertBody(entry, slugFromFileName(name), { feed, media, links, report, attachments }, where);
    const seriesName = series.get(entry);
    const tags = tagsOf(entry, seriesName);
    const summary = entry.excerpt ? shorten(htmlText(entry.excerpt), 300) : undefined;
    const content = postText(
      {
        source: entry.link ?? entry.aliases[0],
        title,
        date: isoDate(entry.date as Date),
        tags,
        series: seriesName,
        part: parts.get(entry),
        summary: summary || undefined,
        draft: isDraft(entry),
      },
      body,
    );
    const rel = `content/posts/${name}`;
    const abs = join(postsDir, name);
    const sameSlug = existingSlugs.get(slugFromFileName(name))?.find((other) => other !== name);
    if (sameSlug) {
      note(file, 'import-slug-taken', `"${title}": ${rel} has the same slug as content/posts/${sameSlug}`, where);
    }
    let action: Action = 'add';
    if (existsSync(abs)) {
      const existing = await readFile(abs, 'utf8');
      const state = fileState(existing);
      if (existing === content) action = 'unchanged';
      else if (state === 'ours') action = 'update';
      else if (options.force) action = 'overwrite';
      else {
        action = state === 'edited' ? 'keep-edited' : 'keep-foreign';
        note(
          file,
          action === 'keep-edited' ? 'import-kept-edited' : 'import-kept-foreign',
          action === 'keep-edited'
            ? `"${title}": ${rel} was edited since it was imported; left as it is`
            : `"${title}": ${rel} exists and was not written by postbound import; left as it is`,
          where,
          'info',
        );
      }
    }
    report.posts.push({ path: rel, title, action, source: entry.link });
    if (!report.dryRun && (action === 'add' || action === 'update' || action === 'overwrite')) {
      await mkdir(postsDir, { recursive: true });
      await writeFile(abs, content);
    }
  }
  return report;
}

function selectPosts(feed: SourceFeed, report: ImportReport, lineOf: (e: SourceEntry) => number | undefined): SourceEntry[] {
  const file = report.file;
  const posts: SourceEntry[] = [];
  for (const entry of feed.entries) {
    const label = entry.title || entry.link || `entry ${entry.index + 1}`;
    const where = lineOf(entry);
    if (entry.type === 'page') {
      report.skipped.push({ title: label, reason: 'page' });
      note(file, 'import-page-skipped', `Page "${label}" was not imported (pages are not posts)`, where, 'info');
      continue;
    }
    // Attachments, menu items, revisions, reusable blocks: not posts, and not worth a message each.
    if (entry.type !== 'post' || SKIPPED_STATUSES.has(entry.status)) continue;
    if (!entry.date) {
      report.skipped.push({ title: label, reason: `no usable date (${JSON.stringify(entry.dateText)})` });
      note(
        file,
        'import-no-date',
        `"${label}" was skipped: its date ${entry.dateText ? `"${entry.dateText}" is not a date` : 'is missing'}`,
        where,
      );
      continue;
    }
    if (entry.html.length > MAX_ENTRY_HTML) {
      report.skipped.push({ title: label, reason: `content larger than ${MAX_ENTRY_HTML / 1024 / 1024} MB` });
      note(file, 'import-empty', `"${label}" was skipped: its content is larger than ${MAX_ENTRY_HTML / 1024 / 1024} MB`, where);
      continue;
    }
    const plain = htmlText(entry.html);
    if (!plain && !/<img\b/i.test(entry.html)) {
      report.skipped.push({ title: label, reason: 'empty content' });
      note(file, 'import-empty', `"${label}" was skipped: it has no content`, where);
      continue;
    }
    if (!entry.title) {
      const words = plain.split(' ').slice(0, 8).join(' ');
      entry.title = words ? `${words.replace(/[.,;:!?]+$/, '')}…` : `Untitled (${isoDate(entry.date).slice(0, 10)})`;
      report.repaired.push({ title: entry.title, what: 'title made from the first words' });
      note(
        file,
        'import-untitled',
        `An entry of ${isoDate(entry.date).slice(0, 10)} has no title; it is now "${entry.title}"`,
        where,
        'warning',
      );
    }
    posts.push(entry);
  }
  return posts.sort((a, b) => (a.date as Date).getTime() - (b.date as Date).getTime() || a.index - b.index);
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** `YYYY-MM-DD-slug.md`, the slug from the old address where WordPress kept one; unique within the import. */
function fileNames(posts: SourceEntry[]): Map<SourceEntry, string> {
  const used = new Set<string>();
  const names = new Map<SourceEntry, string>();
  for (const entry of posts) {
    const base =
      slugify(decode(entry.name ?? '') || entry.title)
        .slice(0, 80)
        .replace(/-+$/, '') || 'untitled';
    let slug = base;
    for (let n = 2; used.has(slug); n++) slug = `${base}-${n}`;
    used.add(slug);
    names.set(entry, `${isoDate(entry.date as Date).slice(0, 10)}-${slug}.md`);
  }
  return names;
}

/** WXR attachments by id: the images of a [gallery], the files of a [playlist], a featured image. */
function attachmentsOf(feed: SourceFeed): Map<string, Attachment> {
  const out = new Map<string, Attachment>();
  for (const e of feed.entries) {
    if (e.type !== 'attachment' || !e.wpId || !e.attachmentUrl) continue;
    out.set(e.wpId, {
      id: e.wpId,
      url: e.attachmentUrl,
      title: e.title,
      caption: e.excerpt?.trim() ?? '',
      alt: e.meta.find((m) => m.key === '_wp_attachment_image_alt')?.value.trim() ?? '',
      parent: e.parent && e.parent !== '0' ? e.parent : undefined,
    });
  }
  return out;
}

function isoDate(date: Date): string {
  return date.toISOString().replace(/\.000Z$/, 'Z');
}

function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  return `${cut.slice(0, cut.lastIndexOf(' ') > max / 2 ? cut.lastIndexOf(' ') : max).replace(/[\s.,;:]+$/, '')}…`;
}
