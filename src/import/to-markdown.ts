// The cleaned HTML tree of a post → the markdown a person would write:
// rehype-sanitize → rehype-remark (with handlers for what markdown has no
// syntax for) → remark-gfm → remark-stringify. What markdown cannot say is
// written as the HTML that postbound's own pipeline keeps (its sanitiser
// allows sub, sup, kbd, mark, abbr, details): small inline tags, a table with
// a footer or without a header, preformatted text with emphasis.
import type { Element, ElementContent, Root } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { defaultHandlers, type Handle, type State } from 'hast-util-to-mdast';
import type { FootnoteDefinition, Link, Nodes as MdastNodes, PhrasingContent, RootContent } from 'mdast';
import { type Handle as MarkdownHandle, defaultHandlers as markdownHandlers } from 'mdast-util-to-markdown';
import rehypeRemark from 'rehype-remark';
import rehypeSanitize, { defaultSchema, type Options as Schema } from 'rehype-sanitize';
import remarkGfm from 'remark-gfm';
import remarkStringify from 'remark-stringify';
import { unified } from 'unified';

/** Inline elements kept as HTML around their markdown content. */
const INLINE_HTML = ['sub', 'sup', 'kbd', 'mark', 'abbr', 'u', 'small', 'cite', 'ins', 'samp', 'var'];

export const schema: Schema = {
  ...defaultSchema,
  tagNames: [
    ...(defaultSchema.tagNames ?? []),
    'figure',
    'figcaption',
    'mark',
    'abbr',
    'cite',
    'small',
    'u',
    'address',
    'caption',
  ],
  attributes: {
    ...defaultSchema.attributes,
    img: [...(defaultSchema.attributes?.img ?? []), 'alt', 'title'],
    sup: ['dataFn'],
    section: ['dataFootnotes'],
    div: [...(defaultSchema.attributes?.div ?? []), 'dataFn', ['className', 'wp-block-columns', 'wp-block-column']],
    abbr: ['title'],
  },
};

/**
 * Elements the conversion keeps (as markdown, or as the HTML above); any
 * other element loses its markup and keeps its text, and the import says so.
 */
export const CONVERTED_ELEMENTS = new Set([
  ...INLINE_HTML,
  ...['p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'ul', 'ol', 'li', 'pre', 'code', 'tt'],
  ...['a', 'em', 'i', 'strong', 'b', 'del', 's', 'strike', 'img', 'q', 'dl', 'dt', 'dd', 'details', 'summary'],
  ...['table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption', 'figure', 'figcaption', 'address'],
  // containers: their content is converted, their boxes are layout
  ...['div', 'span', 'section', 'article', 'aside', 'header', 'footer', 'main', 'nav', 'center', 'picture'],
]);

const classes = (el: Element): string[] => (Array.isArray(el.properties.className) ? el.properties.className.map(String) : []);

const inline: Handle = (state, node) => {
  const attrs = node.tagName === 'abbr' && node.properties.title ? ` title="${attrText(String(node.properties.title))}"` : '';
  return [
    { type: 'html', value: `<${node.tagName}${attrs}>` },
    ...(state.all(node) as PhrasingContent[]),
    { type: 'html', value: `</${node.tagName}>` },
  ] as PhrasingContent[];
};

const attrText = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

const raw = (node: Element) => ({ type: 'html' as const, value: toHtml(node) });

/** An HTML table with one row a line, so that it reads in an editor (no blank line: it stays one HTML block). */
const rawTable = (node: Element) => ({
  type: 'html' as const,
  value: toHtml(node).replace(/(?<!^)(<(?:thead|tbody|tfoot|tr)[ >]|<\/table>)/g, '\n$1'),
});

/** GFM tables have one header row and no footer; anything else stays an HTML table. */
function gfmTable(table: Element): boolean {
  let header = false;
  let ok = true;
  const visit = (el: Element, depth: number) => {
    for (const c of el.children) {
      if (c.type !== 'element') continue;
      if (c.tagName === 'tfoot') ok = false;
      if (
        c.tagName === 'thead' ||
        (c.tagName === 'tr' && depth <= 1 && !header && c.children.some((x) => x.type === 'element' && x.tagName === 'th'))
      )
        header = true;
      if ((c.tagName === 'td' || c.tagName === 'th') && (c.properties.colSpan || c.properties.rowSpan)) ok = false;
      if (/^(p|ul|ol|table|pre|blockquote|div|h[1-6])$/.test(c.tagName) && depth > 1) ok = false;
      visit(c, depth + 1);
    }
  };
  visit(table, 0);
  return ok && header;
}

const handlers: Record<string, Handle> = {
  ...Object.fromEntries(INLINE_HTML.map((tag) => [tag, inline])),
  kbd: inline,
  sup: (state, node, parent) => {
    if (typeof node.properties.dataFn === 'string')
      return { type: 'footnoteReference', identifier: node.properties.dataFn, label: node.properties.dataFn };
    return inline(state, node, parent);
  },
  section: (state, node) => {
    if (node.properties.dataFootnotes === undefined) return defaultHandlers.section(state, node);
    return node.children
      .filter((c): c is Element => c.type === 'element')
      .map(
        (div): FootnoteDefinition => ({
          type: 'footnoteDefinition',
          identifier: String(div.properties.dataFn),
          label: String(div.properties.dataFn),
          children: state.toFlow(state.all(div) as RootContent[]) as FootnoteDefinition['children'],
        }),
      );
  },
  table: (state, node) => {
    // postbound's sanitiser has no <caption>: the caption follows the table as a paragraph, like a figure's
    const caption = node.children.find((c): c is Element => c.type === 'element' && c.tagName === 'caption');
    const table = caption ? { ...node, children: node.children.filter((c) => c !== caption) } : node;
    const out = gfmTable(table) ? defaultHandlers.table(state, table) : rawTable(table);
    return caption ? [out, { type: 'paragraph', children: state.all(caption) as PhrasingContent[] }] : out;
  },
  pre: (state, node) => {
    const marked = node.children.some((c) => c.type === 'element' && c.tagName !== 'code');
    return marked ? raw(node) : defaultHandlers.pre(state, node);
  },
  cite: (state, node, parent) => {
    // who is quoted, under a quotation: a line of its own
    if (parent?.type === 'element' && (parent.tagName === 'blockquote' || parent.tagName === 'figure'))
      return { type: 'paragraph', children: [{ type: 'text', value: '— ' }, ...(state.all(node) as PhrasingContent[])] };
    return inline(state, node, parent);
  },
  address: (state, node) => ({ type: 'paragraph', children: state.all(node) as PhrasingContent[] }),
  details: (state, node) => {
    const summary = node.children.find((c): c is Element => c.type === 'element' && c.tagName === 'summary');
    const rest: Element = { ...node, children: node.children.filter((c) => c !== summary) };
    const title = summary ? toHtml(summary.children as ElementContent[]) : 'Details';
    return [
      { type: 'html', value: `<details>\n<summary>${title.trim()}</summary>` },
      ...(state.toFlow(state.all(rest) as RootContent[]) as RootContent[]),
      { type: 'html', value: '</details>' },
    ] as RootContent[];
  },
  div: (state, node) => {
    const box = classes(node).find((c) => c === 'wp-block-columns' || c === 'wp-block-column');
    if (!box) return defaultHandlers.div(state, node);
    return [
      { type: 'html', value: `<div class="${box}">` },
      ...(state.toFlow(state.all(node) as RootContent[]) as RootContent[]),
      { type: 'html', value: '</div>' },
    ] as RootContent[];
  },
};

/** An `&` that cannot start a character reference (`&b=2`, no `;`): mdast-util-to-markdown escapes it anyway. */
const BARE_AMPERSAND = /&(?!#?[A-Za-z0-9]+;)/g;
const HELD = '\uE001';

/** Writes a link's address without `\&` where the `&` could not be read as an entity (CommonMark §6.2 needs the `;`). */
const link: MarkdownHandle = (node: Link, parent, state, info) => {
  if (!BARE_AMPERSAND.test(node.url)) return markdownHandlers.link(node, parent, state, info);
  BARE_AMPERSAND.lastIndex = 0;
  const held = (s: string) => s.replace(BARE_AMPERSAND, HELD);
  const children = node.children.map((c) => (c.type === 'text' && c.value === node.url ? { ...c, value: held(c.value) } : c));
  return markdownHandlers.link({ ...node, url: held(node.url), children }, parent, state, info).replaceAll(HELD, '&');
};

const processor = unified().use(rehypeSanitize, schema).use(rehypeRemark, { handlers }).use(remarkGfm).use(remarkStringify, {
  bullet: '-',
  emphasis: '*',
  strong: '*',
  fences: true,
  rule: '-',
  listItemIndent: 'one',
  handlers: { link },
});

export async function treeToMarkdown(tree: Root): Promise<string> {
  const mdast = (await processor.run(tree)) as MdastNodes;
  const text = String(processor.stringify(mdast as never));
  return `${text.replace(/\n{3,}/g, '\n\n').trim()}\n`;
}

export type { State };
