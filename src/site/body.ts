// A post's body as site HTML: links between posts become page URLs, local
// images become responsive <picture>s. Works on a copy; the model stays as built.
import type { Element, ElementContent, Root } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { visit } from 'unist-util-visit';
import type { Post } from '../content/model.ts';

export interface SiteImage {
  /** URL of the fallback JPEG. */
  src: string;
  srcset: { webp: string; jpeg: string };
  width: number;
  height: number;
}

export interface BodyOptions {
  /** Page URL of a post, given its slug. */
  postUrl(slug: string): string;
  /** URL of a file the site serves, given its path below the base. */
  fileUrl(path: string): string;
  /** Responsive variants of an asset, by asset id. */
  image(assetId: string): SiteImage | undefined;
  /** Make every URL absolute with this base (feeds). */
  absolute?: string;
}

const SIZES = '(min-width: 48rem) 44rem, 100vw';

export function bodyHtml(post: Post, options: BodyOptions): string {
  const tree = structuredClone(post.hast) as Root;
  const abs = (url: string) => (options.absolute ? new URL(url, options.absolute).href : url);
  visit(tree, 'element', (node: Element, index, parent) => {
    if (node.tagName === 'a' && typeof node.properties.dataPostRef === 'string') {
      const fragment = node.properties.dataFragment;
      node.properties.href = abs(options.postUrl(node.properties.dataPostRef)) + (fragment ? `#${fragment}` : '');
      delete node.properties.dataPostRef;
      delete node.properties.dataFragment;
    } else if (node.tagName === 'a' && typeof node.properties.dataFile === 'string') {
      node.properties.href = abs(options.fileUrl(node.properties.dataFile));
      delete node.properties.dataFile;
    } else if (node.tagName === 'img' && typeof node.properties.dataAsset === 'string' && parent && index !== undefined) {
      const img = options.image(node.properties.dataAsset);
      delete node.properties.dataAsset;
      delete node.properties.dataSources;
      if (!img) return;
      const picture: Element = {
        type: 'element',
        tagName: 'picture',
        properties: {},
        children: [
          {
            type: 'element',
            tagName: 'source',
            properties: { type: 'image/webp', srcSet: abs1(img.srcset.webp, abs), sizes: SIZES },
            children: [],
          },
          {
            type: 'element',
            tagName: 'img',
            properties: {
              ...node.properties,
              src: abs(img.src),
              srcSet: abs1(img.srcset.jpeg, abs),
              sizes: SIZES,
              width: img.width,
              height: img.height,
              loading: 'lazy',
              decoding: 'async',
            },
            children: [],
          },
        ],
      };
      parent.children[index] = picture as ElementContent;
      return 'skip';
    }
  });
  return toHtml(tree);
}

function abs1(srcset: string, abs: (u: string) => string): string {
  return srcset
    .split(', ')
    .map((item) => {
      const [url, w] = item.split(' ');
      return `${abs(url)} ${w}`;
    })
    .join(', ');
}
