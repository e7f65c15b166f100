// One post file read: its front matter parsed and validated, its body handed to the
// markdown pipeline, and the result kept in a LoadCache for a long-running process.

import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { basename, relative, sep } from 'node:path';
import type { Element } from 'hast';
import type { Position } from 'unist';
import { VFile } from 'vfile';
import type { VFileMessage } from 'vfile-message';
import { type FrontMatter, frontMatterSchema } from '../config/schema.ts';
import type { RenderedBody } from '../markdown/cache.ts';
import type { RenderedMarkdown } from '../markdown/pipeline.ts';
import { smartText } from '../markdown/plugins/smartypants.ts';
import type { Draft } from './draft.ts';
import type { FrontMatterCache } from './front-cache.ts';
import { report } from './messages.ts';
import type { Asset, Post } from './model.ts';
import { slugFromFileName, slugify } from './slug.ts';
import { parseYaml, validateYaml } from './yaml.ts';

/**
 * Kept by a long-running process (the dev server) from one load to the next, so
 * that a post whose text did not change is not parsed again (the markdown
 * pipeline is most of a load's cost) and an image whose file did not change is
 * not read and hashed again. One cache belongs to one project folder.
 */
export class LoadCache {
  /** By absolute path of the post: the parse of its last seen text. */
  readonly posts = new Map<string, ParsedPost>();
  /** By absolute path of the image: its probe, valid while size and mtime match. */
  readonly assets = new Map<string, { stamp: string; asset: Promise<Asset | undefined> }>();
  hits = 0;
  misses = 0;
}

/** What readPost derives from a post's text alone; safe to reuse while the text is the same. */
export interface ParsedPost {
  hash: string;
  /** Size and modification time when last read. */
  stamp: string;
  text: string;
  messages: VFileMessage[];
  parsed?: {
    front: FrontMatter;
    valid: boolean;
    rendered: RenderedMarkdown;
    text: string;
    words: number;
    /** Front matter text with typographic quotes. */
    smart: Pick<Post, 'title' | 'summary' | 'problem' | 'answer'>;
    positionOf: (path: PropertyKey[]) => Position;
  };
  /** The properties the loader sets on links and images, as the pipeline left them. */
  pristine: { element: Element; properties: Record<string, unknown> }[];
}

export const RESOLVED_PROPERTIES = ['dataPostRef', 'dataFragment', 'dataAsset', 'width', 'height'];

const FRONT_MATTER = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

/** A post file read, before its markdown is rendered (all posts' markdown is rendered in one batch). */
export interface ReadPost {
  file: VFile;
  rel: string;
  abs: string;
  /** The parse, when known: from the load cache, or once the markdown is rendered. */
  parsed?: ParsedPost['parsed'];
  /** Front matter read, body waiting for the markdown pipeline. */
  front?: FrontParse;
  /** Where the finished parse goes in the load cache. */
  entry?: Omit<ParsedPost, 'messages' | 'parsed' | 'pristine'>;
}

export async function readPost(root: string, abs: string, fronts: FrontMatterCache, cache?: LoadCache): Promise<ReadPost> {
  const rel = relative(root, abs).split(sep).join('/');
  if (!cache) {
    const text = await readFile(abs, 'utf8');
    const file = new VFile({ path: rel, cwd: root, value: text });
    return { file, rel, abs, front: parseFront(file, rel, text, fronts) };
  }
  // Same size and modification time: the same text, without reading it (a blog has many posts).
  const info = await stat(abs);
  const stamp = `${info.size}:${info.mtimeMs}`;
  const entry = cache.posts.get(abs);
  const text = entry?.stamp === stamp ? entry.text : await readFile(abs, 'utf8');
  const hash = entry?.stamp === stamp ? entry.hash : createHash('sha1').update(text).digest('hex');
  const file = new VFile({ path: rel, cwd: root, value: text });
  if (entry && entry.hash === hash) {
    cache.hits++;
    entry.stamp = stamp;
    file.messages.push(...entry.messages);
    // The loader marks links and images while resolving them: undo last load's marks.
    for (const { element, properties } of entry.pristine) {
      for (const key of RESOLVED_PROPERTIES) delete element.properties[key];
      Object.assign(element.properties, properties);
    }
    return { file, rel, abs, parsed: entry.parsed };
  }
  cache.misses++;
  const front = parseFront(file, rel, text, fronts);
  const read: ReadPost = { file, rel, abs, front, entry: { hash, stamp, text } };
  if (!front) rememberParse(cache, read);
  return read;
}

/** Keeps a post's finished parse in the load cache, with the marks the pipeline left on its links and images. */
function rememberParse(cache: LoadCache, read: ReadPost): void {
  if (!read.entry) return;
  const { parsed } = read;
  const pristine = parsed
    ? [...parsed.rendered.links, ...parsed.rendered.images].map((element) => ({
        element,
        properties: Object.fromEntries(
          RESOLVED_PROPERTIES.filter((k) => k in element.properties).map((k) => [k, element.properties[k]]),
        ),
      }))
    : [];
  cache.posts.set(read.abs, { ...read.entry, messages: [...read.file.messages], parsed, pristine });
}

export interface FrontParse {
  front: FrontMatter;
  valid: boolean;
  /** The post with its front matter blanked out (lines kept), for the markdown pipeline. */
  body: VFile;
  positionOf: (path: PropertyKey[]) => Position;
}

/** The front matter of one post; its messages go on `file`. */
function parseFront(file: VFile, rel: string, text: string, fronts: FrontMatterCache): FrontParse | undefined {
  const match = FRONT_MATTER.exec(text);
  if (!match) {
    report(file, 'front-matter-missing', `${rel} has no front matter`, {
      start: { line: 1, column: 1 },
      end: { line: 1, column: 1 },
    });
    return undefined;
  }
  const source = match[1]!;
  // Blank out the front matter but keep its lines, so markdown positions match the file.
  const blanked = match[0].replace(/[^\n]/g, '') + text.slice(match[0].length);
  const body = new VFile({ path: rel, cwd: file.cwd, value: blanked });
  const known = fronts.get(source);
  if (known) {
    // valid before, so parsing it again reports nothing: only a later problem
    // (a duplicate slug, a missing sketch) needs the positions of its keys
    let parsed: ReturnType<typeof parseYaml> | undefined;
    const positionOf = (path: PropertyKey[]) => {
      parsed ??= parseYaml(new VFile(), source, 1);
      return parsed.positionOf(path);
    };
    return { front: known, valid: true, body, positionOf };
  }
  const before = file.messages.length;
  const parsed = parseYaml(file, source, 1);
  const checked = validateYaml(file, parsed, frontMatterSchema, 'front-matter-invalid', 'the front matter');
  if (checked && file.messages.length === before) fronts.set(source, checked);
  // A post whose front matter is wrong is still read, so that the problems in
  // its body are reported in the same run; it is left out of the site.
  const front: FrontMatter = checked ?? {
    title: basename(rel),
    date: '1970-01-01',
    tags: [],
    draft: false,
    sketch: undefined,
  };
  return { front, valid: checked !== undefined, body, positionOf: (path) => parsed.positionOf(path) };
}

/** Completes a post once its markdown is rendered; the body's messages go on the post's file. */
export function finishPost(read: ReadPost, rendered: RenderedBody, cache?: LoadCache): void {
  const { front, valid, body, positionOf } = read.front!;
  read.file.messages.push(...body.messages);
  const smart = {
    title: smartText(front.title),
    summary: front.summary && smartText(front.summary),
    problem: front.problem && smartText(front.problem),
    answer: front.answer && smartText(front.answer),
  };
  read.parsed = { front, valid, rendered, text: rendered.text, words: rendered.words, smart, positionOf };
  if (cache) rememberParse(cache, read);
}

export function toDraft(file: VFile, rel: string, abs: string, parsed: ParsedPost['parsed']): { file: VFile; draft?: Draft } {
  if (!parsed) return { file };
  const { front, rendered, smart } = parsed;
  const date = toDate(front.date);
  const post: Post = {
    file,
    rel,
    slug: front.slug ?? slugFromFileName(basename(abs)),
    title: smart.title,
    date,
    updated: front.updated ? toDate(front.updated) : undefined,
    tags: front.tags,
    series: front.series ? slugify(front.series) : undefined,
    summary: smart.summary,
    draft: front.draft,
    problem: smart.problem,
    answer: smart.answer,
    hast: rendered.hast,
    headings: rendered.headings,
    images: [],
    text: parsed.text,
    words: parsed.words,
  };
  return {
    file,
    draft: {
      post,
      front,
      valid: parsed.valid,
      links: rendered.links,
      images: rendered.images,
      abs,
      at: (key) => parsed.positionOf([key]),
    },
  };
}

export function toDate(value: string | Date): Date {
  return value instanceof Date ? value : new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
}
