// kramdown's attribute lists, which Jekyll posts use and CommonMark prints as
// text: `{: .class #id}` on a line of its own sets the block before it (or, with
// nothing before, after it); at the end of a heading (`## Title {#my-id}`) it
// sets the heading; right after an image or link (`![a](b.png){: .right}`) it
// sets that. Classes, id and title are kept, other attributes dropped; the list
// itself is always removed, as are `{:toc}` with its `* TOC` list,
// `{::options … /}` and `{::comment}…{:/comment}`.
// https://kramdown.gettalong.org/syntax.html#attribute-list-definitions
import type { Nodes, Parents, PhrasingContent, Root, RootContent, Text } from 'mdast';
import { toString as mdastToString } from 'mdast-util-to-string';
import type { VFile } from 'vfile';

export interface Attributes {
  classes: string[];
  id?: string;
  title?: string;
  /** `{:toc}`: the list before it is kramdown's placeholder for a table of contents. */
  toc: boolean;
}

type Definitions = Map<string, Attributes>;

// `{: …}` or `{:name: …}` (a definition), with quoted values that may hold `}`
const LIST = /\{:(?![:/])((?:[^}"'\\]|"[^"]*"|'[^']*'|\\.)*)\}/;
const LIST_LINE = new RegExp(`^\\s*${LIST.source}\\s*$`);
// goldmark's and Pandoc's `{.class #id}`, accepted where kramdown's would be
const BRACE_LINE = /^\s*\{([.#](?:[^}"']|"[^"]*"|'[^']*')*)\}\s*$/;
// extensions: `{::options … /}`, `{::comment}`, `{:/comment}`, `{::nomarkdown}` …
const EXTENSION = /\{::\w+(?:[^}]*?)\/\}|\{::\w+\}|\{:\/\w*\}/g;
const EXTENSION_LINE = /^\s*(?:\{::\w+(?:[^}]*?)\/\}|\{::\w+\}|\{:\/\w*\})\s*$/;
const COMMENT = /\{::comment\}[\s\S]*?\{:\/comment\}/g;
// at the end of a heading: `{#id}`, `{.class}`, `{: #id .class title="…"}`
const HEADING_END = /\s*\{(:?)((?:[^}"']|"[^"]*"|'[^']*')*)\}\s*$/;

export function kramdownAttributes() {
  return (tree: Root, file: VFile) => {
    if (!/\{[:#.]/.test(String(file.value ?? ''))) return;
    new Attributer(tree, String(file.value ?? '')).run();
  };
}

class Attributer {
  private readonly definitions: Definitions = new Map();
  private readonly removed = new Set<Nodes>();
  private readonly lines: string[];

  constructor(
    private readonly tree: Root,
    source: string,
  ) {
    this.lines = source.split('\n');
  }

  run(): void {
    this.collectDefinitions(this.tree);
    this.blocks(this.tree, []);
    this.sweep(this.tree);
  }

  /** `{:name: .class}` lines anywhere, which `{: name}` refers to. */
  private collectDefinitions(node: Nodes): void {
    if (node.type === 'text') {
      for (const line of node.value.split('\n')) {
        const m = LIST_LINE.exec(line);
        const def = m && /^\s*([\w-]+):\s*([\s\S]*)$/.exec(m[1]);
        if (def) this.definitions.set(def[1], parseAttributes(def[2], this.definitions) ?? emptyAttributes());
      }
    }
    if ('children' in node) for (const child of node.children) this.collectDefinitions(child);
  }

  private blocks(parent: Parents, ancestors: Parents[]): void {
    this.comments(parent);
    const chain = [...ancestors, parent];
    for (let i = 0; i < parent.children.length; i++) {
      const node = parent.children[i];
      if (this.removed.has(node)) continue;
      if (node.type === 'paragraph') this.paragraph(parent, i, chain);
      else if (node.type === 'heading') this.heading(node);
      else if (node.type === 'table') this.table(node);
      if ('children' in node && !this.removed.has(node)) {
        if (isPhrasingParent(node)) this.spans(node);
        else this.blocks(node as Parents, chain);
      }
    }
  }

  /** `{::comment}` … `{:/comment}` over several blocks: all of them go. */
  private comments(parent: Parents): void {
    const children = parent.children as RootContent[];
    for (let i = 0; i < children.length; i++) {
      const text = mdastToString(children[i]);
      if (!/^\s*\{::comment\}/.test(text) || /\{:\/comment\}/.test(text)) continue;
      let j = i;
      while (j < children.length && !/\{:\/comment\}/.test(mdastToString(children[j]))) j++;
      if (j === children.length) continue;
      for (let k = i; k <= j; k++) this.removed.add(children[k]);
      i = j;
    }
  }

  private paragraph(parent: Parents, index: number, chain: Parents[]): void {
    const paragraph = parent.children[index];
    if (paragraph.type !== 'paragraph') return;
    const children = paragraph.children;
    // a paragraph of attribute lists only: they set the block before it, or the one after it
    if (children.every((c) => c.type === 'text')) {
      const lines = children
        .map((c) => (c as Text).value)
        .join('')
        .split('\n')
        .filter((l) => l.trim() !== '');
      if (lines.length > 0 && lines.every(isBlockLine)) {
        this.removed.add(paragraph);
        const target = this.sibling(parent, index, -1) ?? this.sibling(parent, index, 1);
        for (const line of lines) this.applyLine(line, target, parent);
        return;
      }
    }
    // lines at the end set this paragraph, or the list or quote it continues lazily
    const last = children.at(-1);
    if (last?.type === 'text') {
      const lines = last.value.split('\n');
      const trailing: string[] = [];
      while (lines.length > 1 && isBlockLine(lines[lines.length - 1])) trailing.unshift(lines.pop() as string);
      if (trailing.length > 0) {
        last.value = lines.join('\n').replace(/[ \t]+$/, '');
        const lazy = chain.length > 1 && /^\{/.test(this.lines[(paragraph.position?.end.line ?? 0) - 1] ?? '');
        const target = lazy ? (chain[1] as RootContent) : paragraph;
        const targetParent = lazy ? chain[0] : parent;
        for (const line of trailing) this.applyLine(line, target, targetParent);
      }
    }
    // lines at the start set the block just before (no blank line between), else this paragraph
    const first = paragraph.children[0];
    if (first?.type === 'text') {
      const lines = first.value.split('\n');
      const leading: string[] = [];
      while (lines.length > 1 && isBlockLine(lines[0])) leading.push(lines.shift() as string);
      if (leading.length > 0) {
        first.value = lines.join('\n');
        const before = this.sibling(parent, index, -1);
        const adjacent = before?.position && paragraph.position && before.position.end.line === paragraph.position.start.line - 1;
        for (const line of leading) this.applyLine(line, adjacent ? before : paragraph, parent);
      }
    }
  }

  private sibling(parent: Parents, index: number, step: 1 | -1): RootContent | undefined {
    for (let i = index + step; i >= 0 && i < parent.children.length; i += step) {
      const node = parent.children[i];
      if (!this.removed.has(node)) return node;
    }
    return undefined;
  }

  private applyLine(line: string, target: RootContent | undefined, parent: Parents): void {
    const attributes = lineAttributes(line, this.definitions);
    if (!attributes || !target) return;
    // kramdown replaces the list before `{:toc}` with a table of contents; postbound makes its own
    if (attributes.toc && target.type === 'list' && parent.children.includes(target as never)) {
      this.removed.add(target);
      return;
    }
    apply(target, attributes);
  }

  /** `## Title {#id}`, `## Title {: #id .class}`. */
  private heading(heading: Extract<RootContent, { type: 'heading' }>): void {
    const last = heading.children.at(-1);
    if (last?.type !== 'text') return;
    const m = HEADING_END.exec(last.value);
    if (!m || (!m[1] && !/^\s*[#.]/.test(m[2]))) return;
    const attributes = parseAttributes(m[2], this.definitions);
    if (!attributes) return;
    last.value = last.value.slice(0, m.index);
    apply(heading, attributes);
  }

  /** A last row that is only an attribute list (GFM reads the line after a table as a row). */
  private table(table: Extract<RootContent, { type: 'table' }>): void {
    const row = table.children.at(-1);
    if (!row || table.children.length < 2) return;
    const [cell, ...rest] = row.children;
    if (!cell || rest.some((c) => c.children.length > 0)) return;
    const text = mdastToString(cell);
    if (!isBlockLine(text)) return;
    table.children.pop();
    const attributes = lineAttributes(text, this.definitions);
    if (attributes) apply(table, attributes);
  }

  /** Span lists right after an image, link or emphasis set it; extensions and any other list in text go. */
  private spans(parent: Parents): void {
    const children = parent.children as PhrasingContent[];
    for (let i = 0; i < children.length; i++) {
      const node = children[i];
      if (node.type !== 'text') {
        if ('children' in node) this.spans(node as Parents);
        continue;
      }
      let value = node.value.replace(COMMENT, '').replace(EXTENSION, '');
      const before = children[i - 1];
      const m = new RegExp(`^${LIST.source}`).exec(value);
      if (m && before && before.type !== 'text') {
        const attributes = parseAttributes(m[1], this.definitions);
        if (attributes) {
          apply(before, attributes);
          value = value.slice(m[0].length);
        }
      }
      node.value = stripLists(value, this.definitions);
    }
    (parent as { children: PhrasingContent[] }).children = children.filter((c) => !(c.type === 'text' && c.value === ''));
  }

  /** Removes what was marked, and paragraphs left empty. */
  private sweep(node: Nodes): void {
    if (!('children' in node)) return;
    const kept = (node.children as RootContent[]).filter((c) => {
      if (this.removed.has(c)) return false;
      return !(c.type === 'paragraph' && c.children.every((t) => t.type === 'text' && t.value.trim() === ''));
    });
    (node as { children: RootContent[] }).children = kept;
    for (const child of kept) this.sweep(child);
  }
}

function isPhrasingParent(node: Nodes): boolean {
  return node.type === 'paragraph' || node.type === 'heading' || node.type === 'tableCell';
}

function isBlockLine(line: string): boolean {
  return LIST_LINE.test(line) || BRACE_LINE.test(line) || EXTENSION_LINE.test(line);
}

/** What a line of its own sets: undefined for a definition or an extension. */
function lineAttributes(line: string, definitions: Definitions): Attributes | undefined {
  const m = LIST_LINE.exec(line);
  if (m) return /^\s*[\w-]+:/.test(m[1]) ? undefined : parseAttributes(m[1], definitions);
  const brace = BRACE_LINE.exec(line);
  return brace ? parseAttributes(brace[1], definitions) : undefined;
}

/** Lists left in running text (after plain text, or written mid-sentence) are removed when they parse as lists. */
function stripLists(value: string, definitions: Definitions): string {
  if (!value.includes('{:')) return value;
  return value.replace(new RegExp(LIST.source, 'g'), (all, inner: string) => {
    if (/^\s*[\w-]+:/.test(inner)) return '';
    return parseAttributes(inner, definitions) ? '' : all;
  });
}

function emptyAttributes(): Attributes {
  return { classes: [], toc: false };
}

/**
 * `.class #id key="value" key='value' key=value name`, or undefined when the
 * text is not such a list (`{:a => 1}` in a sentence about Ruby stays text).
 */
export function parseAttributes(text: string, definitions: Definitions = new Map()): Attributes | undefined {
  const attributes = emptyAttributes();
  const token = /\s*(?:\.([\w-]+)|#([\w-]+)|([\w-]+)=(?:"([^"]*)"|'([^']*)'|([^\s"'}]+))|([\w-]+))/y;
  let at = 0;
  while (at < text.length) {
    if (text.slice(at).trim() === '') break;
    token.lastIndex = at;
    const m = token.exec(text);
    if (!m) return undefined;
    at = token.lastIndex;
    const [, cls, id, key, dq, sq, bare, name] = m;
    if (cls) attributes.classes.push(cls);
    else if (id) attributes.id = id;
    else if (key === 'class') attributes.classes.push(...(dq ?? sq ?? bare ?? '').split(/\s+/).filter(Boolean));
    else if (key === 'id') attributes.id = dq ?? sq ?? bare;
    else if (key === 'title') attributes.title = dq ?? sq ?? bare;
    else if (name === 'toc') attributes.toc = true;
    else if (name) {
      const def = definitions.get(name);
      if (def) {
        attributes.classes.push(...def.classes);
        attributes.id = def.id ?? attributes.id;
        attributes.title = def.title ?? attributes.title;
      }
    }
  }
  return attributes;
}

/** Sets classes, id and title on the element `node` becomes (mdast-util-to-hast reads `data.hProperties`). */
function apply(node: Nodes, attributes: Attributes): void {
  const classes = [...attributes.classes];
  // `{: .language-ruby}` after a fence without a language names its language
  if (node.type === 'code' && !node.lang) {
    const lang = classes.find((c) => c.startsWith('language-'));
    if (lang) node.lang = lang.slice('language-'.length);
  }
  if (classes.length === 0 && !attributes.id && !attributes.title) return;
  node.data ??= {};
  node.data.hProperties ??= {};
  const properties = node.data.hProperties as Record<string, unknown>;
  if (classes.length > 0) {
    const existing = properties.className;
    const list = Array.isArray(existing) ? existing : typeof existing === 'string' ? existing.split(/\s+/) : [];
    properties.className = [...new Set([...list, ...classes])];
  }
  if (attributes.id) properties.id = attributes.id;
  if (attributes.title) properties.title = attributes.title;
}
