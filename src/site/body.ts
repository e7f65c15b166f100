// A post's body as site HTML: links between posts become page URLs, local
// images become responsive <picture>s. Works on a copy; the model stays as built.
import type { Element, ElementContent, Root } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { toString as hastText } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';
import type { Post } from '../content/model.ts';

export interface SiteImage {
  /** URL of the fallback JPEG, or of the original file when it is served as it is (SVG, animation). */
  src: string;
  /** The responsive variants; absent for an image served as it is, which becomes a plain <img>. */
  srcset?: { webp: string; jpeg: string };
  width: number;
  height: number;
  /** URL of a JPEG for social cards (og:image), which take neither SVG nor animation. */
  card: string;
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
      if (!img.srcset) {
        node.properties = {
          ...node.properties,
          src: abs(img.src),
          width: img.width,
          height: img.height,
          loading: 'lazy',
          decoding: 'async',
        };
        return 'skip';
      }
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
    } else if (node.tagName === 'pre' && !options.absolute) {
      // a code block wider than the page scrolls: the keyboard must reach it (WCAG 2.1.1)
      node.properties.tabIndex = 0;
    } else if (node.tagName === 'input' && node.properties.type === 'checkbox' && parent?.type === 'element') {
      // a GFM task list's box is named by its item's text, for screen readers (WCAG 4.1.2)
      node.properties.ariaLabel ??= hastText(parent).trim() || undefined;
    } else if (node.tagName === 'img' && parent && index !== undefined && isUnreadLocal(node)) {
      // a local file the loader could not read (unsupported-image, a warning): a
      // plain link to it as written, its alt text (or file name) as the label,
      // rather than a broken picture
      const src = String(node.properties.src);
      const alt = typeof node.properties.alt === 'string' ? node.properties.alt.trim() : '';
      const label = alt || fileName(src);
      parent.children[index] = {
        type: 'element',
        tagName: 'a',
        properties: { href: src, className: ['unsupported-image'] },
        children: [{ type: 'text', value: label }],
      };
      return 'skip';
    }
  });
  return toHtml(tree);
}

function fileName(src: string): string {
  const name = src.split(/[?#]/)[0]!.split('/').pop() || src;
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

/** An <img> with a local src and no asset: the loader turned its file away. */
function isUnreadLocal(node: Element): boolean {
  const src = node.properties.src;
  return typeof src === 'string' && src !== '' && !/^([a-z][a-z0-9+.-]*:|\/\/)/i.test(src);
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
