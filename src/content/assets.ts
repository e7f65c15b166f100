// Images of posts and books: each local path resolved, checked and probed once.

import { existsSync } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { basename, dirname, extname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { Element } from 'hast';
import type { Position } from 'unist';
import { probeImage } from '../assets/images.ts';
import type { Config } from '../config/schema.ts';
import type { Draft } from './draft.ts';
import { isExternal, splitHref } from './links.ts';
import { report } from './messages.ts';
import type { Asset } from './model.ts';
import type { LoadCache } from './read-post.ts';
import { slugify } from './slug.ts';

export async function resolveImages(
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

export async function resolveSketch(
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
export async function checkLocalPath(
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

export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/** makeAsset, reused from the cache while the file keeps its size and modification time. */
export async function cachedAsset(root: string, abs: string, cache?: LoadCache): Promise<Asset | undefined> {
  if (!cache) return makeAsset(root, abs);
  const info = await stat(abs).catch(() => undefined);
  const stamp = info ? `${info.size}:${info.mtimeMs}` : '';
  const hit = cache.assets.get(abs);
  if (hit && hit.stamp === stamp) return hit.asset;
  const asset = makeAsset(root, abs);
  cache.assets.set(abs, { stamp, asset });
  return asset;
}

/**
 * The asset of an image file, or undefined when no target can use it (the
 * loader reports `unsupported-image`, a warning). The format comes from the
 * bytes: a `.JPG`, a `.png` holding a JPEG, a `.webp` or an `.svg` are all
 * taken for what they are.
 */
export async function makeAsset(root: string, abs: string): Promise<Asset | undefined> {
  try {
    const info = await probeImage(abs);
    return {
      id: info.hash.slice(0, 12),
      path: abs,
      rel: relative(root, abs).split(sep).join('/'),
      hash: info.hash,
      width: info.width,
      height: info.height,
      format: info.format,
      ...(info.animated ? { animated: true } : {}),
      ...(info.alpha ? { alpha: true } : {}),
      stem: slugify(basename(abs, extname(abs))),
    };
  } catch {
    return undefined;
  }
}
