// Template syntax in posts from other generators, expanded before the markdown
// pipeline runs: Liquid for Jekyll and Eleventy, shortcodes for Hugo, NAME.eta
// for the tags and shortcodes of a theme; then whatever still looks like a
// template, outside code, is reported. Nothing passes silently.
import type { TemplateContext } from './context.ts';
import { expandHugo } from './hugo.ts';
import { scanLeftovers } from './leftovers.ts';
import { expandLiquid } from './liquid.ts';
import { stripEsm } from './mdx.ts';
import { LineIndex, unprotect } from './regions.ts';

export type { TemplateContext } from './context.ts';
export { BUILTIN_SHORTCODES, type ShortcodeCall, shortcodeDirs } from './shortcode-files.ts';

/** The body with every template tag expanded; the input has its front matter blanked to empty lines (so line numbers match the file). */
export async function expandTemplates(body: string, ctx: TemplateContext): Promise<string> {
  let source = body;
  let mdx = false;
  if (ctx.generator === 'astro') {
    const esm = stripEsm(body, ctx);
    source = esm.body;
    mdx = esm.stripped || ctx.file.extname === '.mdx';
  }
  if (!source.includes('{{') && !source.includes('{%') && !mdx) return source;
  const expansion =
    ctx.generator === 'jekyll' || ctx.generator === 'eleventy'
      ? await expandLiquid(source, ctx)
      : ctx.generator === 'hugo'
        ? expandHugo(source, ctx)
        : { marked: source };
  const { text, ranges, marked } = unprotect(expansion.marked);
  const lines = expansion.sourcePoint ? undefined : new LineIndex(text);
  const sourcePoint = expansion.sourcePoint;
  scanLeftovers(text, ctx, {
    literal: ranges,
    point: (offset) => (sourcePoint ? sourcePoint(marked(offset)) : (lines as LineIndex).point(offset)),
    mdx,
  });
  return text;
}
