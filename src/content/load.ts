// Builds the content model once: config, posts, series, tags, assets, books.
// Every problem becomes a positioned message on the file it belongs to; the
// loader goes on after an error so that all problems are reported together.
// The stages, each in its own module: find the post files (discover), read
// their front matter (read-post, post-front), know every post by its names
// (post-index), expand template syntax (expand), render markdown, resolve links
// and images (links, locate, assets), then series, tags and books.
import { realpath } from 'node:fs/promises';
import { resolve } from 'node:path';
import { VFile } from 'vfile';
import { localiseFootnotes } from '../i18n/footnotes.ts';
import { siteStrings } from '../i18n/index.ts';
import { renderMarkdownAll } from '../markdown/cache.ts';
import { markdownSettings } from '../markdown/configure.ts';
import { AssetProbes } from './asset-probes.ts';
import { cachedAsset, resolveImages, resolveSketch } from './assets.ts';
import { buildBooks } from './books.ts';
import { readConfigFile } from './config-file.ts';
import { findPosts, type Skipped } from './discover.ts';
import type { Draft } from './draft.ts';
import { expandAll } from './expand.ts';
import { FrontMatterCache } from './front-cache.ts';
import { LinkTargets, resolveLinks } from './links.ts';
import { Locator } from './locate.ts';
import { hasErrors, report } from './messages.ts';
import type { Asset, Site } from './model.ts';
import { frontContext } from './post-front.ts';
import { PostIndex, postPaths } from './post-index.ts';
import { finishPost, type LoadCache, readPost, toDraft } from './read-post.ts';
import { buildSeries, buildTags, checkDuplicateSlugs } from './series.ts';
import { checkStrings } from './strings.ts';

export { uuidFrom } from './books.ts';
export { CONFIG_FILE } from './config-file.ts';
export { POSTS_DIR } from './discover.ts';
export { LoadCache } from './read-post.ts';

export interface LoadResult {
  /** Undefined when the config itself could not be read. */
  site?: Site;
  /** Every file that was read, with its messages. */
  files: VFile[];
  ok: boolean;
}

export interface LoadOptions {
  drafts?: boolean;
  cache?: LoadCache;
  /** Keep parsed posts on disk there (the build passes .cache/), so unchanged posts are not parsed again. */
  cacheDir?: string;
  /** Unknown front matter fields are errors (`--strict`); defaults to `frontMatter.strict`. */
  strict?: boolean;
}

export async function loadSite(rootIn: string, options: LoadOptions = {}): Promise<LoadResult> {
  const root = resolve(rootIn);
  const configFile = await readConfigFile(root, options.cacheDir);
  const files: VFile[] = [configFile.file];
  const config = configFile.config;
  if (!config) return { files, ok: false };
  checkStrings(config, configFile);
  const drafts = options.drafts ?? config.build.drafts;

  const found = await findPosts(root, config);
  reportSkipped(root, found.skipped, files);
  const cache = options.cache;
  const fronts = await FrontMatterCache.open(options.cacheDir);
  const ctx = {
    fronts,
    front: frontContext(config, options.strict),
    missing: config.content.generator === 'postbound' ? ('error' as const) : ('skip' as const),
  };
  const read = await Promise.all(found.posts.map((source) => readPost(root, source, ctx, cache)));
  await fronts.save();
  const paths = postPaths(root, config);
  const index = new PostIndex(root, config, read, paths);
  // every post's markdown in one batch: from the disk cache, or parsed (by workers when many)
  const pending = read.filter((r) => r.front);
  await expandAll(root, config, pending, index);
  const settings = await markdownSettings(root, config.markdown, {
    file: configFile.file,
    positionOf: configFile.parsed?.positionOf,
  });
  const rendered = await renderMarkdownAll(
    pending.map((r) => r.front!.body),
    { cacheDir: options.cacheDir, settings },
  );
  for (const [i, r] of pending.entries()) finishPost(r, rendered[i]!, cache);
  const loaded = read.map((r) => toDraft(r, paths));
  // Forget posts that are gone, so a long-running cache does not grow without end.
  if (cache) {
    const present = new Set(found.posts.map((p) => p.abs));
    for (const path of cache.posts.keys()) if (!present.has(path)) cache.posts.delete(path);
  }
  const all: Draft[] = [];
  for (const item of loaded) {
    files.push(item.file);
    if (item.draft && excludedByData(item.draft)) continue;
    if (item.draft) all.push(item.draft);
  }
  const checked = all.filter((d) => drafts || !d.post.draft);
  const published = checked.filter((d) => d.valid);
  const draftSlugs = new Set(all.filter((d) => d.post.draft && !drafts).map((d) => d.post.slug));

  checkDuplicateSlugs(published);
  const links = new LinkTargets(root, config, published, all, draftSlugs);

  const assets = new Map<string, Asset>();
  const probes = await AssetProbes.open(options.cacheDir);
  const assetsByPath = new Map<string, Promise<Asset | undefined>>();
  const assetAt = (path: string): Promise<Asset | undefined> => {
    let job = assetsByPath.get(path);
    if (!job) {
      job = cachedAsset(root, path, cache, probes).then((a) => {
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
  const locate = new Locator(root, config, realOf);

  await Promise.all(
    checked.map(async (d) => {
      await resolveLinks(d, links, locate);
      await resolveImages(d, config, assetAt, locate);
      await resolveSketch(d, assetAt, locate);
    }),
  );

  const posts = published.map((d) => d.post).sort((a, b) => b.date.getTime() - a.date.getTime() || a.slug.localeCompare(b.slug));
  // the notes' heading and back links in the site's language (src/i18n)
  const words = siteStrings(config);
  for (const post of posts) localiseFootnotes(post.hast, words);
  const series = buildSeries(published);
  const tags = buildTags(posts);
  const books = await buildBooks(root, config, configFile, posts, series, assetAt);
  await probes.save();

  const site: Site = { root, config, posts, series, tags, assets, books, files, staticFiles: locate.linkedFiles };
  return { site, files, ok: !hasErrors(files) };
}

/** A page its generator keeps out of the list of posts (Eleventy's eleventyExcludeFromCollections): noted, not built. */
function excludedByData(d: Draft): boolean {
  const { data } = d.post;
  const key =
    data.eleventyExcludeFromCollections === true
      ? 'eleventyExcludeFromCollections'
      : data.permalink === false
        ? 'permalink'
        : undefined;
  if (!key) return false;
  const why =
    key === 'permalink'
      ? '`permalink: false` gives it no page'
      : "`eleventyExcludeFromCollections` keeps it out of the blog's posts";
  report(d.post.file, 'post-skipped', `Not a post: ${why}`, d.at(key), 'info');
  return true;
}

/** Files under a posts folder that are not posts, each with a note on its own file. */
function reportSkipped(root: string, skipped: Skipped[], files: VFile[]): void {
  for (const { rel, why } of skipped) {
    const file = new VFile({ path: rel, cwd: root });
    report(file, 'post-skipped', `Not a post: ${why}`, { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } }, 'info');
    files.push(file);
  }
}
