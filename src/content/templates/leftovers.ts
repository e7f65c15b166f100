// Nothing passes silently: after expansion, anything outside code that still
// looks like a template (`{{ … }}`, `{% … %}`, `{{< … >}}`, `{{% … %}}`), and in
// MDX a component tag, gets a warning where it is in the post, saying what to do.
import type { Point } from 'unist';
import type { Generator } from '../../config/schema.ts';
import { report } from '../messages.ts';
import type { TemplateContext } from './context.ts';
import { codeRanges, inRanges, type Range } from './regions.ts';

export interface ScanOptions {
  /** Output that is literal on purpose (raw blocks, escapes, tags already reported). */
  literal: Range[];
  /** Where an offset of the text is in the post file. */
  point: (offset: number) => Point;
  /** Whether the body is MDX, whose component tags are reported too. */
  mdx: boolean;
}

const SYNTAX = /\{\{[<%][\s\S]{0,2000}?[>%]\}\}|\{%[\s\S]{0,2000}?%\}|\{\{[\s\S]{0,500}?\}\}/g;
const COMPONENT = /<([A-Z][\w]*(?:\.[\w]+)*)(?=[\s/>])(?:[^>"'{]|"[^"]*"|'[^']*'|\{[^}]*\})*>/g;

export function scanLeftovers(text: string, ctx: TemplateContext, options: ScanOptions): void {
  const mayHave = text.includes('{{') || text.includes('{%');
  if (!mayHave && !options.mdx) return;
  const code = codeRanges(text, ctx.format);
  const skip = (offset: number) => inRanges(code, offset) || inRanges(options.literal, offset);
  const place = (start: number, end: number) => ({ start: options.point(start), end: options.point(end) });
  if (mayHave) {
    for (const m of text.matchAll(SYNTAX)) {
      if (skip(m.index)) continue;
      const reason = describe(m[0], ctx.generator);
      if (reason) report(ctx.file, 'template-syntax', reason, place(m.index, m.index + m[0].length), 'warning');
    }
  }
  if (options.mdx) {
    for (const m of text.matchAll(COMPONENT)) {
      if (skip(m.index)) continue;
      report(
        ctx.file,
        'mdx-syntax',
        `\`<${m[1]}>\` is an MDX component, which postbound does not run: it is left out (text inside it is kept)`,
        place(m.index, m.index + m[0].length),
        'warning',
      );
    }
  }
}

/** What is wrong with one piece of template syntax, or undefined for a closing tag (its opening one is reported). */
export function describe(syntax: string, generator: Generator): string | undefined {
  const shortcode = /^\{\{([<%])\s*(\/)?\s*([\w./-]+)/.exec(syntax);
  if (shortcode) {
    if (shortcode[2]) return undefined;
    const [, d, , name] = shortcode;
    const tag = d === '<' ? `{{< ${name} >}}` : `{{% ${name} %}}`;
    if (generator === 'hugo') {
      return `\`${tag}\` is a Hugo shortcode postbound does not know: add templates/shortcodes/${name}.eta to render it, or remove it`;
    }
    return `\`${tag}\` is a Hugo shortcode, which postbound expands only with \`content.generator: hugo\`: it is printed as written`;
  }
  if (/^\{\{[<%]/.test(syntax))
    return `\`${short(syntax)}\` looks like a Hugo shortcode but has no name: it is printed as written`;
  const liquid = /^\{%-?\s*([\w-]+)/.exec(syntax);
  if (syntax.startsWith('{%')) {
    const name = liquid?.[1] ?? '';
    if (/^end/.test(name) || ['else', 'elsif', 'elif', 'when'].includes(name)) return undefined;
    const tag = name ? `{% ${name} %}` : short(syntax);
    switch (generator) {
      case 'jekyll':
      case 'eleventy':
        return `\`${tag}\` is a Liquid tag postbound does not know: add templates/shortcodes/${name || 'NAME'}.eta to render it, or remove it`;
      case 'hugo':
        return `\`${tag}\` is Liquid syntax, which Hugo does not run in content: it is printed as written`;
      default:
        return `\`${tag}\` is a Liquid tag, which postbound runs only with \`content.generator: jekyll\` or \`eleventy\`: it is printed as written`;
    }
  }
  const value = `{{ ${short(syntax.replace(/^\{\{-?\s*|\s*-?\}\}$/g, ''), 40)} }}`;
  switch (generator) {
    case 'jekyll':
    case 'eleventy':
      return `\`${value}\` is left in the post after Liquid ran (an include or a variable printed it): it is printed as written`;
    case 'hugo':
      return `\`${value}\` is Go template syntax, which Hugo does not run in content either: it is printed as written`;
    default:
      return `\`${value}\` looks like a template variable, which postbound fills in only with \`content.generator: jekyll\` or \`eleventy\`: it is printed as written`;
  }
}

function short(text: string, length = 60): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat;
}
