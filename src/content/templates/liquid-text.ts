// The text of a post body while liquidjs renders it, and the text of its
// failures: the body with what Liquid must not read hidden (and brought back
// after), the tag or output an offset is in, a tag shortened for a message,
// and the single failures and causes in what liquidjs throws.
import { LiquidError } from 'liquidjs';
import type { TemplateContext } from './context.ts';
import { codeRanges, type Range } from './regions.ts';

// Characters no post holds (Unicode noncharacters), used while Liquid runs:
/** stands for the `{` of a `{{` or `{%` that Liquid must not see (in code, or a Hugo shortcode) */
const HIDDEN_BRACE = '\uFDD2';
/** fills a `{% raw %}` marker inside code, removed afterwards */
const DROPPED = '\uFDD3';
/** opens, closes and fills a placeholder for a tag left as text */
export const LITERAL_OPEN = '\uFDD4';
export const LITERAL_CLOSE = '\uFDD5';
export const LITERAL_FILL = '\uFDD6';

/**
 * The body with the `{` of every `{{` and `{%` that Liquid must not read made
 * another character: Hugo shortcodes (`{{< x >}}` would parse as a comparison),
 * and for Eleventy whatever is in code; there a `{% raw %}` marker is dropped.
 */
export function hide(body: string, ctx: TemplateContext): string {
  let text = body.replace(/\{(?=\{[<%])/g, HIDDEN_BRACE);
  if (ctx.generator !== 'eleventy') return text;
  const code: Range[] = codeRanges(text, ctx.format);
  for (const [start, end] of code) {
    const inCode = text
      .slice(start, end)
      .replace(/\{%-?\s*(?:end)?raw\s*-?%\}/g, (m) => DROPPED.repeat(m.length))
      .replace(/\{(?=[{%])/g, HIDDEN_BRACE);
    text = text.slice(0, start) + inCode + text.slice(end);
  }
  return text;
}

export function unhide(text: string): string {
  return text.replaceAll(HIDDEN_BRACE, '{').replaceAll(DROPPED, '');
}

/** The `{{ … }}` or `{% … %}` that `offset` is in, read as Liquid reads them: each to the first closing delimiter. */
export function delimited(source: string, offset: number): Range | undefined {
  let from = 0;
  for (;;) {
    const output = source.indexOf('{{', from);
    const tag = source.indexOf('{%', from);
    const open = output === -1 ? tag : tag === -1 ? output : Math.min(output, tag);
    if (open === -1 || open > offset) return undefined;
    const close = source.indexOf(open === tag ? '%}' : '}}', open + 2);
    const end = close === -1 ? source.length : close + 2;
    if (offset < end) return [open, end];
    from = end;
  }
}

export function shortTag(text: string): string {
  const flat = unhide(text).replace(/\s+/g, ' ').trim();
  return flat.length > 70 ? `${flat.slice(0, 69)}…` : flat;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A liquidjs message without the place it appends (the place is on the message already). */
export function cleanMessage(text: string): string {
  return (
    text
      .split('\n')
      .at(-1)
      ?.replace(/(?:, file:\S+)?(?:, line:\d+, col:\d+)$/, '') ?? text
  );
}

/** The single failures in what liquidjs threw (with catchAllErrors, lists of lists). */
export function flatten(error: unknown): LiquidError[] {
  if (!LiquidError.is(error)) return [];
  const list = (error as { errors?: unknown[] }).errors;
  return Array.isArray(list) ? list.flatMap(flatten) : [error];
}

/** An error and the errors it wraps. */
export function chain(error: unknown): unknown[] {
  const out: unknown[] = [];
  let e: unknown = error;
  while (e && out.length < 20) {
    out.push(e);
    const lists = (e as { errors?: unknown[] }).errors;
    if (Array.isArray(lists)) out.push(...lists.flatMap(chain));
    e = (e as { originalError?: unknown }).originalError ?? (e as { inner?: unknown }).inner;
  }
  return out;
}
