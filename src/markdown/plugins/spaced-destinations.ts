// Images and links whose path holds a space, as Redcarpet and the older Markdown
// renderers of Jekyll and GitLab accepted and as scanners name their files
// (`![desk](../sketches/Print Shop Scan.jpg)`). CommonMark reads them as plain
// text, so the book would print the markdown itself; here they become the image
// or link the writer meant, with a warning that says how to write them so that
// every tool reads them (`<…>` around the path, or %20 for each space).
import type { Image, Link, Parents, PhrasingContent, Root, Text } from 'mdast';
import type { Point } from 'unist';
import { SKIP, visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { report } from '../../content/messages.ts';

// `![alt](path with spaces.png)` or `[text](My File.pdf "title")`, on one line;
// the path holds no brackets, quotes or angle brackets (those parse already)
const SPACED = /(!?)\[([^\]\n]*)\]\(\s*([^()<>"\n]*?[^()<>"\s]\s+[^()<>"\n]*?)\s*(?:\s"([^"\n]*)")?\s*\)/g;
const HAS_SPACED = new RegExp(SPACED.source);

export function spacedDestinations() {
  return (tree: Root, file: VFile) => {
    if (!/\]\([^)\n]*\s[^)\n]*\)/.test(String(file.value ?? ''))) return;
    visit(tree, 'text', (node: Text, index, parent: Parents | undefined) => {
      if (!parent || index === undefined || parent.type === 'link' || !HAS_SPACED.test(node.value)) return;
      const replaced = split(node, file);
      parent.children.splice(index, 1, ...(replaced as never[]));
      return [SKIP, index + replaced.length];
    });
  };
}

function split(node: Text, file: VFile): PhrasingContent[] {
  const out: PhrasingContent[] = [];
  // a text node's offsets match its value only when nothing in it was escaped
  const start = node.position?.start;
  const exact = start?.offset !== undefined && node.position?.end.offset === start.offset + node.value.length;
  const at = (i: number): Point | undefined =>
    start && exact ? { line: start.line, column: start.column + i, offset: start.offset! + i } : start;
  let last = 0;
  SPACED.lastIndex = 0;
  for (let m = SPACED.exec(node.value); m; m = SPACED.exec(node.value)) {
    const [whole, bang, label, url, title] = m;
    if (m.index > last) out.push({ type: 'text', value: node.value.slice(last, m.index) });
    const position =
      at(m.index) && at(m.index + whole.length) ? { start: at(m.index)!, end: at(m.index + whole.length)! } : undefined;
    const made: Image | Link = bang
      ? { type: 'image', url, alt: label, title: title ?? null, position }
      : { type: 'link', url, title: title ?? null, children: label ? [{ type: 'text', value: label }] : [], position };
    out.push(made);
    report(
      file,
      'spaced-destination',
      `The ${bang ? 'image' : 'link'} path \`${url}\` has a space, which CommonMark reads as text; postbound read it as ${bang ? 'an image' : 'a link'}`,
      position ?? node,
      'warning',
    );
    last = m.index + whole.length;
  }
  if (last < node.value.length) out.push({ type: 'text', value: node.value.slice(last) });
  return out;
}
