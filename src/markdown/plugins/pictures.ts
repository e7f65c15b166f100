// `<picture>` blocks and `srcset` candidates, as blogs write them for WebP and
// retina images: postbound makes its own responsive variants from one image,
// so each picture becomes its fallback `<img>`, and every other source it named
// is kept in `data-sources` for the loader to check like the image itself.
import type { Element, ElementContent, Root } from 'hast';

export function pictures() {
  return (tree: Root) => {
    const walk = (parent: Root | Element) => {
      parent.children = parent.children.flatMap((node): ElementContent[] => {
        if (node.type !== 'element') return [node as ElementContent];
        if (node.tagName === 'picture') {
          const img = findImg(node);
          const sources = node.children.flatMap((c) =>
            c.type === 'element' && c.tagName === 'source' ? candidates(c.properties.srcSet) : [],
          );
          if (!img) return [];
          addSources(img, sources);
          return [img];
        }
        if (node.tagName === 'img' && node.properties.srcSet !== undefined) addSources(node, []);
        walk(node);
        return [node];
      });
    };
    walk(tree);
  };
}

function findImg(node: Element): Element | undefined {
  for (const child of node.children) {
    if (child.type !== 'element') continue;
    if (child.tagName === 'img') return child;
    const deeper = findImg(child);
    if (deeper) return deeper;
  }
  return undefined;
}

/** Moves the img's own srcset and the picture's sources into data-sources (space-separated URLs). */
function addSources(img: Element, sources: string[]): void {
  const all = [...sources, ...candidates(img.properties.srcSet)].filter((s) => s && s !== img.properties.src);
  delete img.properties.srcSet;
  delete img.properties.sizes;
  if (all.length) img.properties.dataSources = [...new Set(all)].join(' ');
}

/** The URLs of a srcset (`a.webp 1x, b.webp 2x` or `a.jpg 640w, b.jpg 1280w`). */
function candidates(srcset: unknown): string[] {
  const text = Array.isArray(srcset) ? srcset.join(',') : typeof srcset === 'string' ? srcset : '';
  return text
    .split(',')
    .map((c) => c.trim().split(/\s+/)[0] ?? '')
    .filter(Boolean);
}
