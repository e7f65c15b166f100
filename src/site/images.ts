// The site's pictures: responsive WebP variants and a JPEG for feeds and social
// cards, or the original file for an SVG or an animation.
import { readFile } from 'node:fs/promises';
import type { ImageCache } from '../assets/images.ts';
import type { Asset, Site } from '../content/model.ts';
import type { SiteImage } from './body.ts';
import type { SiteUrls } from './urls.ts';
import type { Writer } from './writer.ts';

const WIDTHS = [640, 1280];

export async function siteImages(
  site: Site,
  cache: ImageCache,
  urls: SiteUrls,
  out: Writer,
  written?: Map<string, SiteImage>,
): Promise<Map<string, SiteImage>> {
  const used = new Map<string, Asset>();
  for (const post of site.posts) {
    for (const { asset } of post.images) used.set(asset.id, asset);
    if (post.sketch) used.set(post.sketch.asset.id, post.sketch.asset);
  }
  const result = new Map<string, SiteImage>();
  await Promise.all(
    [...used.values()].map(async (asset) => {
      const known = written?.get(asset.id);
      if (known) {
        result.set(asset.id, known);
        return;
      }
      if (servedAsIs(asset)) {
        const image = await originalImage(asset, cache, urls, out);
        result.set(asset.id, image);
        written?.set(asset.id, image);
        return;
      }
      const widths = WIDTHS.filter((w, i) => i === 0 || w < asset.width * 1.2);
      // WebP at every width; one JPEG at the largest for feeds, social cards and the
      // rare browser without WebP, made by the quick encoder: mozjpeg's smaller
      // files matter in a book, and its time in a large blog's first build
      // (background work: the books wait for their images, the site's are needed only when it is written)
      // The WebP is drawn on white like the JPEG beside it: a scan's see-through
      // paper kept its grain in the alpha channel, which WebP stores losslessly
      // (338 KB at 1280 px against 15 KB flattened, bench/README.md), and on a dark
      // page the ink would vanish into the background.
      const later = { priority: 'background' } as const;
      const variants = await Promise.all([
        ...widths.map((width) => cache.variant(asset, { format: 'webp', width, effort: 2, background: '#ffffff' }, later)),
        cache.variant(asset, { format: 'jpeg', width: widths.at(-1), fast: true }, later),
      ]);
      for (const v of variants) await out.link(v.file, `images/${v.name}`);
      const set = (format: string) =>
        variants
          .filter((v) => v.format === format)
          .map((v) => `${urls.asset(v.name)} ${v.width}w`)
          .join(', ');
      const largest = variants.filter((v) => v.format === 'jpeg').at(-1)!;
      const image = {
        src: urls.asset(largest.name),
        srcset: { webp: set('webp'), jpeg: set('jpeg') },
        width: largest.width,
        height: largest.height,
        card: urls.asset(largest.name),
      };
      result.set(asset.id, image);
      written?.set(asset.id, image);
    }),
  );
  return result;
}

/**
 * Images the site shows as they are, not as responsive variants: an SVG (it is
 * sharp at every width already, and a raster would be larger), and an animated
 * GIF or WebP (a resize through the variants keeps only the first frame).
 */
export function servedAsIs(asset: Asset): boolean {
  return asset.format === 'svg' || asset.animated === true;
}

/** The original file under images/, and a JPEG of it for social cards (which show neither SVG nor animation). */
async function originalImage(asset: Asset, cache: ImageCache, urls: SiteUrls, out: Writer): Promise<SiteImage> {
  const ext = asset.format === 'jpeg' ? 'jpg' : asset.format;
  const name = `${asset.stem}-${asset.hash.slice(0, 8)}.${ext}`;
  const later = { priority: 'background' } as const;
  const [bytes, card] = await Promise.all([
    readFile(asset.path),
    cache.variant(asset, { format: 'jpeg', width: WIDTHS.at(-1), fast: true }, later),
  ]);
  await out.file(`images/${name}`, bytes, true);
  await out.link(card.file, `images/${card.name}`);
  return { src: urls.asset(name), width: asset.width, height: asset.height, card: urls.asset(card.name) };
}
