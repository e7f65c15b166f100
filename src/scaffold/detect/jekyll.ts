import { join } from 'node:path';
import {
  type Findings,
  firstFile,
  isDir,
  joinDir,
  languageTag,
  normalDir,
  parseByExtension,
  personName,
  readText,
  siteUrl,
  stringList,
  subfolders,
  text,
} from './common.ts';

export const JEKYLL_CONFIGS = ['_config.yml', '_config.yaml', '_config.toml'];

/** Jekyll's named permalink styles, `:output_ext` written as `.html`. */
export const JEKYLL_PERMALINKS: Record<string, string> = {
  date: '/:categories/:year/:month/:day/:title.html',
  pretty: '/:categories/:year/:month/:day/:title/',
  ordinal: '/:categories/:year/:y_day/:title.html',
  weekdate: '/:categories/:year/W:week/:short_day/:title.html',
  none: '/:categories/:title.html',
};

export async function detectJekyll(root: string): Promise<Findings | undefined> {
  const configFile = firstFile(root, JEKYLL_CONFIGS);
  if (!configFile && !isDir(join(root, '_posts'))) return undefined;
  const evidence: string[] = [];
  const notes: string[] = [];
  let config: Record<string, unknown> = {};
  if (configFile) {
    evidence.push(configFile);
    const parsed = parseByExtension(configFile, (await readText(join(root, configFile))) ?? '');
    if (parsed) config = parsed;
    else notes.push(`${configFile} does not parse: its settings were not read; fix it and run init again with --force.`);
  }
  const from = (key: string) => `from ${configFile} (${key})`;

  const source = normalDir(text(config.source) ?? '.');
  const collections = normalDir(text(config.collections_dir) ?? '.');
  const postsDir = joinDir(joinDir(source, collections), '_posts');
  const draftsDir = joinDir(joinDir(source, collections), '_drafts');
  const posts = isDir(join(root, postsDir)) ? [postsDir] : [];
  // Jekyll also reads _posts/ folders inside other folders (their names become categories)
  for (const extra of await nestedPostFolders(root, source)) if (!posts.includes(extra)) posts.push(extra);
  if (posts.length) evidence.push(...posts.map((p) => `${p}/`));
  else notes.push(`No ${postsDir}/ folder: write the folder of your posts in content.posts.`);

  const site: Findings['site'] = {};
  const title = text(config.title) ?? text(config.name);
  if (title) site.title = { value: title, from: from(config.title ? 'title' : 'name') };
  const description = text(config.description) ?? text(config.tagline);
  if (description) site.description = { value: description, from: from(config.description ? 'description' : 'tagline') };
  const author = personName(config.author);
  if (author) site.author = { value: author, from: from(typeof config.author === 'object' ? 'author.name' : 'author') };
  const url = siteUrl(config.url, config.baseurl);
  if (url) site.url = { value: url, from: from(text(config.baseurl) ? 'url + baseurl' : 'url') };
  else if (text(config.baseurl)) notes.push(`${configFile} has a baseurl but no url: write the blog's full address in site.url.`);
  const langKey = config.lang !== undefined ? 'lang' : 'locale';
  const language = languageTag(config.lang) ?? languageTag(config.locale);
  if (language) site.language = { value: language, from: from(langKey) };

  const written = text(config.permalink);
  const permalink = written
    ? {
        value: (JEKYLL_PERMALINKS[written] ?? written).replace(/:output_ext/g, '.html'),
        from: from(JEKYLL_PERMALINKS[written] ? `permalink: ${written}, Jekyll's named style` : 'permalink'),
      }
    : { value: JEKYLL_PERMALINKS.date!, from: "Jekyll's default permalink style, date" };

  const includesDir = joinDir(source, text(config.includes_dir) ?? '_includes');
  const includes = isDir(join(root, includesDir))
    ? { value: includesDir, from: `the files of {% include %}, in ${includesDir}/` }
    : undefined;
  if (!includes && text(config.theme))
    notes.push(`The theme ${text(config.theme)} keeps its _includes in its gem: copy the ones your posts use into _includes/.`);

  const drafts = isDir(join(root, draftsDir));
  return {
    generator: 'jekyll',
    evidence,
    configFile,
    site,
    content: {
      posts: {
        value: posts.length ? posts : [postsDir],
        from: posts.length ? "Jekyll's post folder" : 'TODO: the folder of your posts (none found)',
      },
      drafts: { value: drafts ? [draftsDir] : [], from: drafts ? "Jekyll's drafts folder" : `no ${draftsDir}/` },
      static: { value: [source], from: 'Jekyll copies every file and folder not starting with _ to the site' },
      includes,
      permalink,
      exclude: { value: stringList(config.exclude), from: from('exclude') },
    },
    notes,
    sources: configFile ? [configFile] : [],
  };
}

/** `<folder>/_posts` folders below the source (Jekyll's per-category post folders), two levels deep at most. */
async function nestedPostFolders(root: string, source: string): Promise<string[]> {
  const folders = await subfolders(root, source, 2, (name) => !name.startsWith('_'));
  return folders.filter((f) => f.name === '_posts' && f.depth > 0).map((f) => f.rel);
}
