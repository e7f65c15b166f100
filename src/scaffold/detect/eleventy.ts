import { dirname, join } from 'node:path';
import {
  type Findings,
  firstFile,
  isDir,
  isFile,
  joinDir,
  jsString,
  languageTag,
  normalDir,
  parseJsonData,
  personName,
  readText,
  siteUrl,
  stripComments,
  subfolders,
  text,
} from './common.ts';
import { readPosts } from './posts.ts';

export const ELEVENTY_CONFIGS = [
  'eleventy.config.js',
  'eleventy.config.mjs',
  'eleventy.config.cjs',
  'eleventy.config.ts',
  'eleventy.config.mts',
  '.eleventy.js',
];

/** The folder settings in an Eleventy config's text: `dir: { input: … }` or `setInputDirectory(…)`. */
export function eleventyDirs(source: string): { input?: string; includes?: string; data?: string; output?: string } {
  const code = stripComments(source);
  const block = /\bdir\s*:\s*\{([^}]*)\}/.exec(code)?.[1] ?? '';
  const call = (name: string) => new RegExp(`\\.set${name}Directory\\(\\s*(["'\`])([^"'\`]+)\\1`).exec(code)?.[2];
  return {
    input: jsString(block, 'input') ?? call('Input'),
    includes: jsString(block, 'includes') ?? call('Includes'),
    data: jsString(block, 'data') ?? call('Data'),
    output: jsString(block, 'output') ?? call('Output'),
  };
}

/** What addPassthroughCopy copies: `{ from, to }`, `to` undefined when the path is kept (the input folder stripped). */
export function passthroughCopies(source: string): { from: string; to?: string }[] {
  const code = stripComments(source);
  const copies: { from: string; to?: string }[] = [];
  const calls = code.matchAll(/\.addPassthroughCopy\(\s*([^)]*?)\s*(?:,\s*\{[^)]*\})?\s*\)/g);
  for (const [, arg] of calls) {
    const literal = /^(["'`])([^"'`]+)\1$/.exec(arg!.trim());
    if (literal) {
      copies.push({ from: literal[2]! });
      continue;
    }
    if (!arg!.trim().startsWith('{')) continue;
    for (const m of arg!.matchAll(/(["'`])([^"'`]+)\1\s*:\s*(["'`])([^"'`]*)\3/g)) copies.push({ from: m[2]!, to: m[4]! });
  }
  return copies;
}

export async function detectEleventy(root: string): Promise<Findings | undefined> {
  const configFile = firstFile(root, ELEVENTY_CONFIGS);
  const dependency = configFile ? false : await dependsOnEleventy(root);
  if (!configFile && !dependency) return undefined;
  const evidence = [configFile ?? 'package.json (@11ty/eleventy)'];
  const notes: string[] = [];
  const source = configFile ? ((await readText(join(root, configFile))) ?? '') : '';
  const cfg = configFile ?? 'Eleventy';
  const dirs = eleventyDirs(source);
  const input = normalDir(dirs.input ?? '.');
  const dataDir = joinDir(input, dirs.data ?? '_data');
  const includesDir = joinDir(input, dirs.includes ?? '_includes');
  const output = normalDir(dirs.output ?? '_site');

  // the site's name and address
  const site: Findings['site'] = {};
  const metaFile = firstFile(
    root,
    ['metadata.json', 'metadata.js', 'metadata.mjs', 'metadata.cjs', 'site.json', 'site.js'].map((n) => `${dataDir}/${n}`),
  );
  if (metaFile) {
    evidence.push(metaFile);
    const meta = await readMetadata(join(root, metaFile));
    const from = (key: string) => `from ${metaFile} (${key})`;
    if (meta.title) site.title = { value: meta.title, from: from('title') };
    if (meta.description) site.description = { value: meta.description, from: from('description') };
    if (meta.author) site.author = { value: meta.author, from: from('author.name') };
    const prefix = jsString(source, 'pathPrefix');
    const url = siteUrl(meta.url, prefix);
    if (url) site.url = { value: url, from: prefix && prefix !== '/' ? `${from('url')} + ${cfg} (pathPrefix)` : from('url') };
    if (meta.language) site.language = { value: meta.language, from: from('language') };
  }

  // the posts
  const tagged = await taggedFolders(root, input);
  let posts: string[] = tagged.map((t) => t.dir);
  let postsFrom = tagged.length ? `from ${tagged.map((t) => `${t.file} (tags: posts)`).join(', ')}` : '';
  if (posts.length) evidence.push(...tagged.map((t) => t.file));
  else {
    const best = await mostDatedFolder(root, input, [includesDir, dataDir, output]);
    if (best) {
      posts = [best.dir];
      postsFrom = `the folder with most dated posts (${best.count})`;
      evidence.push(`${best.dir}/`);
    } else {
      posts = [joinDir(input, 'posts')];
      postsFrom = 'TODO: the folder of your posts (none found)';
      notes.push(
        `No folder of dated posts under ${input === '.' ? 'the blog' : `${input}/`}: write the folder of your posts in content.posts.`,
      );
    }
  }

  // its address: the data file's permalink when it is a plain pattern, else Eleventy's default (the folder, then the file's slug)
  const folderPath = posts[0] === input ? '' : posts[0]!.slice(input === '.' ? 0 : input.length + 1);
  let permalink = {
    value: `/${folderPath ? `${folderPath}/` : ''}:slug/`,
    from: "Eleventy's default: the post's folder, then its file name",
  };
  const pattern = tagged[0]?.permalink;
  if (pattern) {
    const converted = eleventyPermalink(pattern);
    if (converted) permalink = { value: converted, from: `from ${tagged[0]!.file} (permalink)` };
    else
      notes.push(
        `The permalink ${JSON.stringify(pattern)} in ${tagged[0]!.file} is a template postbound does not read: check content.permalink.`,
      );
  }

  // static files: the passthrough copies, as the folders served at the site's root
  const staticDirs: string[] = [];
  for (const copy of passthroughCopies(source)) {
    const dir = staticRoot(root, copy, input);
    if (dir === undefined)
      notes.push(
        `addPassthroughCopy(${JSON.stringify(copy.to === undefined ? copy.from : { [copy.from]: copy.to })}) is not a folder served at the site's root: left out of content.static.`,
      );
    else if (dir && !staticDirs.includes(dir)) staticDirs.push(dir);
  }

  const includes = isDir(join(root, includesDir))
    ? { value: includesDir, from: dirs.includes ? `from ${cfg} (dir.includes)` : "Eleventy's _includes" }
    : undefined;
  return {
    generator: 'eleventy',
    evidence,
    configFile,
    site,
    content: {
      posts: { value: posts, from: postsFrom },
      drafts: { value: [], from: 'Eleventy blogs mark drafts with `draft: true` in the post' },
      static: { value: staticDirs, from: staticDirs.length ? `from ${cfg} (addPassthroughCopy)` : 'no passthrough copy' },
      includes,
      permalink,
      exclude: { value: [], from: 'nothing to leave out' },
    },
    notes,
    sources: [...(metaFile ? [metaFile] : []), ...(configFile ? [configFile] : [])],
  };
}

async function dependsOnEleventy(root: string): Promise<boolean> {
  const pkg = parseJsonData((await readText(join(root, 'package.json'))) ?? '');
  if (!pkg) return false;
  return ['dependencies', 'devDependencies'].some((k) => {
    const deps = pkg[k];
    return Boolean(deps && typeof deps === 'object' && '@11ty/eleventy' in deps);
  });
}

interface Metadata {
  title?: string;
  description?: string;
  url?: string;
  language?: string;
  author?: string;
}

/** _data/metadata.json, or the obvious literal values of a metadata.js. */
async function readMetadata(path: string): Promise<Metadata> {
  const source = (await readText(path)) ?? '';
  if (path.endsWith('.json')) {
    const data = parseJsonData(source) ?? {};
    return {
      title: text(data.title),
      description: text(data.description),
      url: text(data.url),
      language: languageTag(data.language ?? data.lang),
      author: personName(data.author),
    };
  }
  const code = stripComments(source);
  const authorBlock = /\bauthor\s*:\s*\{([^}]*)\}/.exec(code)?.[1];
  return {
    title: jsString(code.replace(/\bauthor\s*:\s*\{[^}]*\}/, ''), 'title'),
    description: jsString(code, 'description'),
    url: jsString(code.replace(/\bauthor\s*:\s*\{[^}]*\}/, ''), 'url'),
    language: languageTag(jsString(code, 'language') ?? jsString(code, 'lang')),
    author: authorBlock ? jsString(authorBlock, 'name') : jsString(code, 'author'),
  };
}

interface Tagged {
  dir: string;
  file: string;
  permalink?: string;
}

/** Folders under `input` whose directory data file (`<dir>/<dir>.11tydata.json|js`, `<dir>/<dir>.json`) tags them `posts`. */
async function taggedFolders(root: string, input: string): Promise<Tagged[]> {
  const found: Tagged[] = [];
  for (const { rel: dir, name: folder } of await subfolders(root, input, 3, () => true)) {
    if (folder.startsWith('_')) continue;
    for (const name of [
      `${folder}.11tydata.json`,
      `${folder}.json`,
      `${folder}.11tydata.js`,
      `${folder}.11tydata.mjs`,
      `${folder}.11tydata.cjs`,
    ]) {
      const file = `${dir}/${name}`;
      if (!isFile(join(root, file))) continue;
      const data = await readText(join(root, file));
      if (!data) continue;
      const tags = name.endsWith('.json') ? jsonTags(data) : jsTags(data);
      if (tags.includes('posts') || tags.includes('post')) {
        const permalink = name.endsWith('.json') ? text(parseJsonData(data)?.permalink) : jsString(data, 'permalink');
        found.push({ dir, file, permalink });
        break;
      }
    }
  }
  return found;
}

function jsonTags(source: string): string[] {
  const tags = parseJsonData(source)?.tags;
  return typeof tags === 'string' ? [tags] : Array.isArray(tags) ? tags.filter((t): t is string => typeof t === 'string') : [];
}

function jsTags(source: string): string[] {
  const code = stripComments(source);
  const m = /\btags\s*:\s*(\[[^\]]*\]|(["'`])[^"'`]*\2)/.exec(code);
  if (!m) return [];
  return [...m[1]!.matchAll(/(["'`])([^"'`]+)\1/g)].map((x) => x[2]!);
}

/** The folder under `input` holding most dated posts (a bundle's index.md counts for the folder above it). */
async function mostDatedFolder(root: string, input: string, skip: string[]): Promise<{ dir: string; count: number } | undefined> {
  const posts = await readPosts(root, 'eleventy', [input]);
  const counts = new Map<string, number>();
  for (const post of posts) {
    if (!post.date || post.bare || skip.some((s) => s !== '.' && (post.rel === s || post.rel.startsWith(`${s}/`)))) continue;
    let dir = dirname(post.rel);
    if (/^index\.[^.]+$/.test(post.rel.split('/').at(-1)!) && dir !== '.' && dir !== input) dir = dirname(dir);
    counts.set(dir, (counts.get(dir) ?? 0) + 1);
  }
  const best = [...counts].sort(
    (a, b) => b[1] - a[1] || a[0].split('/').length - b[0].split('/').length || a[0].localeCompare(b[0]),
  )[0];
  return best && best[1] >= 1 ? { dir: best[0], count: best[1] } : undefined;
}

/** An Eleventy permalink pattern in postbound's tokens, or undefined when it holds more than the file's slug and date. */
export function eleventyPermalink(pattern: string): string | undefined {
  const converted = pattern
    .replace(/\{\{-?\s*page\.fileSlug(?:\s*\|\s*slug(?:ify)?)?\s*-?\}\}/g, ':slug')
    .replace(/\{\{-?\s*(?:title|page\.title)\s*\|\s*slug(?:ify)?\s*-?\}\}/g, ':title')
    .replace(/\{\{-?\s*page\.date\s*\|\s*date\s*:?\s*\(?\s*["']%?(yyyy|Y)["']\s*\)?\s*-?\}\}/gi, ':year');
  if (/\{\{|\{%/.test(converted) || !converted.startsWith('/')) return undefined;
  return converted;
}

/**
 * The folder whose files a passthrough copy serves at the site's root: the
 * input folder (or the project's) for a path kept as it is, the source itself
 * for `{ "src/static": "/" }`. Undefined when it maps onto no such folder; ''
 * for a single file (nothing to look images up in).
 */
function staticRoot(root: string, copy: { from: string; to?: string }, input: string): string | undefined {
  const from = normalDir(copy.from.replace(/^\.\//, ''));
  const glob = /[*?{[]/.test(from);
  const base = glob
    ? normalDir(
        from
          .split('/')
          .filter((_, i, all) => !/[*?{[]/.test(all.slice(0, i + 1).join('/')))
          .join('/'),
      )
    : from;
  if (!glob && !isDir(join(root, base))) return '';
  if (copy.to === undefined) return input !== '.' && (base === input || base.startsWith(`${input}/`)) ? input : '.';
  const to = normalDir(copy.to);
  if (to === '.') return glob ? undefined : base;
  if (base === to) return '.';
  if (base.endsWith(`/${to}`)) return base.slice(0, -to.length - 1);
  return undefined;
}
