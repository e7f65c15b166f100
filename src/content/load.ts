// Builds the content model once: config, posts, series, tags, assets, books.
// Every problem becomes a positioned message on the file it belongs to; the
// loader goes on after an error so that all problems are reported together.

import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { basename, dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Element } from 'hast';
import type { Position } from 'unist';
import { VFile } from 'vfile';
import type { VFileMessage } from 'vfile-message';
import { probeImage } from '../assets/images.ts';
import { type BookConfig, type Config, configSchema, type FrontMatter, frontMatterSchema } from '../config/schema.ts';
import { type RenderedBody, renderMarkdownAll } from '../markdown/cache.ts';
import type { RenderedMarkdown } from '../markdown/pipeline.ts';
import { smartText } from '../markdown/plugins/smartypants.ts';
import { FrontMatterCache } from './front-cache.ts';
import { hasErrors, report } from './messages.ts';
import type { Asset, Book, Post, Series, Site, Tag } from './model.ts';
import { slugFromFileName, slugify } from './slug.ts';
import { parseYaml, validateYaml } from './yaml.ts';

export const CONFIG_FILE = 'postbound.yaml';
export const POSTS_DIR = join('content', 'posts');

export interface LoadResult {
  /** Undefined when the config itself could not be read. */
  site?: Site;
  /** Every file that was read, with its messages. */
  files: VFile[];
  ok: boolean;
}

interface Draft {
  post: Post;
  front: FrontMatter;
  /** False when the front matter did not validate: checked, but not published. */
  valid: boolean;
  links: Element[];
  images: Element[];
  /** Absolute path of the post file. */
  abs: string;
  /** Position of a front matter field (of the block when absent). */
  at: (key: string) => Position;
}

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
interface ParsedPost {
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

const RESOLVED_PROPERTIES = ['dataPostRef', 'dataFragment', 'dataAsset', 'width', 'height'];

export async function loadSite(
  rootIn: string,
  /** cacheDir: keep parsed posts on disk there (the build passes .cache/), so unchanged posts are not parsed again. */
  options: { drafts?: boolean; cache?: LoadCache; cacheDir?: string; strict?: boolean } = {},
): Promise<LoadResult> {
  const root = resolve(rootIn);
  const configFile = await readConfigFile(root);
  const files: VFile[] = [configFile.file];
  const config = configFile.config;
  if (!config) return { files, ok: false };
  const drafts = options.drafts ?? config.build.drafts;

  const postPaths = await findPosts(join(root, POSTS_DIR));
  const cache = options.cache;
  const fronts = await FrontMatterCache.open(options.cacheDir);
  const read = await Promise.all(postPaths.map((path) => readPost(root, path, fronts, cache)));
  await fronts.save();
  // every post's markdown in one batch: from the disk cache, or parsed (by workers when many)
  const pending = read.filter((r) => r.front);
  const rendered = await renderMarkdownAll(
    pending.map((r) => r.front!.body),
    { cacheDir: options.cacheDir },
  );
  for (const [i, r] of pending.entries()) finishPost(r, rendered[i]!, cache);
  const loaded = read.map((r) => toDraft(r.file, r.rel, r.abs, r.parsed));
  // Forget posts that are gone, so a long-running cache does not grow without end.
  if (cache) {
    const present = new Set(postPaths);
    for (const path of cache.posts.keys()) if (!present.has(path)) cache.posts.delete(path);
  }
  const all: Draft[] = [];
  for (const item of loaded) {
    files.push(item.file);
    if (item.draft) all.push(item.draft);
  }
  const checked = all.filter((d) => drafts || !d.post.draft);
  const published = checked.filter((d) => d.valid);
  const draftSlugs = new Set(all.filter((d) => d.post.draft && !drafts).map((d) => d.post.slug));

  checkDuplicateSlugs(published);
  const byPath = new Map(published.map((d) => [d.abs, d]));
  const bySlug = new Map(published.map((d) => [d.post.slug, d]));

  const assets = new Map<string, Asset>();
  const assetsByPath = new Map<string, Promise<Asset | undefined>>();
  const assetAt = (path: string): Promise<Asset | undefined> => {
    let job = assetsByPath.get(path);
    if (!job) {
      job = cachedAsset(root, path, cache).then((a) => {
        if (a) assets.set(a.id, a);
        return a;
      });
      assetsByPath.set(path, job);
    }
    return job;
  };

  // Many posts share a few images: resolve each real path once per load.
  const realPaths = new Map<string, Promise<string>>();
  const realOf = (path: string): Promise<string> => {
    let job = realPaths.get(path);
    if (!job) {
      job = realpath(path);
      realPaths.set(path, job);
    }
    return job;
  };

  await Promise.all(
    checked.map(async (d) => {
      resolveLinks(d, byPath, bySlug, draftSlugs, all);
      await resolveImages(root, d, config, assetAt, realOf);
      await resolveSketch(root, d, assetAt, realOf);
    }),
  );

  const posts = published.map((d) => d.post).sort((a, b) => b.date.getTime() - a.date.getTime() || a.slug.localeCompare(b.slug));
  const series = buildSeries(published);
  const tags = buildTags(posts);
  const books = await buildBooks(root, config, configFile, posts, series, assetAt);

  const site: Site = { root, config, posts, series, tags, assets, books, files };
  return { site, files, ok: !hasErrors(files) };
}

async function readConfigFile(root: string) {
  const path = join(root, CONFIG_FILE);
  const file = new VFile({ path: CONFIG_FILE, cwd: root });
  if (!existsSync(path)) {
    report(file, 'config-missing', `No ${CONFIG_FILE} in ${root}`, undefined);
    return { file, config: undefined as Config | undefined, parsed: undefined };
  }
  file.value = await readFile(path, 'utf8');
  const parsed = parseYaml(file, String(file.value));
  const config = validateYaml(file, parsed, configSchema, 'config-invalid', CONFIG_FILE);
  return { file, config, parsed };
}

async function findPosts(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.toLowerCase().endsWith('.md'))
    .map((e) => join(e.parentPath ?? (e as unknown as { path: string }).path, e.name))
    .sort();
}

const FRONT_MATTER = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

/** A post file read, before its markdown is rendered (all posts' markdown is rendered in one batch). */
interface ReadPost {
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

async function readPost(root: string, abs: string, fronts: FrontMatterCache, cache?: LoadCache): Promise<ReadPost> {
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

interface FrontParse {
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
function finishPost(read: ReadPost, rendered: RenderedBody, cache?: LoadCache): void {
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

function toDraft(file: VFile, rel: string, abs: string, parsed: ParsedPost['parsed']): { file: VFile; draft?: Draft } {
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
    frontMatterAt: (key) => parsed.positionOf([key]),
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

function toDate(value: string | Date): Date {
  return value instanceof Date ? value : new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
}

function checkDuplicateSlugs(drafts: Draft[]): void {
  const seen = new Map<string, Draft>();
  for (const d of drafts) {
    if (!d.valid) continue;
    const first = seen.get(d.post.slug);
    if (first) {
      for (const x of [first, d]) {
        const other = x === first ? d : first;
        report(x.post.file, 'duplicate-slug', `Slug \`${d.post.slug}\` is also used by ${other.post.rel}`, x.at('slug'));
      }
    } else seen.set(d.post.slug, d);
  }
}

function isExternal(href: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('//');
}

function resolveLinks(
  d: Draft,
  byPath: Map<string, Draft>,
  bySlug: Map<string, Draft>,
  draftSlugs: Set<string>,
  all: Draft[],
): void {
  for (const link of d.links) {
    const href = String(link.properties.href);
    if (isExternal(href)) continue;
    if (href.startsWith('#')) {
      const id = decodeURIComponent(href.slice(1));
      if (id && !hasId(d.post, id)) {
        report(d.post.file, 'missing-fragment', `No heading \`#${id}\` in this post`, link, 'warning');
      }
      continue;
    }
    const [pathPart, fragment] = splitHref(href);
    if (!/\.md$/i.test(pathPart)) continue;
    const target = resolve(dirname(d.abs), decodeURIComponent(pathPart));
    const hit = byPath.get(target);
    if (!hit) {
      const draft = all.find((x) => x.abs === target);
      if (draft && draftSlugs.has(draft.post.slug)) {
        report(d.post.file, 'link-to-draft', `\`${href}\` links to a draft post`, link);
      } else {
        report(d.post.file, 'missing-link-target', `\`${href}\` links to a post that does not exist`, link);
      }
      continue;
    }
    if (fragment && !hasId(hit.post, fragment)) {
      report(d.post.file, 'missing-fragment', `\`${href}\`: ${hit.post.rel} has no heading \`#${fragment}\``, link);
    }
    link.properties.dataPostRef = hit.post.slug;
    if (fragment) link.properties.dataFragment = fragment;
  }
  void bySlug;
}

function hasId(post: Post, id: string): boolean {
  if (post.headings.some((h) => h.id === id)) return true;
  return /^fn(ref)?-/.test(id);
}

function splitHref(href: string): [string, string | undefined] {
  const hash = href.indexOf('#');
  return hash < 0 ? [href, undefined] : [href.slice(0, hash), decodeURIComponent(href.slice(hash + 1)) || undefined];
}

async function resolveImages(
  root: string,
  d: Draft,
  config: Config,
  assetAt: (path: string) => Promise<Asset | undefined>,
  realOf: (path: string) => Promise<string> = realpath,
): Promise<void> {
  for (const img of d.images) {
    const src = String(img.properties.src ?? '');
    const alt = typeof img.properties.alt === 'string' ? img.properties.alt.trim() : '';
    if (isExternal(src)) {
      if (!config.build.allowRemoteImages) {
        report(d.post.file, 'remote-image', `Remote image \`${src}\``, img);
      }
      continue;
    }
    const abs = await checkLocalPath(root, d, src, img, undefined, realOf);
    if (!abs) continue;
    const asset = await assetAt(abs);
    if (!asset) {
      report(d.post.file, 'unsupported-image', `\`${src}\` is not a PNG or JPEG image`, img);
      continue;
    }
    if (!alt) report(d.post.file, 'missing-alt', `Image \`${src}\` has no alt text`, img, 'warning');
    img.properties.dataAsset = asset.id;
    img.properties.width = asset.width;
    img.properties.height = asset.height;
    d.post.images.push({ asset, alt });
  }
}

async function resolveSketch(
  root: string,
  d: Draft,
  assetAt: (path: string) => Promise<Asset | undefined>,
  realOf: (path: string) => Promise<string> = realpath,
): Promise<void> {
  const sketch = d.front.sketch;
  if (!sketch) return;
  const abs = await checkLocalPath(root, d, sketch, d.at('sketch'), 'sketch', realOf);
  if (!abs) return;
  const asset = await assetAt(abs);
  if (!asset) {
    report(d.post.file, 'unsupported-image', `Sketch \`${sketch}\` is not a PNG or JPEG image`, d.at('sketch'));
    return;
  }
  const inBody = d.post.images.find((i) => i.asset.id === asset.id);
  d.post.sketch = { asset, alt: d.front.sketchAlt ?? inBody?.alt ?? '' };
  if (!d.post.sketch.alt) {
    report(
      d.post.file,
      'missing-alt',
      `Sketch \`${sketch}\` has no alt text: add \`sketchAlt:\` or use it in the post with alt text`,
      d.at('sketch'),
      'warning',
    );
  }
}

/** Resolves a local path from a post; reports and returns undefined when it is unusable. */
async function checkLocalPath(
  root: string,
  d: Draft,
  src: string,
  node: Element | Position | undefined,
  field?: string,
  realOf: (path: string) => Promise<string> = realpath,
): Promise<string | undefined> {
  const [pathPart] = splitHref(src.split('?')[0]);
  let decoded = pathPart;
  try {
    decoded = decodeURIComponent(pathPart);
  } catch {
    // keep it as written
  }
  const abs = isAbsolute(decoded) ? decoded : resolve(dirname(d.abs), decoded);
  const what = field ? `Sketch \`${src}\`` : `Image \`${src}\``;
  const place = node ?? undefined;
  if (!isInside(root, abs)) {
    report(d.post.file, 'image-outside-project', `${what} is outside the project folder`, place);
    return undefined;
  }
  if (!existsSync(abs)) {
    report(d.post.file, 'missing-image', `${what}: no file at ${relative(root, abs).split(sep).join('/')}`, place);
    return undefined;
  }
  // A link inside the project may still point outside through a symlink.
  const real = await realOf(abs);
  if (!isInside(await realOf(root), real)) {
    report(d.post.file, 'image-outside-project', `${what} links to a file outside the project folder`, place);
    return undefined;
  }
  return abs;
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/** makeAsset, reused from the cache while the file keeps its size and modification time. */
async function cachedAsset(root: string, abs: string, cache?: LoadCache): Promise<Asset | undefined> {
  if (!cache) return makeAsset(root, abs);
  const info = await stat(abs).catch(() => undefined);
  const stamp = info ? `${info.size}:${info.mtimeMs}` : '';
  const hit = cache.assets.get(abs);
  if (hit && hit.stamp === stamp) return hit.asset;
  const asset = makeAsset(root, abs);
  cache.assets.set(abs, { stamp, asset });
  return asset;
}

async function makeAsset(root: string, abs: string): Promise<Asset | undefined> {
  const ext = extname(abs).toLowerCase();
  if (!['.png', '.jpg', '.jpeg'].includes(ext)) return undefined;
  try {
    const info = await probeImage(abs);
    if (info.format !== 'png' && info.format !== 'jpeg') return undefined;
    return {
      id: info.hash.slice(0, 12),
      path: abs,
      rel: relative(root, abs).split(sep).join('/'),
      hash: info.hash,
      width: info.width,
      height: info.height,
      format: info.format,
      stem: slugify(basename(abs, extname(abs))),
    };
  } catch {
    return undefined;
  }
}

function buildSeries(drafts: Draft[]): Series[] {
  const groups = new Map<string, Draft[]>();
  for (const d of drafts) {
    if (!d.post.series) continue;
    const list = groups.get(d.post.series) ?? [];
    list.push(d);
    groups.set(d.post.series, list);
  }
  const series: Series[] = [];
  for (const [slug, list] of groups) {
    const claimed = new Map<number, Draft>();
    for (const d of list) {
      const part = d.front.part;
      if (part === undefined) continue;
      const other = claimed.get(part);
      if (other) {
        report(
          d.post.file,
          'duplicate-part',
          `Part ${part} of series "${d.front.series}" is also claimed by ${other.post.rel}`,
          d.at('part'),
        );
      } else claimed.set(part, d);
    }
    list.sort(
      (a, b) =>
        (a.front.part ?? Number.POSITIVE_INFINITY) - (b.front.part ?? Number.POSITIVE_INFINITY) ||
        a.post.date.getTime() - b.post.date.getTime() ||
        a.post.slug.localeCompare(b.post.slug),
    );
    list.forEach((d, i) => {
      if (d.front.part !== undefined && d.front.part !== i + 1 && !claimed.has(i + 1) && claimed.get(d.front.part) === d) {
        report(
          d.post.file,
          'part-gap',
          `Part ${d.front.part} is part ${i + 1} of ${list.length} in order`,
          d.at('part'),
          'warning',
        );
      }
      d.post.part = i + 1;
    });
    series.push({ slug, title: list[0].front.series ?? slug, posts: list.map((d) => d.post) });
  }
  return series.sort((a, b) => a.title.localeCompare(b.title));
}

function buildTags(posts: Post[]): Tag[] {
  const tags = new Map<string, Tag>();
  for (const post of posts) {
    for (const name of post.tags) {
      const slug = slugify(name);
      const tag = tags.get(slug) ?? { slug, name, posts: [] };
      tag.posts.push(post);
      tags.set(slug, tag);
    }
  }
  return [...tags.values()].sort((a, b) => a.name.localeCompare(b.name));
}

async function buildBooks(
  root: string,
  config: Config,
  configFile: Awaited<ReturnType<typeof readConfigFile>>,
  posts: Post[],
  series: Series[],
  assetAt: (path: string) => Promise<Asset | undefined>,
): Promise<Book[]> {
  const file = configFile.file;
  const where = (i: number, ...path: PropertyKey[]) => configFile.parsed?.positionOf(['books', i, ...path]);
  const bySlug = new Map(posts.map((p) => [p.slug, p]));
  const books: Book[] = [];
  for (const [i, bc] of config.books.entries()) {
    const pick = (slugs: string[], key: string): Post[] =>
      slugs.flatMap((slug, j) => {
        const post = bySlug.get(slug);
        if (!post) {
          report(file, 'unknown-post', `Book "${bc.slug}": no post with slug \`${slug}\``, where(i, key, j));
          return [];
        }
        return [post];
      });
    let chapters: Post[] = [];
    let bookSeries: Series | undefined;
    if (bc.series) {
      bookSeries = series.find((s) => s.slug === bc.series);
      if (!bookSeries) {
        const known = series.map((s) => s.slug).join(', ') || 'none';
        report(
          file,
          'unknown-series',
          `Book "${bc.slug}": no series \`${bc.series}\` (series found: ${known})`,
          where(i, 'series'),
        );
      } else chapters = bookSeries.posts;
    } else if (bc.posts) {
      chapters = pick(bc.posts, 'posts');
    }
    if (!bc.series && !bc.posts) {
      report(file, 'empty-book', `Book "${bc.slug}" has no chapters`, where(i));
    }
    const front = pick(bc.front, 'front');
    const back = pick(bc.back, 'back');
    let coverImage: Asset | undefined;
    if (bc.cover.image) {
      const abs = resolve(root, bc.cover.image);
      coverImage = isInside(root, abs) && existsSync(abs) ? await assetAt(abs) : undefined;
      if (!coverImage)
        report(
          file,
          'missing-cover-image',
          `Book "${bc.slug}": cover image \`${bc.cover.image}\` is missing or not PNG/JPEG`,
          where(i, 'cover', 'image'),
        );
    }
    let coverSketch: Asset | undefined;
    if (bc.cover.sketch) {
      coverSketch = bySlug.get(bc.cover.sketch)?.sketch?.asset;
      if (!coverSketch)
        report(
          file,
          'unknown-post',
          `Book "${bc.slug}": \`cover.sketch\` names no post with a sketch (\`${bc.cover.sketch}\`)`,
          where(i, 'cover', 'sketch'),
        );
    } else {
      coverSketch = chapters.find((c) => c.sketch)?.sketch?.asset;
    }
    const book = makeBook(config, bc, { front, chapters, back, series: bookSeries, coverImage, coverSketch });
    books.push({ ...book, configAt: (...path) => where(i, ...path) });
  }
  return books;
}

function makeBook(
  config: Config,
  bc: BookConfig,
  parts: Pick<Book, 'front' | 'chapters' | 'back' | 'series' | 'coverImage' | 'coverSketch'>,
): Book {
  const all = [...parts.front, ...parts.chapters, ...parts.back];
  const newest = all.reduce((max, p) => Math.max(max, (p.updated ?? p.date).getTime()), 0);
  const epoch = process.env.SOURCE_DATE_EPOCH ? Number(process.env.SOURCE_DATE_EPOCH) * 1000 : undefined;
  const modified = bc.modified ? new Date(bc.modified) : new Date(epoch ?? (newest || Date.UTC(2000, 0, 1)));
  const lastChapter = parts.chapters.at(-1)?.date ?? new Date(newest || Date.UTC(2000, 0, 1));
  return {
    slug: bc.slug,
    config: bc,
    title: bc.title,
    subtitle: bc.subtitle,
    author: bc.author ?? config.site.author,
    language: bc.language ?? config.site.language,
    license: bc.license,
    identifier: bc.identifier ?? `urn:uuid:${uuidFrom(`${config.site.url}#book/${bc.slug}`)}`,
    description: bc.description,
    publisher: bc.publisher,
    date: bc.date ?? lastChapter.toISOString().slice(0, 10),
    modified: `${modified.toISOString().slice(0, 19)}Z`,
    ...parts,
    coverColor: bc.cover.color,
    pwyw: bc.pwyw,
    trim: bc.trim,
    tocDepth: bc.tocDepth,
  };
}

/** A name-based UUID (version 5 layout over SHA-1), stable for the same name. */
export function uuidFrom(name: string): string {
  const h = createHash('sha1').update(name).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
