// A post's footnotes in the site's language: the markdown stage parses each post
// once, whatever the language, and names the notes' heading and back links in
// English; this puts the table's words in their place (every target then sees them).
import type { Element, Root, RootContent } from 'hast';
import { fill, type Strings } from './index.ts';

const isElement = (n: RootContent): n is Element => n.type === 'element';

/** Renames the heading of the notes (`#footnote-label`) and each back link's label, in place. */
export function localiseFootnotes(tree: Root, t: Strings): void {
  const visit = (nodes: RootContent[]) => {
    for (const node of nodes) {
      if (!isElement(node)) continue;
      const p = node.properties ?? {};
      if (p.id === 'footnote-label') node.children = [{ type: 'text', value: t.footnotes }];
      const cls = p.className;
      const backref = p.dataFootnoteBackref !== undefined || (Array.isArray(cls) && cls.includes('data-footnote-backref'));
      if (node.tagName === 'a' && backref) {
        // "#fnref-2", or "#fnref-2-3" for the third call of note 2 (mdast-util-to-hast's ids)
        const n = /fnref-(\d+)/.exec(String(p.href ?? ''))?.[1];
        if (n) p.ariaLabel = fill(t.footnoteBack, { n });
      }
      visit(node.children as RootContent[]);
    }
  };
  visit(tree.children);
}
