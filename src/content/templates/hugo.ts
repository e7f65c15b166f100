// Hugo shortcodes in a post: `{{< name args >}}` (its content is raw) and
// `{{% name args %}}` (its content is markdown), single or paired, nested, and
// `{{</* … */>}}`, Hugo's way to print one as text. Code in the post is left
// alone, but for that escape, which Hugo undoes in code too.
// https://gohugo.io/content-management/shortcodes/
import { report } from '../messages.ts';
import type { Expansion, TemplateContext } from './context.ts';
import { codeRanges, inRanges, LineIndex, protect, type Range } from './regions.ts';
import { type ShortcodeCall, shortcodeFiles } from './shortcode-files.ts';

interface Token {
  kind: 'open' | 'close' | 'escape';
  start: number;
  end: number;
  /** `<` or `%` */
  delim: string;
  name: string;
  args: string[];
  named: Record<string, string>;
  selfClosing: boolean;
  /** The text an escape stands for. */
  literal?: string;
}

interface Node {
  open: Token;
  close?: Token;
  children: Node[];
}

/** A piece of the output: copied from `src` (verbatim), or produced by a shortcode that starts there. */
interface Piece {
  out: string;
  src: number;
  verbatim: boolean;
}

export function expandHugo(body: string, ctx: TemplateContext): Expansion {
  const code = codeRanges(body, ctx.format);
  const tokens = tokenize(body, code);
  const lines = new LineIndex(body);
  if (tokens.length === 0) return { marked: body };
  const expander = new HugoExpander(body, ctx, lines, tokens);
  const pieces = expander.renderNodes(expander.tree(), 0, body.length);
  let marked = '';
  const starts: number[] = [];
  for (const piece of pieces) {
    starts.push(marked.length);
    marked += piece.out;
  }
  return {
    marked,
    sourcePoint(offset) {
      let lo = 0;
      let hi = pieces.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid] <= offset) lo = mid;
        else hi = mid - 1;
      }
      const piece = pieces[lo];
      return lines.point(piece.verbatim ? piece.src + (offset - starts[lo]) : piece.src);
    },
  };
}

class HugoExpander {
  private next = 0;

  constructor(
    private readonly body: string,
    private readonly ctx: TemplateContext,
    private readonly lines: LineIndex,
    private readonly tokens: Token[],
  ) {}

  /** The tokens as a tree: an opening shortcode holds what lies before its closing one. */
  tree(): Node[] {
    const pairs = pair(this.tokens);
    const build = (limit: number): Node[] => {
      const nodes: Node[] = [];
      while (this.next < this.tokens.length && this.tokens[this.next].start < limit) {
        const index = this.next++;
        const open = this.tokens[index];
        const closeIndex = pairs.get(index);
        if (closeIndex === undefined) {
          nodes.push({ open, children: [] });
          continue;
        }
        const close = this.tokens[closeIndex];
        const children = build(close.start);
        this.next = closeIndex + 1;
        nodes.push({ open, close, children });
      }
      return nodes;
    };
    return build(Number.POSITIVE_INFINITY);
  }

  renderNodes(nodes: Node[], from: number, to: number): Piece[] {
    const pieces: Piece[] = [];
    let at = from;
    for (const node of nodes) {
      if (node.open.start > at) pieces.push(this.verbatim(at, node.open.start));
      pieces.push(...this.renderNode(node));
      at = (node.close ?? node.open).end;
    }
    if (at < to) pieces.push(this.verbatim(at, to));
    return pieces;
  }

  private verbatim(start: number, end: number): Piece {
    return { out: this.body.slice(start, end), src: start, verbatim: true };
  }

  private renderNode(node: Node): Piece[] {
    const { open, close } = node;
    if (open.kind === 'escape') return [{ out: protect(open.literal ?? ''), src: open.start, verbatim: false }];
    // a closing shortcode without its opening one is left for the leftover scan
    if (open.kind === 'close') return [this.verbatim(open.start, open.end)];
    const innerPieces = close ? this.renderNodes(node.children, open.end, close.start) : [];
    const inner = innerPieces.map((p) => p.out).join('');
    const out = this.shortcode(open, close, inner);
    if (out === undefined) {
      // unknown: left as written, so the leftover scan reports it where it is
      return [this.verbatim(open.start, open.end), ...innerPieces, ...(close ? [this.verbatim(close.start, close.end)] : [])];
    }
    return [{ out: out + this.padding(open, close ?? open, out), src: open.start, verbatim: false }];
  }

  /** Blank lines that keep later lines where they were, after a block shortcode written over several lines. */
  private padding(open: Token, last: Token, out: string): string {
    if (!this.startsLine(open.start)) return '';
    const after = this.body[last.end];
    if (after !== undefined && after !== '\n') return '';
    const written = this.lines.point(last.end).line - this.lines.point(open.start).line;
    const lines = out.split('\n').length - 1;
    return written > lines ? '\n'.repeat(written - lines) : '';
  }

  private startsLine(offset: number): boolean {
    const lineStart = this.body.lastIndexOf('\n', offset - 1) + 1;
    return this.body.slice(lineStart, offset).trim() === '';
  }

  /** The output of one shortcode, or undefined when postbound does not know it. */
  private shortcode(open: Token, close: Token | undefined, inner: string): string | undefined {
    const { ctx } = this;
    const files = shortcodeFiles(ctx.shortcodeDirs);
    const template = files.find(open.name);
    const trimmed = inner.replace(/^[ \t]*\n/, '').replace(/\n[ \t]*$/, '');
    if (!template?.own) {
      const builtin = this.builtin(open, close, trimmed);
      if (builtin !== undefined) return builtin;
    }
    if (!template) return undefined;
    const block = close !== undefined && this.startsLine(open.start) && inner.includes('\n');
    const innerMarkdown = block ? `\n\n${trimmed.trim()}\n` : trimmed.trim();
    const call: ShortcodeCall = {
      name: open.name,
      args: open.args,
      named: open.named,
      inner: open.delim === '%' ? innerMarkdown : trimmed,
      innerMarkdown,
      page: ctx.page,
      site: ctx.site,
      basePath: ctx.basePath,
    };
    try {
      return files.render(template, call);
    } catch (error) {
      report(
        ctx.file,
        'template-error',
        `The template ${template.path} failed on \`${shortText(this.body, open)}\`: ${(error as Error).message}; the shortcode is left as written`,
        this.position(open, close),
        'warning',
      );
      return protect(this.body.slice(open.start, (close ?? open).end));
    }
  }

  /** Shortcodes done in code: links, code, parameters, raw HTML. */
  private builtin(open: Token, close: Token | undefined, inner: string): string | undefined {
    const { ctx } = this;
    switch (open.name) {
      case 'ref':
      case 'relref': {
        const target = open.named.path ?? open.args[0] ?? '';
        const hash = target.indexOf('#');
        const path = hash === -1 ? target : target.slice(0, hash);
        const fragment = hash === -1 ? '' : target.slice(hash);
        if (path === '') return fragment;
        const url = ctx.lookup.postUrl(path, 'ref');
        if (url !== undefined) return url + fragment;
        report(
          ctx.file,
          'missing-link-target',
          `\`${shortText(this.body, open)}\` links to a post that does not exist`,
          this.position(open),
        );
        return protect(this.body.slice(open.start, open.end));
      }
      case 'highlight':
        return fence(open.named.lang ?? open.args[0] ?? '', inner, this.startsLine(open.start));
      case 'param': {
        const key = open.named.name ?? open.args[0] ?? '';
        const value = lookupPath(ctx.page, key) ?? lookupPath(ctx.site, key);
        if (value === undefined || value === null) {
          report(
            ctx.file,
            'template-error',
            `\`${shortText(this.body, open)}\`: neither the post's front matter nor the site's params have "${key}"; it prints nothing`,
            this.position(open),
            'warning',
          );
          return '';
        }
        return typeof value === 'object' ? JSON.stringify(value) : String(value);
      }
      case 'comment':
        return '';
      case 'raw':
      case 'rawhtml':
      case 'html':
        return close ? inner : undefined;
      default:
        return undefined;
    }
  }

  private position(open: Token, close?: Token) {
    return this.lines.position(open.start, (close ?? open).end);
  }
}

/** A fenced code block, on lines of its own, with a fence longer than any backtick run in the code. */
export function fence(lang: string, code: string, atLineStart: boolean): string {
  const longest = Math.max(0, ...[...code.matchAll(/`+/g)].map((m) => m[0].length));
  const marks = '`'.repeat(Math.max(3, longest + 1));
  const body = code.replace(/^\n+/, '').replace(/\n+$/, '');
  return `${atLineStart ? '' : '\n'}${marks}${lang}\n${body}\n${marks}`;
}

function lookupPath(data: Record<string, unknown>, path: string): unknown {
  let value: unknown = data;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    const record = value as Record<string, unknown>;
    // Hugo lower-cases parameter names
    const found = Object.keys(record).find((k) => k.toLowerCase() === key.toLowerCase());
    value = found === undefined ? undefined : record[found];
  }
  return value;
}

function shortText(body: string, token: Token): string {
  const text = body.slice(token.start, token.end).replace(/\s+/g, ' ');
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

/** Openings, closings and escapes of shortcodes outside code (escapes inside code too). */
function tokenize(body: string, code: Range[]): Token[] {
  const tokens: Token[] = [];
  let i = body.indexOf('{{');
  while (i !== -1) {
    const delim = body[i + 2];
    const token = delim === '<' || delim === '%' ? readToken(body, i, delim) : undefined;
    if (token && (token.kind === 'escape' || !inRanges(code, i))) {
      tokens.push(token);
      i = body.indexOf('{{', token.end);
    } else {
      i = body.indexOf('{{', i + 2);
    }
  }
  return tokens;
}

const NAME = /[\w.-]+(?:\/[\w.-]+)*/y;
const MAX_LENGTH = 4000;

function readToken(body: string, start: number, delim: string): Token | undefined {
  const closing = delim === '<' ? '>}}' : '%}}';
  let p = skipBlank(body, start + 3);
  if (body.startsWith('/*', p)) {
    const commentEnd = body.indexOf('*/', p + 2);
    if (commentEnd === -1 || commentEnd - start > MAX_LENGTH) return undefined;
    const q = skipBlank(body, commentEnd + 2);
    if (!body.startsWith(closing, q)) return undefined;
    const literal = `{{${delim}${body.slice(p + 2, commentEnd)}${closing}`;
    return { kind: 'escape', start, end: q + 3, delim, name: '', args: [], named: {}, selfClosing: false, literal };
  }
  const kind = body[p] === '/' ? 'close' : 'open';
  if (kind === 'close') p = skipBlank(body, p + 1);
  NAME.lastIndex = p;
  const name = NAME.exec(body)?.[0];
  if (!name) return undefined;
  p += name.length;
  // arguments run to the closing delimiter, which may not be inside quotes
  const argsStart = p;
  let quote = '';
  for (; p < body.length && p - start < MAX_LENGTH; p++) {
    const c = body[p];
    if (quote) {
      if (c === '\\' && quote === '"') p++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === '`') {
      quote = c;
    } else if (body.startsWith(closing, p)) {
      let argsText = body.slice(argsStart, p).trim();
      const selfClosing = argsText.endsWith('/');
      if (selfClosing) argsText = argsText.slice(0, -1);
      const { args, named } = parseArgs(argsText);
      return { kind, start, end: p + 3, delim, name, args, named, selfClosing };
    }
  }
  return undefined;
}

function skipBlank(body: string, p: number): number {
  while (p < body.length && /\s/.test(body[p])) p++;
  return p;
}

/** Hugo's arguments: positional or `name=value`, each bare, "quoted" (with \" escapes) or `raw`. */
export function parseArgs(text: string): { args: string[]; named: Record<string, string> } {
  const args: string[] = [];
  const named: Record<string, string> = {};
  for (const m of text.matchAll(/(?:([\w-]+)\s*=\s*)?("(?:[^"\\]|\\.)*"|`[^`]*`|[^\s"`]+)/g)) {
    const raw = m[2];
    const value = raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw.startsWith('`') ? raw.slice(1, -1) : raw;
    if (m[1]) named[m[1]] = value;
    else args.push(value);
  }
  return { args, named };
}

/** Each opening shortcode's closing one, by index: the nearest open one of the same name. */
function pair(tokens: Token[]): Map<number, number> {
  const pairs = new Map<number, number>();
  const open: number[] = [];
  tokens.forEach((token, index) => {
    if (token.kind === 'open' && !token.selfClosing) open.push(index);
    if (token.kind !== 'close') return;
    for (let j = open.length - 1; j >= 0; j--) {
      if (tokens[open[j]].name !== token.name) continue;
      pairs.set(open[j], index);
      open.length = j;
      break;
    }
  });
  return pairs;
}
