// Reports raw HTML that the sanitiser is about to drop (scripts, event handlers,
// javascript: links), so the writer learns where it was instead of losing it silently.
import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { report } from '../../content/messages.ts';

const DROPPED_ELEMENTS = new Set(['script', 'style', 'iframe', 'object', 'embed', 'form', 'link', 'meta', 'base']);

export function reportUnsafeHtml() {
  return (tree: Root, file: VFile) => {
    visit(tree, 'element', (node: Element) => {
      if (DROPPED_ELEMENTS.has(node.tagName)) {
        report(file, 'unsafe-html', `Raw \`<${node.tagName}>\` removed from the post`, node, 'warning');
        return;
      }
      for (const [name, value] of Object.entries(node.properties ?? {})) {
        if (/^on[A-Z]/.test(name)) {
          report(
            file,
            'unsafe-html',
            `Event handler \`${name.toLowerCase()}\` removed from \`<${node.tagName}>\``,
            node,
            'warning',
          );
        } else if (
          typeof value === 'string' &&
          /^\s*(javascript|vbscript|data):/i.test(value) &&
          (name === 'href' || name === 'src')
        ) {
          report(file, 'unsafe-html', `\`${value.slice(0, 40)}\` link removed from \`<${node.tagName}>\``, node, 'warning');
        }
      }
    });
  };
}
