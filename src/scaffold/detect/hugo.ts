// Hugo: hugo.toml|yaml|json or config.toml|yaml|json (or the same under
// config/_default/, with params.toml, permalinks.toml… beside it), content in
// content/<section>/, files served as they are in static/.
import { readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import {
  type Findings,
  firstFile,
  getKey,
  isDir,
  languageTag,
  normalDir,
  parseByExtension,
  personName,
  readText,
  siteUrl,
  stringList,
  text,
} from './common.ts';
import { readPosts } from './posts.ts';

const EXTENSIONS = ['toml', 'yaml', 'yml', 'json'];
export const HUGO_CONFIGS = [
  ...['hugo', 'config'].flatMap((name) => EXTENSIONS.map((ext) => `${name}.${ext}`)),
  ...['hugo', 'config'].flatMap((name) => EXTENSIONS.map((ext) => `config/_default/${name}.${ext}`)),
];
/** Files of config/_default/ that hold one top-level key each. */
const SPLIT_KEYS = ['params', 'permalinks', 'taxonomies', 'languages', 'menus', 'markup'];
/** Section names that hold posts on most Hugo blogs, in order of preference. */
const POST_SECTIONS = ['posts', 'post', 'blog', 'articles', 'writing', 'notes'];

export async function detectHugo(root: string): Promise<Findings | undefined> {
  const configFile = firstFile(root, HUGO_CONFIGS);
  if (!configFile) return undefined;
  const parsed = parseByExtension(configFile, (await readText(join(root, configFile))) ?? '');
  // config.yaml and config.json are common names; believe them only with a sign of Hugo
  if (basename(configFile).startsWith('config.') && !configFile.startsWith('config/')) {
    const hugoish =
      getKey(parsed, 'baseURL', 'theme', 'contentDir', 'languageCode', 'defaultContentLanguage') !== undefined ||
      ['archetypes', 'layouts', 'themes'].some((d) => isDir(join(root, d))) ||
      isDir(join(root, text(getKey(parsed, 'contentDir')) ?? 'content'));
    if (!hugoish) return undefined;
  }
  const evidence = [configFile];
  const notes: string[] = [];
  const config: Record<string, unknown> = { ...(parsed ?? {}) };
  if (!parsed) notes.push(`${configFile} does not parse: its settings were not read; fix it and run init again with --force.`);
  const splitFrom: Record<string, string> = {};
  if (configFile.startsWith('config/')) {
    for (const key of SPLIT_KEYS) {
      const file = firstFile(
        root,
        EXTENSIONS.map((ext) => `config/_default/${key}.${ext}`),
      );
      if (!file || getKey(config, key) !== undefined) continue;
      const value = parseByExtension(file, (await readText(join(root, file))) ?? '');
      if (value) {
        config[key] = value;
        splitFrom[key] = file;
        evidence.push(file);
      }
    }
  }
  const from = (key: string) => `from ${splitFrom[key.split('.')[0]!] ?? configFile} (${key})`;
  const params = getKey(config, 'params');

  const site: Findings['site'] = {};
  const title = text(getKey(config, 'title')) ?? text(getKey(params, 'title'));
  if (title) site.title = { value: title, from: from(getKey(config, 'title') ? 'title' : 'params.title') };
  const description = text(getKey(params, 'description')) ?? text(getKey(config, 'description'));
  if (description)
    site.description = { value: description, from: from(getKey(params, 'description') ? 'params.description' : 'description') };
  const paramsAuthor = personName(getKey(params, 'author'));
  const author = paramsAuthor ?? personName(getKey(config, 'author'));
  if (author) site.author = { value: author, from: from(paramsAuthor ? 'params.author' : 'author') };
  const url = siteUrl(getKey(config, 'baseURL'));
  if (url) site.url = { value: url, from: from('baseURL') };
  const codeLanguage = languageTag(getKey(config, 'languageCode'));
  const language = codeLanguage ?? languageTag(getKey(config, 'defaultContentLanguage'));
  if (language) site.language = { value: language, from: from(codeLanguage ? 'languageCode' : 'defaultContentLanguage') };

  const contentDir = normalDir(text(getKey(config, 'contentDir')) ?? 'content');
  const sections = await postSections(root, contentDir);
  if (sections.length) evidence.push(...sections.map((s) => `${s}/`));
  else notes.push(`No section of ${contentDir}/ holds dated pages: write the folder of your posts in content.posts.`);
  const posts = sections.length ? sections : [`${contentDir}/posts`];

  const permalinks = getKey(config, 'permalinks');
  const section = basename(posts[0]!);
  let permalink: Findings['content']['permalink'] = {
    value: `/${section}/:slug/`,
    from: "Hugo's default: the section, then the slug or file name",
  };
  for (const key of [section, ...POST_SECTIONS]) {
    const value = text(getKey(permalinks, key)) ?? text(getKey(getKey(permalinks, 'page'), key));
    if (value) {
      permalink = { value, from: from(`permalinks.${key}`) };
      break;
    }
  }

  const staticDirs = stringList(getKey(config, 'staticDir'));
  const staticFound = (staticDirs.length ? staticDirs : ['static']).map(normalDir).filter((d) => isDir(join(root, d)));

  const languages = getKey(config, 'languages');
  if (languages && typeof languages === 'object' && Object.keys(languages).length > 1)
    notes.push(
      `This Hugo site has ${Object.keys(languages).length} languages (${Object.keys(languages).join(', ')}); postbound builds one blog: check content.posts and site.language.`,
    );

  const taxonomies = getKey(config, 'taxonomies');
  if (getKey(taxonomies, 'series') !== undefined) evidence.push(`${splitFrom.taxonomies ?? configFile} (taxonomies.series)`);
  return {
    generator: 'hugo',
    evidence,
    configFile,
    site,
    content: {
      posts: {
        value: posts,
        from: sections.length
          ? `the section${sections.length > 1 ? 's' : ''} of ${contentDir}/ with dated pages`
          : 'TODO: the folder of your posts (none found)',
      },
      drafts: { value: [], from: 'Hugo marks drafts with `draft: true` in the post' },
      static: {
        value: staticFound,
        from: staticDirs.length ? from('staticDir') : staticFound.length ? "Hugo's static folder" : 'no static/ folder',
      },
      permalink,
      exclude: { value: [], from: 'nothing to leave out' },
    },
    notes,
    sources: [configFile, ...Object.values(splitFrom)],
  };
}

/** The folders of `contentDir` that hold dated pages, most first (posts, post and blog win a tie). */
async function postSections(root: string, contentDir: string): Promise<string[]> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(join(root, contentDir), { withFileTypes: true });
  } catch {
    return [];
  }
  const counted: { dir: string; dated: number; rank: number }[] = [];
  for (const e of entries) {
    if (!e.isDirectory() || e.name.startsWith('.')) continue;
    const dir = contentDir === '.' ? e.name : `${contentDir}/${e.name}`;
    const posts = await readPosts(root, 'hugo', [dir]);
    const dated = posts.filter((p) => p.date && !p.bare).length;
    const rank = POST_SECTIONS.indexOf(e.name.toLowerCase());
    if (dated) counted.push({ dir, dated, rank: rank < 0 ? POST_SECTIONS.length : rank });
  }
  counted.sort((a, b) => a.rank - b.rank || b.dated - a.dated || a.dir.localeCompare(b.dir));
  // a section of dated pages that is clearly not the blog (two or fewer next to a real one) is left out
  const best = counted[0];
  return counted.filter((c) => c === best || c.rank < POST_SECTIONS.length || c.dated >= 3).map((c) => c.dir);
}
