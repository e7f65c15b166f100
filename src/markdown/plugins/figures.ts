// A paragraph that holds nothing but one image is a sketch: it becomes a
// <figure> (with the paragraph's class and id, from kramdown's `{: .center}`),
// and the image's title (`![alt](x.png "Caption")`) its caption.
import type { Element, ElementContent, Root } from 'hast';
import { visit } from 'unist-util-visit';

export function figures() {
  return (tree: Root) => {
    visit(tree, 'element', (node: Element, index, parent) => {
      if (node.tagName !== 'p' || !parent || index === undefined) return;
      const content = node.children.filter((c) => !(c.type === 'text' && c.value.trim() === ''));
      if (content.length !== 1) return;
      const img = content[0];
      if (img.type !== 'element' || img.tagName !== 'img') return;
      const caption = typeof img.properties.title === 'string' ? img.properties.title : undefined;
      delete img.properties.title;
      const children: ElementContent[] = [img];
      if (caption) {
        children.push({
          type: 'element',
          tagName: 'figcaption',
          properties: {},
          children: [{ type: 'text', value: caption }],
        });
      }
      parent.children[index] = {
        type: 'element',
        tagName: 'figure',
        properties: { ...node.properties },
        children,
        position: node.position,
      };
    });
  };
}
