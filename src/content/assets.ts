import { stat } from 'node:fs/promises';
import { basename, extname, relative, sep } from 'node:path';
import type { Element } from 'hast';
import type { Position } from 'unist';
import { probeImage } from '../assets/probe.ts';
import type { Config } from '../config/schema.ts';
import type { AssetProbes } from './asset-probes.ts';
import type { Draft } from './draft.ts';
import { imageAlt } from './fields.ts';
import { isExternal } from './links.ts';
import type { Locator } from './locate.ts';
import { report } from './messages.ts';
import type { Asset } from './model.ts';
import type { LoadCache } from './read-post.ts';
import { slugify } from './slug.ts';

export async function resolveImages(
  d: Draft,
  config: Config,
  assetAt: (path: string) => Promise<Asset | undefined>,
  locate: Locator,
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
    // the other sources of a <picture> or srcset must exist too (the site makes its own variants)
    for (const other of String(img.properties.dataSources ?? '')
      .split(' ')
      .filter(Boolean)) {
      if (!isExternal(other)) await checkLocalPath(d, other, img, 'Source', locate);
    }
    const abs = await checkLocalPath(d, src, img, 'Image', locate);
    if (!abs) continue;
    const asset = await assetAt(abs);
    if (!asset) {
      report(d.post.file, 'unsupported-image', `\`${src}\` is an image postbound cannot read; it is left out`, img, 'warning');
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
  d: Draft,
  assetAt: (path: string) => Promise<Asset | undefined>,
  locate: Locator,
): Promise<void> {
  const sketch = d.front.sketch;
  if (!sketch) return;
  if (isExternal(sketch)) {
    report(d.post.file, 'remote-image', `Remote sketch \`${sketch}\`: it is not used`, d.at('sketch'), 'warning');
    return;
  }
  // the key's position only when there is a problem: finding it parses the YAML again
  const abs = await checkLocalPath(d, sketch, () => d.at('sketch'), 'Sketch', locate);
  if (!abs) return;
  const asset = await assetAt(abs);
  if (!asset) {
    report(
      d.post.file,
      'unsupported-image',
      `Sketch \`${sketch}\` is an image postbound cannot read; it is left out`,
      d.at('sketch'),
      'warning',
    );
    return;
  }
  const inBody = d.post.images.find((i) => i.asset.id === asset.id);
  d.post.sketch = { asset, alt: d.front.sketchAlt ?? imageAlt(d.post.data[sourceName(d)]) ?? inBody?.alt ?? '' };
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

/** The written name of the field the sketch came from (`cover`, `image`…). */
function sourceName(d: Draft): string {
  for (const [key, value] of Object.entries(d.post.data)) if (value === d.front.sketch || imageAlt(value)) return key;
  return 'sketch';
}

/** Resolves a local path from a post; reports and returns undefined when it is unusable. */
export async function checkLocalPath(
  d: Draft,
  src: string,
  at: Element | Position | (() => Position) | undefined,
  what: 'Image' | 'Sketch' | 'Source',
  locate: Locator,
): Promise<string | undefined> {
  const found = await locate.file(src, d.abs);
  if (found.ok) return found.abs;
  const place = typeof at === 'function' ? at() : at;
  const label = `${what} \`${src}\``;
  if (found.problem === 'missing') {
    report(d.post.file, 'missing-image', `${label}: no file at ${found.tried.join(' or ')}`, place);
  } else if (found.problem === 'outside') {
    report(d.post.file, 'image-outside-project', `${label} is outside the project folder`, place);
  } else {
    report(d.post.file, 'image-outside-project', `${label} links to a file outside the project folder`, place);
  }
  return undefined;
}

/**
 * makeAsset, reused while the file keeps its size and modification time: from
 * the dev server's memory (`cache`), else from .cache/assets.json (`probes`).
 */
export async function cachedAsset(
  root: string,
  abs: string,
  cache?: LoadCache,
  probes?: AssetProbes,
): Promise<Asset | undefined> {
  if (!cache && !probes) return makeAsset(root, abs);
  const info = await stat(abs).catch(() => undefined);
  const stamp = info ? `${info.size}:${info.mtimeMs}:${info.ino}` : '';
  const hit = cache?.assets.get(abs);
  if (hit && hit.stamp === stamp) return hit.asset;
  const kept = info ? probes?.get(abs, stamp) : undefined;
  const asset = kept
    ? Promise.resolve(kept)
    : makeAsset(root, abs).then((made) => {
        if (made && info) probes?.set(abs, stamp, made);
        return made;
      });
  cache?.assets.set(abs, { stamp, asset });
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
