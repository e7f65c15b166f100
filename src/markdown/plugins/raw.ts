// Raw HTML in a post, folded into the tree by rehype-raw, which re-parses the
// whole tree through an HTML parser. Most posts have no raw HTML: for them that
// pass changed nothing and cost a fifth of the pipeline, so it runs only when
// the tree holds a raw node (tests check both give the same tree).
import type { Root, RootContent } from 'hast';
import rehypeRaw from 'rehype-raw';
import type { VFile } from 'vfile';

export function rawHtml() {
  const fold = rehypeRaw();
  return (tree: Root, file: VFile): Root => {
    if (hasRaw(tree)) return fold(tree, file);
    // what the HTML parser would have changed in a tree without raw HTML
    tree.data = { ...tree.data, quirksMode: false };
    asParsed(tree);
    return tree;
  };
}

/**
 * Properties as HTML gives them back: an attribute that is off (`checked:
 * false` on a task list box) is absent, and a `data-*` flag (data-footnote-ref)
 * is text, "".
 */
function asParsed(node: Root | RootContent): void {
  if (node.type === 'element') {
    for (const [key, value] of Object.entries(node.properties)) {
      if (value === false || value === null || value === undefined) delete node.properties[key];
      else if (value === true && /^data[A-Z]/.test(key)) node.properties[key] = '';
    }
  }
  if (!('children' in node)) return;
  // neighbouring text is one text node in a parsed document
  const children: RootContent[] = [];
  for (const child of node.children as RootContent[]) {
    const last = children.at(-1);
    if (child.type === 'text' && last?.type === 'text') {
      const start = last.position?.start ?? child.position?.start;
      const end = child.position?.end ?? last.position?.end;
      children[children.length - 1] = {
        type: 'text',
        value: last.value + child.value,
        ...(start && end ? { position: { start, end } } : {}),
      };
    } else {
      asParsed(child);
      children.push(child);
    }
  }
  (node as { children: RootContent[] }).children = children;
}

function hasRaw(node: Root | RootContent): boolean {
  if (node.type === 'raw') return true;
  return 'children' in node && node.children.some(hasRaw);
}
