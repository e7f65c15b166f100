// Collects what a post refers to (local links, images) and its headings, in one
// walk, for the content loader to resolve against the whole site.
import type { Element, Root, RootContent } from 'hast';
import { toString as hastToString } from 'hast-util-to-string';
import type { Heading } from '../../content/model.ts';

export interface References {
  headings: Heading[];
  links: Element[];
  images: Element[];
}

export function collect(tree: Root): References {
  const refs: References = { headings: [], links: [], images: [] };
  // a plain walk: this runs on every post of every build, cached or not, and
  // unist-util-visit's ancestor bookkeeping cost more than the work itself
  const walk = (children: (Root | RootContent)[]) => {
    for (const node of children) {
      if (node.type === 'element') {
        const depth = /^h([1-6])$/.exec(node.tagName)?.[1];
        if (depth && typeof node.properties.id === 'string' && node.properties.id !== 'footnote-label') {
          refs.headings.push({ depth: Number(depth), id: node.properties.id, text: hastToString(node).trim() });
        } else if (node.tagName === 'a' && typeof node.properties.href === 'string') {
          refs.links.push(node);
        } else if (node.tagName === 'img') {
          refs.images.push(node);
        }
      }
      if ('children' in node) walk(node.children);
    }
  };
  walk([tree]);
  return refs;
}
