// What detection finds, and the small readers every generator shares. Nothing
// here writes a file, and no blog code is ever run: configs written in
// JavaScript or TypeScript are read as text.
import { existsSync, statSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { parse as parseTomlText } from 'smol-toml';
import { VFile } from 'vfile';
import type { Generator } from '../../config/schema.ts';
import { parseYaml } from '../../content/yaml.ts';

export type BlogGenerator = Exclude<Generator, 'postbound'>;

/** A value found, with where it came from (shown as a comment in postbound.yaml). */
export interface Found<T> {
  value: T;
  /** Where it came from, as the comment says it: `from _config.yml (title)`, `Jekyll's default permalink style, date`. */
  from: string;
}

/** What one generator's reader found, before the posts are read. */
export interface Findings {
  generator: BlogGenerator;
  /** Files and folders that gave the generator away, e.g. `_config.yml`, `_posts/`. */
  evidence: string[];
  /** The generator's config file, relative to the blog, when there is one. */
  configFile?: string;
  site: {
    title?: Found<string>;
    description?: Found<string>;
    author?: Found<string>;
    url?: Found<string>;
    language?: Found<string>;
  };
  content: {
    posts: Found<string[]>;
    drafts: Found<string[]>;
    static: Found<string[]>;
    includes?: Found<string>;
    permalink: Found<string>;
    exclude: Found<string[]>;
  };
  /** Things the writer should know: posts postbound will not read, folders that clash… */
  notes: string[];
  /** The files the site's values were looked for in, for "none found in …". */
  sources: string[];
}

/** Folders never searched for posts. */
export const SKIP_DIRS = new Set([
  'node_modules',
  '.git',
  '_site',
  'dist',
  'public',
  'resources',
  '.cache',
  'vendor',
  '.jekyll-cache',
]);

/** Extensions of the post files postbound reads. */
export const POST_EXTENSIONS = ['.md', '.markdown', '.mdx'];

/** A post file by its name: markdown, and for Jekyll also HTML (a `_posts/*.html` is a post there). */
export function isPostFile(name: string, generator?: Generator): boolean {
  const lower = name.toLowerCase();
  if (generator === 'jekyll' && lower.endsWith('.html')) return true;
  return POST_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

export function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

export function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The first of `names` that is a file in `root`. */
export function firstFile(root: string, names: string[]): string | undefined {
  return names.find((n) => isFile(join(root, n)));
}

export async function readText(path: string): Promise<string | undefined> {
  if (!existsSync(path)) return undefined;
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * The folders below `start` (a path relative to `root`, "." for root itself), in
 * name order, down to `maxDepth` levels: dot folders and SKIP_DIRS are left
 * out, and `enter(name)` says whether to look inside a folder that is listed.
 */
export async function subfolders(
  root: string,
  start: string,
  maxDepth: number,
  enter: (name: string) => boolean,
): Promise<{ rel: string; name: string; depth: number }[]> {
  const found: { rel: string; name: string; depth: number }[] = [];
  const visit = async (rel: string, depth: number) => {
    if (depth > maxDepth) return;
    let entries: import('node:fs').Dirent[];
    try {
      entries = await readdir(join(root, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((x, y) => x.name.localeCompare(y.name))) {
      if (!e.isDirectory() || e.name.startsWith('.') || SKIP_DIRS.has(e.name)) continue;
      const path = rel === '.' ? e.name : `${rel}/${e.name}`;
      found.push({ rel: path, name: e.name, depth });
      if (enter(e.name)) await visit(path, depth + 1);
    }
  };
  await visit(start, 0);
  return found;
}

/**
 * Files under `dir` (relative to it, forward slashes), depth first and sorted,
 * leaving out dot folders and SKIP_DIRS. Stops after `limit` files.
 */
export async function walk(dir: string, accept: (name: string) => boolean, limit = 20_000): Promise<string[]> {
  const out: string[] = [];
  const visit = async (rel: string): Promise<void> => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = await readdir(join(dir, rel), { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      if (out.length >= limit) return;
      const path = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (e.name.startsWith('.') || SKIP_DIRS.has(e.name)) continue;
        await visit(path);
      } else if (e.isFile() && accept(e.name)) out.push(path);
    }
  };
  await visit('');
  return out;
}

/** A YAML file read as Jekyll and Hugo read theirs (YAML 1.1, duplicate keys tolerated); undefined when it does not parse. */
export function parseYamlText(text: string): Record<string, unknown> | undefined {
  const parsed = parseYaml(new VFile(), text, 0, { tolerant: true });
  const value = parsed.value;
  if (value === null || value === undefined) return parsed.ok ? {} : undefined;
  return typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

export function parseTomlData(text: string): Record<string, unknown> | undefined {
  try {
    return parseTomlText(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

export function parseJsonData(text: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** A config file parsed by its extension. */
export function parseByExtension(name: string, text: string): Record<string, unknown> | undefined {
  if (/\.toml$/i.test(name)) return parseTomlData(text);
  if (/\.json$/i.test(name)) return parseJsonData(text);
  return parseYamlText(text);
}

/** A non-empty trimmed string, or undefined. */
export function text(value: unknown): string | undefined {
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') return undefined;
  const t = value.replace(/\s+/g, ' ').trim();
  return t || undefined;
}

/** A person as configs write one: `Jane`, `{ name: Jane }`, or a list of either (the first). */
export function personName(value: unknown): string | undefined {
  if (Array.isArray(value)) return value.map(personName).find(Boolean);
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    return text(o.name) ?? text(o.Name) ?? text(o.title);
  }
  return text(value);
}

const LANGUAGE = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

/** `en_US`, `en-us` → `en-US`; undefined when it is no language tag. */
export function languageTag(value: unknown): string | undefined {
  const t = text(value)?.replace(/_/g, '-');
  if (!t || !LANGUAGE.test(t)) return undefined;
  const [first, ...rest] = t.split('-');
  return [
    first!.toLowerCase(),
    ...rest.map((p) => (p.length === 2 ? p.toUpperCase() : p.length === 4 ? p[0]!.toUpperCase() + p.slice(1).toLowerCase() : p)),
  ].join('-');
}

/** An absolute http(s) address ending in a slash, `path` appended; undefined when `base` is none. */
export function siteUrl(base: unknown, path?: unknown): string | undefined {
  const b = text(base);
  if (!b || !/^https?:\/\/[^/\s]+/i.test(b)) return undefined;
  let url: URL;
  try {
    url = new URL(b);
  } catch {
    return undefined;
  }
  if (/^(localhost|127\.0\.0\.1|0\.0\.0\.0)$/.test(url.hostname)) return undefined;
  let pathname = url.pathname.replace(/\/+$/, '');
  const extra = text(path)?.replace(/^\/+|\/+$/g, '');
  if (extra && !pathname.endsWith(`/${extra}`)) pathname += `/${extra}`;
  return `${url.origin}${pathname}/`;
}

/** `value` read case-insensitively from `o` (Hugo's keys are case-insensitive). */
export function getKey(o: unknown, ...keys: string[]): unknown {
  if (!o || typeof o !== 'object' || Array.isArray(o)) return undefined;
  const entries = Object.entries(o as Record<string, unknown>);
  for (const key of keys) {
    const hit = entries.find(([k]) => k.toLowerCase() === key.toLowerCase());
    if (hit && hit[1] !== undefined && hit[1] !== null) return hit[1];
  }
  return undefined;
}

/** Strings of a value that is a string or a list of strings. */
export function stringList(value: unknown): string[] {
  if (typeof value === 'string') return value.trim() ? [value.trim()] : [];
  if (Array.isArray(value))
    return value.filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim());
  return [];
}

/** `a/./b/` → `a/b`, `content/../_data` → `_data`; `.` for the folder itself. */
export function normalDir(path: string): string {
  const normal = posix.normalize(path.replace(/\\/g, '/')).replace(/\/+$/, '');
  return normal === '' ? '.' : normal;
}

/** `base` joined with `rel`, as a normalised relative folder. */
export function joinDir(base: string, rel: string): string {
  return normalDir(`${base}/${rel}`);
}

/** String literals assigned to `key` in JavaScript or TypeScript source (`key: "…"`, `key = '…'`). */
export function jsString(source: string, key: string): string | undefined {
  const re = new RegExp(`(?:^|[\\s,{(])["']?${key}["']?\\s*[:=]\\s*(["'\`])((?:\\\\.|(?!\\1)[^\\\\\\n])*)\\1`, 'm');
  const m = re.exec(stripComments(source));
  if (!m) return undefined;
  if (m[1] === '`' && m[2]!.includes('${')) return undefined;
  return text(m[2]!.replace(/\\(["'`\\])/g, '$1'));
}

/** JavaScript with its comments blanked out (lines and offsets kept); strings are left alone. */
export function stripComments(source: string): string {
  let out = '';
  let quote: string | undefined;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (quote) {
      out += c;
      if (c === '\\' && i + 1 < source.length) out += source[++i];
      else if (c === quote || (c === '\n' && quote !== '`')) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      quote = c;
      out += c;
    } else if (c === '/' && source[i + 1] === '/') {
      const end = source.indexOf('\n', i);
      const stop = end < 0 ? source.length : end;
      out += ' '.repeat(stop - i);
      i = stop - 1;
    } else if (c === '/' && source[i + 1] === '*') {
      const end = source.indexOf('*/', i + 2);
      const stop = end < 0 ? source.length : end + 2;
      out += source.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop - 1;
    } else out += c;
  }
  return out;
}
