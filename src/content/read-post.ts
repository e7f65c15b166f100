// One post file read: its front matter parsed and validated, its body handed to the
// markdown pipeline, and the result kept in a LoadCache for a long-running process.

import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Element } from 'hast';
import type { Position } from 'unist';
import { VFile } from 'vfile';
import type { VFileMessage } from 'vfile-message';
import type { FrontMatter } from '../config/schema.ts';
import type { RenderedBody } from '../markdown/cache.ts';
import type { RenderedMarkdown } from '../markdown/pipeline.ts';
import { smartText } from '../markdown/plugins/smartypants.ts';
import { parseDate } from './dates.ts';
import type { PostSource } from './discover.ts';
import type { Draft } from './draft.ts';
import type { FrontMatterCache } from './front-cache.ts';
import type { Asset, Post } from './model.ts';
import { type FrontContext, type FrontParse, parseFront } from './post-front.ts';
import { slugFromFileName, slugify } from './slug.ts';

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
    data: Record<string, unknown>;
    valid: boolean;
    rendered: RenderedMarkdown;
    text: string;
    words: number;
    /** Front matter text with typographic quotes. */
    smart: Pick<Post, 'title' | 'shortTitle' | 'summary' | 'problem' | 'answer'>;
    positionOf: (path: PropertyKey[]) => Position;
  };
  /** The properties the loader sets on links and images, as the pipeline left them. */
  pristine: { element: Element; properties: Record<string, unknown> }[];
}

export const RESOLVED_PROPERTIES = ['href', 'dataPostRef', 'dataFragment', 'dataAsset', 'dataFile', 'width', 'height'];

/** A post file read, before its markdown is rendered (all posts' markdown is rendered in one batch). */
export interface ReadPost {
  file: VFile;
  rel: string;
  abs: string;
  source: PostSource;
  /** The parse, when known: from the load cache, or once the markdown is rendered. */
  parsed?: ParsedPost['parsed'];
  /** Front matter read, body waiting for the markdown pipeline. */
  front?: FrontParse;
  /** Where the finished parse goes in the load cache. */
  entry?: Omit<ParsedPost, 'messages' | 'parsed' | 'pristine'>;
}

/** How posts are read in this project. */
export interface ReadContext {
  fronts: FrontMatterCache;
  front: FrontContext;
  /** A file without front matter: an error (postbound's own posts) or passed over with a note (other generators'). */
  missing: 'error' | 'skip';
}

export async function readPost(root: string, source: PostSource, ctx: ReadContext, cache?: LoadCache): Promise<ReadPost> {
  const { abs, rel } = source;
  const times = () => {
    const info = statSync(abs);
    return { modified: info.mtime, created: info.birthtime.getTime() ? info.birthtime : info.mtime };
  };
  const parse = (file: VFile, text: string) => parseFront(file, text, ctx.fronts, ctx.front, ctx.missing, times);
  if (!cache) {
    const text = await readFile(abs, 'utf8');
    const file = new VFile({ path: rel, cwd: root, value: text });
    return { file, rel, abs, source, front: await parse(file, text) };
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
      for (const key of RESOLVED_PROPERTIES) {
        if (key in properties) element.properties[key] = properties[key] as never;
        else delete element.properties[key];
      }
    }
    return { file, rel, abs, source, parsed: entry.parsed };
  }
  cache.misses++;
  const front = await parse(file, text);
  const read: ReadPost = { file, rel, abs, source, front, entry: { hash, stamp, text } };
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

/** Completes a post once its markdown is rendered; the body's messages go on the post's file. */
export function finishPost(read: ReadPost, rendered: RenderedBody, cache?: LoadCache): void {
  const { front, data, valid, body, positionOf } = read.front!;
  read.file.messages.push(...body.messages);
  const smart = {
    title: smartText(front.title),
    shortTitle: front.shortTitle && smartText(front.shortTitle),
    summary: front.summary && smartText(front.summary),
    problem: front.problem && smartText(front.problem),
    answer: front.answer && smartText(front.answer),
  };
  read.parsed = { front, data, valid, rendered, text: rendered.text, words: rendered.words, smart, positionOf };
  if (cache) rememberParse(cache, read);
}

export function toDraft(read: ReadPost, posts: PostPaths): { file: VFile; draft?: Draft } {
  const { file, rel, abs, source, parsed } = read;
  if (!parsed) return { file };
  const { front, rendered, smart } = parsed;
  const date = toDate(front.date);
  const slug = postSlug(front, source);
  const post: Post = {
    file,
    rel,
    slug,
    title: smart.title,
    shortTitle: smart.shortTitle,
    date,
    updated: front.updated ? toDate(front.updated) : undefined,
    tags: front.tags,
    series: front.series ? slugify(front.series) : undefined,
    summary: smart.summary,
    draft: front.draft || source.draft,
    problem: smart.problem,
    answer: smart.answer,
    authors: front.authors,
    data: parsed.data,
    path: '',
    aliases: [],
    hast: rendered.hast,
    headings: rendered.headings,
    images: [],
    text: parsed.text,
    words: parsed.words,
    frontMatterAt: (key) => parsed.positionOf([key]),
  };
  post.path = posts.pathOf(post, front, source);
  post.aliases = posts.aliasesOf(front);
  return {
    file,
    draft: {
      post,
      front,
      valid: parsed.valid,
      unread: rendered.unread,
      links: rendered.links,
      images: rendered.images,
      abs,
      at: (key) => parsed.positionOf([key]),
    },
  };
}

/** A post's slug: its `slug:` field, else its bundle's folder name or its file name, without a date prefix. */
export function postSlug(front: Pick<FrontMatter, 'slug'>, source: Pick<PostSource, 'abs' | 'bundle'>): string {
  if (front.slug) return slugify(front.slug);
  return slugFromFileName(basename(source.bundle ?? source.abs));
}

/** Addresses of posts on the site (src/content/urls.ts), as the loader needs them. */
export interface PostPaths {
  pathOf(post: Pick<Post, 'slug' | 'title' | 'date' | 'data'>, front: FrontMatter, source: PostSource): string;
  aliasesOf(front: FrontMatter): string[];
}

export function toDate(value: string | number | Date): Date {
  return parseDate(value)?.date ?? new Date(Number.NaN);
}
