// Code blocks highlighted at build time: each token gets its colour in every
// theme as CSS variables (--shiki-light, --shiki-dark, --shiki-book),
// so the site switches scheme in CSS alone and the books pick their own colour.
import type { Element, ElementContent, Root } from 'hast';
import { toString as hastToString } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { report } from '../../content/messages.ts';
import type { HighlightThemes } from '../highlight/shiki.ts';

interface Block {
  pre: Element;
  code: Element;
  /** As written after the fence, '' for none. */
  written: string;
}

function blocksOf(tree: Root): Block[] {
  const blocks: Block[] = [];
  visit(tree, 'element', (pre) => {
    if (pre.tagName !== 'pre') return;
    const code = pre.children.find((c): c is Element => c.type === 'element');
    if (code?.tagName !== 'code' || pre.children.some((c) => c.type === 'element' && c !== code)) return;
    const classes = Array.isArray(code.properties.className) ? code.properties.className.map(String) : [];
    const written = classes.find((c) => c.startsWith('language-'))?.slice('language-'.length) ?? '';
    blocks.push({ pre, code, written });
  });
  return blocks;
}

export function highlightCode(themes: HighlightThemes) {
  return async (tree: Root, file: VFile) => {
    const blocks = blocksOf(tree);
    if (!blocks.length) return;
    // Shiki (about 90 ms to import) is loaded by the first post with a code block:
    // a build that renders only posts without one never loads it
    const { highlighterFor, languageOf, loadLanguages, THEME_NAMES } = await import('../highlight/shiki.ts');
    const highlighter = await highlighterFor(themes);
    const langs = blocks.map((b) => languageOf(b.written));
    await loadLanguages(
      highlighter,
      langs.filter((l): l is string => l !== undefined),
    );
    blocks.forEach(({ pre, code, written }, i) => {
      let lang = langs[i];
      if (lang === undefined) {
        report(
          file,
          'unknown-code-language',
          `Code block in \`${written}\`, a language the highlighter does not know: shown as plain text`,
          code.position ?? pre.position,
        );
        lang = 'text';
      }
      // remark-rehype ends a block's text with the newline before the closing fence
      const text = hastToString(code).replace(/\n$/, '');
      const out = highlighter.codeToHast(text, {
        lang,
        themes: THEME_NAMES,
        defaultColor: false,
      });
      const made = out.children[0] as Element;
      const madeCode = made.children.find((c): c is Element => c.type === 'element');
      if (madeCode && written) madeCode.properties.className = [`language-${written}`];
      const own = Array.isArray(pre.properties.className) ? pre.properties.className : [];
      // Shiki's tree names the attribute `class`, as HTML does, where hast has className
      const { class: shikiClass, ...rest } = made.properties;
      const shiki = String(shikiClass ?? '')
        .split(' ')
        .filter(Boolean);
      pre.properties = {
        ...rest,
        className: [...shiki, ...own],
        ...(written ? { dataLanguage: written } : {}),
      };
      pre.children = made.children as ElementContent[];
    });
  };
}
