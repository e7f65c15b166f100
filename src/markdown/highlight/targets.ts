// Highlighted code as each target wants it. The tree carries every theme's
// colour as CSS variables (--shiki-light, --shiki-dark, --shiki-book, with
// -font-style, -font-weight and -text-decoration beside them); browsers pick
// one with CSS, but e-readers (Adobe RMSDK, older Kobo and Kindle engines) do not
// support var(), so the EPUB gets the book's colours written out, and the Kindle
// formats, whose screens are grey and whose engines ignore most CSS, none.
import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';

const VARIABLE = /--shiki-([a-z]+)(-bg|-font-style|-font-weight|-text-decoration)?\s*:\s*([^;]+)/g;

function variables(style: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const m of style.matchAll(VARIABLE)) found.set(`${m[1]}${m[2] ?? ''}`, m[3]!.trim());
  return found;
}

function isHighlighted(node: Element): boolean {
  return typeof node.properties.style === 'string' && node.properties.style.includes('--shiki-');
}

/** Each token's `theme` colour and style as plain CSS, in place; the block's own background dropped (the page's stays). */
export function writeOutColours(tree: Root, theme = 'book'): void {
  visit(tree, 'element', (node) => {
    if (!isHighlighted(node)) return;
    const vars = variables(String(node.properties.style));
    const decls: string[] = [];
    if (node.tagName !== 'pre') {
      const color = vars.get(theme);
      if (color) decls.push(`color:${color}`);
      for (const p of ['font-style', 'font-weight', 'text-decoration']) {
        const v = vars.get(`${theme}-${p}`);
        if (v) decls.push(`${p}:${v}`);
      }
    }
    if (decls.length) node.properties.style = decls.join(';');
    else delete node.properties.style;
  });
}

/** No colours at all: the tokens' text, monospaced by the block, is all that is left. */
export function dropColours(tree: Root): void {
  visit(tree, 'element', (node) => {
    if (isHighlighted(node)) delete node.properties.style;
  });
}
