// Tags rendered from NAME.eta shortcode templates (every tag postbound does
// not render itself), and what each custom tag is built from: its arguments as
// a shortcode gets them, the content of a block up to its end tag, and a
// failure of its own moved onto the tag.
import { relative } from 'node:path';
import {
  type Context,
  type Emitter,
  type Liquid,
  LiquidError,
  type Parser,
  RenderError,
  Tag,
  type TagToken,
  type Template,
  type TopLevelToken,
  Value,
} from 'liquidjs';
import type { LiquidRun } from './liquid.ts';
import { messageOf, shortTag, unhide } from './liquid-text.ts';
import { protect } from './regions.ts';
import type { ShortcodeCall } from './shortcode-files.ts';

/** A custom tag, as liquidjs registers it. */
export type TagClass = new (token: TagToken, remainTokens: TopLevelToken[], liquid: Liquid, parser: Parser) => Tag;

/** A tag postbound does not render itself: NAME.eta renders it, with the content of `{% NAME %}…{% endNAME %}` as `it.inner`. */
export function shortcodeTag(run: LiquidRun, name: string, paired: boolean): TagClass {
  return class extends Tag {
    private readonly templates: Template[] = [];
    private readonly endToken?: TagToken;

    constructor(token: TagToken, remainTokens: TopLevelToken[], liquid: Liquid, parser: Parser) {
      super(token, remainTokens, liquid);
      if (paired) ({ templates: this.templates, end: this.endToken } = parseUntil(token, remainTokens, parser, `end${name}`));
      if (!run.files.find(name)) {
        run.report(
          'template-syntax',
          token,
          `\`{% ${name} %}\` is a Liquid tag postbound does not know: add templates/shortcodes/${name}.eta to render it, or remove it`,
        );
      }
    }

    *render(ctx: Context, emitter: Emitter): Generator<unknown, void, unknown> {
      yield* onTag(this, this.expand(ctx, emitter));
    }

    *expand(ctx: Context, emitter: Emitter): Generator<unknown, void, unknown> {
      const inner = paired ? ((yield this.liquid.renderer.renderTemplates(this.templates, ctx)) as string) : '';
      if (!run.files.find(name)) {
        const end = this.endToken ? protect(unhide(this.endToken.getText())) : '';
        emitter.write(protect(unhide(this.token.getText())) + inner + end);
        return;
      }
      const { args, named } = yield* evalArgs(run, this.token.args, ctx);
      emitter.write(renderShortcode(run, this.token, name, { args, named, inner }));
    }
  };
}

/** The tag rendered by its NAME.eta; the tag as written when there is none, and reported as well when the template fails. */
export function renderShortcode(
  run: LiquidRun,
  token: TagToken,
  name: string,
  call: Pick<ShortcodeCall, 'args' | 'named' | 'inner'>,
): string {
  const template = run.files.find(name);
  if (!template) return protect(unhide(token.getText()));
  const trimmed = call.inner.replace(/^[ \t]*\n/, '').replace(/\n[ \t]*$/, '');
  const block = startsLine(token) && call.inner.includes('\n');
  const { site, page, basePath } = run.ctx;
  try {
    return run.files.render(template, {
      name,
      ...call,
      inner: trimmed,
      innerMarkdown: block ? `\n\n${trimmed.trim()}\n` : trimmed.trim(),
      page,
      site,
      basePath,
    });
  } catch (error) {
    run.report(
      'template-error',
      token,
      `The template ${relative(run.ctx.root, template.path)} failed on \`${shortTag(token.getText())}\`: ${messageOf(error)}; the tag is left as text`,
    );
    return protect(unhide(token.getText()));
  }
}

/**
 * A tag's arguments as a shortcode gets them: `"quoted"`, `'quoted'` or bare,
 * positional or named (`key=value`, `key: value`), separated by spaces or
 * commas; a bare name that is a variable (`page.image`) stands for its value.
 */
export function* evalArgs(
  run: LiquidRun,
  text: string,
  ctx: Context,
): Generator<unknown, { args: string[]; named: Record<string, string> }, unknown> {
  let markup = text;
  // Jekyll plugins render `{{ }}` in their arguments first
  if (markup.includes('{{')) markup = (yield run.engine.renderer.renderTemplates(run.engine.parse(markup), ctx)) as string;
  const args: string[] = [];
  const named: Record<string, string> = {};
  const pattern = /(?:([\w-]+)\s*(?:=|:(?!\/\/))\s*)?("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[^\s,"']+)/g;
  for (const m of markup.matchAll(pattern)) {
    const raw = m[2];
    let value: unknown = raw;
    if (/^["']/.test(raw)) value = raw.slice(1, -1).replace(/\\(.)/g, '$1');
    else if (/^[A-Za-z_][\w-]*(?:\.[\w-]+|\[\d+\])*$/.test(raw) && !/^(?:true|false|nil|null|empty)$/.test(raw)) {
      try {
        const found = yield new Value(raw, run.engine).value(ctx, true);
        if (found !== undefined && found !== null) value = found;
      } catch {
        // not a variable: the word itself
      }
    }
    const str = typeof value === 'object' ? JSON.stringify(value) : String(value);
    if (m[1]) named[m[1]] = str;
    else args.push(str);
  }
  return { args, named };
}

/**
 * Runs a tag's own work, moving a failure in what it parsed itself (its
 * arguments) onto the tag, so that the tag is what is left as text; failures
 * of tags inside it keep their own place.
 */
export function* onTag<T>(tag: Tag, work: Generator<unknown, T, unknown>): Generator<unknown, T, unknown> {
  try {
    return yield* work;
  } catch (error) {
    if (LiquidError.is(error) && error.token.input === tag.token.input) throw error;
    throw new RenderError(error instanceof Error ? error : new Error(String(error)), tag);
  }
}

/** The templates of a block tag up to its end tag, and the end tag. */
export function parseUntil(
  token: TagToken,
  remainTokens: TopLevelToken[],
  parser: Parser,
  endName: string,
): { templates: Template[]; end?: TagToken } {
  const templates: Template[] = [];
  let end: TagToken | undefined;
  const stream = parser
    .parseStream(remainTokens)
    .on(`tag:${endName}`, (t: TagToken) => {
      end = t;
      stream.stop();
    })
    .on('template', (tpl: Template) => templates.push(tpl))
    .on('end', () => {
      throw new Error(`tag ${token.getText()} not closed`);
    });
  stream.start();
  return { templates, end };
}

/** Whether a tag is the first thing on its line. */
export function startsLine(token: TagToken): boolean {
  const lineStart = token.input.lastIndexOf('\n', token.begin - 1) + 1;
  return token.input.slice(lineStart, token.begin).trim() === '';
}
