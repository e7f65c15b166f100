import { realpath } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { VFile } from 'vfile';
import { renderMarkdownAll } from '../markdown/cache.ts';
import { cachedAsset, resolveImages, resolveSketch } from './assets.ts';
import { buildBooks } from './books.ts';
import { readConfigFile } from './config-file.ts';
import { findPosts } from './discover.ts';
import type { Draft } from './draft.ts';
import { FrontMatterCache } from './front-cache.ts';
import { resolveLinks } from './links.ts';
import { hasErrors } from './messages.ts';
import type { Asset, Site } from './model.ts';
import { finishPost, type LoadCache, readPost, toDraft } from './read-post.ts';
import { buildSeries, buildTags, checkDuplicateSlugs } from './series.ts';

export { uuidFrom } from './books.ts';
export { CONFIG_FILE } from './config-file.ts';

import { POSTS_DIR } from './discover.ts';

export { LoadCache } from './read-post.ts';
export { POSTS_DIR };

export interface LoadResult {
  /** Undefined when the config itself could not be read. */
  site?: Site;
  /** Every file that was read, with its messages. */
  files: VFile[];
  ok: boolean;
}

export async function loadSite(
  rootIn: string,
  /** cacheDir: keep parsed posts on disk there (the build passes .cache/), so unchanged posts are not parsed again. */
  options: { drafts?: boolean; cache?: LoadCache; cacheDir?: string } = {},
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
