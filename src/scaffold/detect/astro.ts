// Astro: astro.config.{mjs,js,ts,mts} read as text (never run) for `site` and
// `base`; the blog's name from src/consts.ts; posts in a content collection
// (src/content/<name>/, or a glob loader's `base` in src/content.config.ts);
// files served as they are in public/.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type Findings,
  firstFile,
  isDir,
  jsString,
  languageTag,
  normalDir,
  readText,
  siteUrl,
  stripComments,
  walk,
} from './common.ts';
import { readPosts } from './posts.ts';

export const ASTRO_CONFIGS = ['astro.config.mjs', 'astro.config.js', 'astro.config.ts', 'astro.config.mts', 'astro.config.cjs'];
const COLLECTION_CONFIGS = [
  'src/content.config.ts',
  'src/content.config.mjs',
  'src/content.config.js',
  'src/content/config.ts',
  'src/content/config.mjs',
  'src/content/config.js',
];
const CONSTS = ['src/consts.ts', 'src/consts.js', 'src/config.ts', 'src/config.js', 'src/site.config.ts', 'src/site.config.js'];
const DATE_FIELD = /\b(pubDate|pubDatetime|publishDate|date)\s*:/;

export interface Collection {
  name: string;
  /** Its folder, relative to the blog. */
  dir: string;
  /** Its schema has a date field (pubDate, date…). */
  dated: boolean;
  /** Declared in this file (undefined: a folder of src/content/). */
  declaredIn?: string;
}

/** The collections an Astro content config declares, read as text. */
export function declaredCollections(source: string, file: string): Collection[] {
  const code = stripComments(source);
  const out: Collection[] = [];
  for (const m of code.matchAll(/(?:\b(?:const|let|var)\s+(\w+)\s*=|\b(\w+)\s*:)\s*defineCollection\s*\(/g)) {
    const variable = m[1] ?? m[2]!;
    const body = balanced(code, m.index! + m[0].length - 1);
    // the name it is exported under: `collections = { blog: variable }` or `{ variable }`
    const at = code.search(/\bcollections\s*=/);
    const list = at < 0 ? '' : code.slice(at);
    const exported = m[2] ?? new RegExp(`\\b(\\w+)\\s*:\\s*${variable}\\b`).exec(list)?.[1] ?? variable;
    const base = jsString(body, 'base');
    const dir = base ? normalDir(base.replace(/^\.\//, '')) : `src/content/${exported}`;
    out.push({ name: exported, dir, dated: DATE_FIELD.test(body), declaredIn: file });
  }
  return out;
}

/** The text from the bracket at `open` to its match (the rest of the file when unbalanced). */
function balanced(code: string, open: number): string {
  let depth = 0;
  for (let i = open; i < code.length; i++) {
    const c = code[i];
    if (c === '(' || c === '{' || c === '[') depth++;
    else if (c === ')' || c === '}' || c === ']') {
      depth--;
      if (depth === 0) return code.slice(open, i + 1);
    }
  }
  return code.slice(open);
}

export async function detectAstro(root: string): Promise<Findings | undefined> {
  const configFile = firstFile(root, ASTRO_CONFIGS);
  if (!configFile) return undefined;
  const evidence = [configFile];
  const notes: string[] = [];
  const config = (await readText(join(root, configFile))) ?? '';

  const site: Findings['site'] = {};
  const base = jsString(config, 'base');
  const url = siteUrl(jsString(config, 'site'), base);
  if (url) site.url = { value: url, from: `from ${configFile} (site${base && base !== '/' ? ' + base' : ''})` };
  const constsFile = firstFile(root, CONSTS);
  if (constsFile) {
    const consts = stripComments((await readText(join(root, constsFile))) ?? '');
    const object = /\b(?:SITE|SITE_CONFIG|siteConfig|config)\s*(?::\s*\w+\s*)?=\s*\{([\s\S]*?)\n\}/.exec(consts)?.[1] ?? '';
    const pick = (names: string[], keys: string[]) => {
      for (const n of names) {
        const v = jsString(consts, n);
        if (v) return { value: v, from: `from ${constsFile} (${n})` };
      }
      for (const k of keys) {
        const v = jsString(object, k);
        if (v) return { value: v, from: `from ${constsFile} (SITE.${k})` };
      }
      return undefined;
    };
    const title = pick(['SITE_TITLE'], ['title']);
    const description = pick(['SITE_DESCRIPTION'], ['description', 'desc']);
    const author = pick(['SITE_AUTHOR', 'AUTHOR'], ['author']);
    if (title || description || author) evidence.push(constsFile);
    if (title) site.title = title;
    if (description) site.description = description;
    if (author) site.author = author;
    const website = pick(['SITE_URL'], ['website', 'url', 'site']);
    const websiteUrl = website && siteUrl(website.value, base);
    if (!site.url && website && websiteUrl) site.url = { value: websiteUrl, from: website.from };
    const lang = pick(['SITE_LANG', 'LANG'], ['lang', 'language', 'locale']);
    const tag = lang && languageTag(lang.value);
    if (lang && tag) site.language = { value: tag, from: lang.from };
  }

  // the language: <html lang="…"> in a layout
  if (!site.language) {
    for (const folder of ['src/layouts', 'src/components', 'src/pages']) {
      for (const file of await walk(join(root, folder), (n) => n.endsWith('.astro'))) {
        const lang = /<html\b[^>]*\blang=["']([^"'{}]+)["']/i.exec((await readText(join(root, folder, file))) ?? '')?.[1];
        const tag = languageTag(lang);
        if (tag) {
          site.language = { value: tag, from: `from <html lang> in ${folder}/${file}` };
          break;
        }
      }
      if (site.language) break;
    }
  }

  // the collections
  const collections: Collection[] = [];
  const collectionsFile = firstFile(root, COLLECTION_CONFIGS);
  if (collectionsFile) {
    evidence.push(collectionsFile);
    collections.push(...declaredCollections((await readText(join(root, collectionsFile))) ?? '', collectionsFile));
  }
  try {
    for (const e of await readdir(join(root, 'src/content'), { withFileTypes: true })) {
      const dir = `src/content/${e.name}`;
      if (e.isDirectory() && !e.name.startsWith('.') && !collections.some((c) => c.dir === dir))
        collections.push({ name: e.name, dir, dated: false });
    }
  } catch {}
  const existing = collections.filter((c) => isDir(join(root, c.dir)));
  const counted = await Promise.all(
    existing.map(async (c) => ({ c, dated: (await readPosts(root, 'astro', [c.dir])).filter((p) => p.date && !p.bare).length })),
  );
  const rank = (x: (typeof counted)[number]) =>
    x.c.name === 'blog' ? 0 : x.c.name === 'posts' || x.c.name === 'post' ? 1 : x.c.dated ? 2 : 3;
  const chosen = counted.filter((x) => x.dated > 0 || x.c.dated).sort((a, b) => rank(a) - rank(b) || b.dated - a.dated)[0];
  let posts: Findings['content']['posts'];
  if (chosen) {
    evidence.push(`${chosen.c.dir}/`);
    const why = chosen.c.declaredIn
      ? `the collection \`${chosen.c.name}\` in ${chosen.c.declaredIn}${chosen.c.dated ? ', whose schema has a date' : ''}`
      : `the collection folder with dated posts`;
    posts = { value: [chosen.c.dir], from: why };
  } else {
    posts = { value: ['src/content/blog'], from: 'TODO: the folder of your posts (none found)' };
    notes.push('No content collection of dated posts was found: write the folder of your posts in content.posts.');
  }

  // its address: the page that renders one entry, src/pages/<path>/[...slug].astro
  const name = chosen?.c.name ?? 'blog';
  const pages = await walk(join(root, 'src/pages'), (n) => /^\[(\.\.\.)?(slug|id|post)\]\.(astro|md|mdx|ts|js)$/.test(n));
  const route = pages.sort((a, b) => Number(b.startsWith(`${name}/`)) - Number(a.startsWith(`${name}/`)))[0];
  const permalink = route
    ? {
        value: `/${route.split('/').slice(0, -1).join('/')}/:slug/`.replace(/^\/\//, '/'),
        from: `from the route src/pages/${route}`,
      }
    : { value: `/${name}/:slug/`, from: 'the collection name, then the slug (no src/pages route found)' };

  const hasPublic = isDir(join(root, 'public'));
  notes.push(
    "Astro builds into dist/, where postbound writes too: build one or the other, or move Astro's with `outDir` in astro.config.",
  );
  return {
    generator: 'astro',
    evidence,
    configFile,
    site,
    content: {
      posts,
      drafts: { value: [], from: 'Astro blogs mark drafts with `draft: true` in the post' },
      static: { value: hasPublic ? ['public'] : [], from: hasPublic ? "Astro's public folder" : 'no public/ folder' },
      permalink,
      exclude: { value: [], from: 'nothing to leave out' },
    },
    notes,
    sources: [configFile, ...(constsFile ? [constsFile] : [])],
  };
}
