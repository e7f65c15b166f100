// Liquid in Jekyll and Eleventy posts, rendered with liquidjs as those
// generators do (Liquid first, then markdown), with the tags and filters they
// add. A tag that fails (a theme's include that is not in the project, a syntax
// error) is reported where it is and left as text, and the rest of the post is
// rendered: the body is rendered again with that tag made literal.
// https://jekyllrb.com/docs/liquid/ and https://www.11ty.dev/docs/languages/liquid/
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import {
  AssignTag,
  CommentTag,
  type Context,
  type Emitter,
  IncludeTag,
  Liquid,
  LiquidError,
  type Parser,
  RawTag,
  RenderError,
  Tag,
  type TagToken,
  type Template,
  TokenizationError,
  type TopLevelToken,
  Value,
} from 'liquidjs';
import { type ContentMessageId, report } from '../messages.ts';
import type { Expansion, TemplateContext } from './context.ts';
import { fence } from './hugo.ts';
import { codeRanges, type LineIndex, LineIndex as Lines, protect, type Range } from './regions.ts';
import { type ShortcodeCall, type ShortcodeFiles, shortcodeFiles } from './shortcode-files.ts';

// Characters no post holds (Unicode noncharacters), used while Liquid runs:
/** stands for the `{` of a `{{` or `{%` that Liquid must not see (in code, or a Hugo shortcode) */
const HIDDEN_BRACE = '\uFDD2';
/** fills a `{% raw %}` marker inside code, removed afterwards */
const DROPPED = '\uFDD3';
/** opens, closes and fills a placeholder for a tag left as text */
const LITERAL_OPEN = '\uFDD4';
const LITERAL_CLOSE = '\uFDD5';
const LITERAL_FILL = '\uFDD6';

type TagClass = new (token: TagToken, remainTokens: TopLevelToken[], liquid: Liquid, parser: Parser) => Tag;

/** How often a body is rendered again after a failing tag, at most. */
const MAX_ATTEMPTS = 30;

class MissingInclude extends Error {
  constructor(
    readonly include: string,
    readonly folder: string,
  ) {
    super(`no ${include} in ${folder}`);
  }
}

class IncludeFailed extends Error {
  constructor(
    readonly include: string,
    readonly inner: unknown,
  ) {
    super(`${include}: ${messageOf(inner)}`);
  }
}

export async function expandLiquid(body: string, ctx: TemplateContext): Promise<Expansion> {
  const run = new LiquidRun(body, ctx);
  return { marked: await run.render() };
}

class LiquidRun {
  readonly jekyll: boolean;
  readonly engine: Liquid;
  readonly files: ShortcodeFiles;
  readonly includesDir: string;
  readonly lines: LineIndex;
  /** The body as Liquid sees it: code hidden, failed tags made literal. */
  source: string;
  /** The source of the current attempt, which token offsets refer to. */
  private parsed = '';
  /** Include tags being rendered, outermost first: messages from inside an include point at it. */
  readonly includeStack: TagToken[] = [];
  private readonly literals = new Map<string, string>();
  private readonly reported = new Set<string>();

  constructor(
    body: string,
    readonly ctx: TemplateContext,
  ) {
    this.jekyll = ctx.generator === 'jekyll';
    this.lines = new Lines(body);
    this.files = shortcodeFiles(ctx.shortcodeDirs);
    this.includesDir = ctx.includes ?? join(ctx.root, '_includes');
    this.source = hide(body, ctx);
    this.engine = new Liquid({
      root: [this.includesDir],
      partials: [this.includesDir],
      layouts: [this.includesDir],
      jekyllInclude: this.jekyll,
      // Jekyll names an include as written (`{% include figure.html %}`), Eleventy quotes it
      dynamicPartials: !this.jekyll,
      extname: this.jekyll ? '' : '.liquid',
      strictFilters: true,
      catchAllErrors: true,
      ownPropertyOnly: true,
      // dates in front matter are days, read and printed in UTC so a build does not depend on the machine
      timezoneOffset: 0,
      cache: true,
      renderLimit: 10_000,
    });
    this.registerFilters();
    this.registerTags();
  }

  async render(): Promise<string> {
    const scope = this.scope();
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      this.parsed = this.source;
      try {
        const templates = this.engine.parse(this.source);
        const out = (await this.engine.render(templates, scope)) as string;
        return this.finish(out);
      } catch (error) {
        const failures = flatten(error).sort((a, b) => (b.token?.begin ?? 0) - (a.token?.begin ?? 0));
        let handled = false;
        const seen = new Set<number>();
        for (const failure of failures) {
          if (seen.has(failure.token?.begin ?? -1)) continue;
          seen.add(failure.token?.begin ?? -1);
          handled = this.handle(failure) || handled;
        }
        if (!handled) break;
      }
    }
    report(
      this.ctx.file,
      'template-error',
      'Liquid could not render this post; it is kept as written, with its template tags unexpanded',
      undefined,
      'warning',
    );
    return this.finish(this.source);
  }

  /** Deals with one failure so that the next attempt gets further; false when it cannot. */
  private handle(failure: LiquidError): boolean {
    const causes = chain(failure);
    const text = causes.map(messageOf).join('\n');
    const missing = causes.find((c): c is MissingInclude => c instanceof MissingInclude);
    const token = this.inSource(failure.token) ? failure.token : undefined;
    if (missing && token) {
      const tag = shortTag(token.getText());
      this.report(
        'missing-include',
        token,
        `\`${tag}\`: no ${missing.include} in ${missing.folder} (a theme's include is not part of the project); the tag is left as text`,
      );
      this.makeLiteral(token.begin, token.end);
      return true;
    }
    const filter = /undefined filter: ([\w-]+)/.exec(text)?.[1];
    if (filter && !this.engine.filters[filter]) {
      this.engine.registerFilter(filter, (value: unknown) => value);
      this.report(
        'template-error',
        failure.token,
        `\`| ${filter}\` is a Liquid filter postbound does not know: the value is printed unfiltered`,
      );
      return true;
    }
    const unknownTag = /tag "([\w-]+)" not found/.exec(text)?.[1];
    if (unknownTag && !this.engine.tags[unknownTag] && !/^end/.test(unknownTag)) {
      this.engine.registerTag(unknownTag, this.shortcodeTag(unknownTag, false));
      return true;
    }
    if (!token) return false;
    // the tag or output the failure is in, as liquidjs read it: an opening
    // delimiter whose closing one comes only after another tag is a stray one
    const [start, end] = delimited(this.parsed, token.begin) ?? [token.begin, token.end];
    const stray = failure instanceof TokenizationError && /not closed/.test(failure.message);
    // (a tag may hold `{{ }}` in its arguments, an output holds no other tag)
    const opener = this.parsed[start + 1] === '%' ? /\{%/ : /\{[{%]/;
    const literalEnd = stray || opener.test(this.parsed.slice(start + 2, end)) ? start + 2 : end;
    if (this.parsed.slice(start, literalEnd).includes(LITERAL_OPEN)) return false;
    this.report(
      'template-error',
      token,
      `Liquid could not ${failure instanceof RenderError ? 'render' : 'read'} \`${shortTag(this.parsed.slice(start, literalEnd))}\`: ${cleanMessage(text)}; it is left as text`,
      'warning',
      [start, literalEnd],
    );
    this.makeLiteral(start, literalEnd);
    return true;
  }

  private inSource(token: TagToken | LiquidError['token'] | undefined): token is LiquidError['token'] {
    return token !== undefined && token.input === this.parsed && token.file === undefined;
  }

  /** Replaces `[start, end)` of the source with a placeholder of the same shape, restored as literal text. */
  private makeLiteral(start: number, end: number): void {
    const literal = this.source.slice(start, end);
    const id = `${LITERAL_OPEN}${this.literals.size}${LITERAL_CLOSE}`;
    const [first, ...rest] = literal.split('\n');
    const placeholder = [
      id + LITERAL_FILL.repeat(Math.max(0, first.length - id.length)),
      ...rest.map((line) => LITERAL_FILL.repeat(line.length)),
    ].join('\n');
    this.literals.set(placeholder, literal);
    this.source = this.source.slice(0, start) + placeholder + this.source.slice(end);
  }

  private finish(out: string): string {
    let text = out;
    // latest first: a later literal may hold an earlier one's placeholder
    for (const [placeholder, literal] of [...this.literals].reverse()) {
      text = text.split(placeholder).join(protect(unhide(literal)));
    }
    return unhide(text);
  }

  /** Reports once per place and message; a message from inside an include points at the include. */
  report(
    id: ContentMessageId,
    token: LiquidError['token'] | undefined,
    reason: string,
    severity: 'warning' | 'error' = 'warning',
    range?: Range,
  ) {
    const key = `${id}\0${token?.file ?? ''}\0${range?.[0] ?? token?.begin ?? ''}\0${reason}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    const outer = this.inSource(token) ? token : this.includeStack[0];
    const where = token?.file ? ` (in ${relative(this.ctx.root, token.file)})` : '';
    const [start, end] = range ?? (outer ? [outer.begin, outer.end] : []);
    const place = start !== undefined && end !== undefined ? this.lines.position(start, end) : undefined;
    report(this.ctx.file, id, reason + where, place, severity);
  }

  private scope(): Record<string, unknown> {
    const { site, page } = this.ctx;
    if (this.jekyll) return { site, page, jekyll: { environment: 'production' } };
    // Eleventy: global data and the post's own data at the top, `page` for url, date and fileSlug
    return { ...site, ...page, page: { ...page, fileSlug: page.slug } };
  }

  private registerFilters(): void {
    const { basePath, site, lookup } = this.ctx;
    const relativeUrl = (input: unknown) => withBase(basePath, String(input ?? ''));
    const identity = (input: unknown) => input;
    this.engine.registerFilter('relative_url', relativeUrl);
    this.engine.registerFilter('absolute_url', (input: unknown) => {
      const url = relativeUrl(input);
      if (/^[a-z][a-z\d+.-]*:|^\/\//i.test(url)) return url;
      return String(site.url ?? '').replace(/\/+$/, '') + url;
    });
    this.engine.registerFilter('url', relativeUrl);
    // markdown in a value is rendered with the rest of the post
    this.engine.registerFilter('markdownify', identity);
    this.engine.registerFilter('smartify', identity);
    this.engine.registerFilter('safe', identity);
    this.engine.registerFilter('log', identity);
    this.engine.registerFilter('slug', this.engine.filters.slugify);
    this.engine.registerFilter('inputPathToUrl', (input: unknown) => lookup.postUrl(String(input ?? ''), 'link') ?? input);
  }

  private registerTags(): void {
    const include = this.includeTag();
    this.engine.registerTag('include', include);
    this.engine.registerTag('raw', ProtectedRaw);
    this.engine.registerTag('comment', LineKeepingComment);
    this.engine.registerTag('highlight', this.highlightTag());
    this.engine.registerTag('post_url', this.linkTag('post_url'));
    this.engine.registerTag('link', this.linkTag('link'));
    if (this.jekyll) {
      this.engine.registerTag('include_cached', include);
      this.engine.registerTag('include_relative', this.includeRelativeTag());
    } else {
      this.engine.registerTag('image', this.imageTag());
      // Nunjucks' `set` is Liquid's `assign`
      this.engine.registerTag('set', AssignTag);
    }
    // every other tag name is a shortcode: rendered from NAME.eta, or reported and left as written
    const names = new Set([...this.source.matchAll(/\{%-?\s*([A-Za-z_][\w-]*)/g)].map((m) => m[1]));
    for (const name of names) {
      if (this.engine.tags[name] || ['else', 'elsif', 'when'].includes(name)) continue;
      if (name.startsWith('end') && (names.has(name.slice(3)) || this.engine.tags[name.slice(3)])) continue;
      const paired = new RegExp(`\\{%-?\\s*end${name}\\s*-?%\\}`).test(this.source);
      this.engine.registerTag(name, this.shortcodeTag(name, paired));
    }
  }

  /** Liquid's include, which reports a missing file (or renders NAME.eta in its place) and any failure inside it at the tag. */
  private includeTag(): TagClass {
    const run = this;
    return class extends IncludeTag {
      override *render(ctx: Context, emitter: Emitter): Generator<unknown, void, unknown> {
        run.includeStack.push(this.token);
        try {
          yield* super.render(ctx, emitter);
        } catch (error) {
          const name = includeName(this.token.args);
          if (!/ENOENT|Failed to lookup/.test(messageOf(error))) throw new RenderError(new IncludeFailed(name, error), this);
          const template = run.files.find(name.replace(/\.[^./]+$/, ''));
          if (!template) throw new RenderError(new MissingInclude(name, relative(run.ctx.root, run.includesDir) || '.'), this);
          const args = this.token.args.trim();
          const { named } = yield* onTag(this, run.evalArgs(args.slice(args.indexOf(name) + name.length), ctx));
          emitter.write(run.renderShortcode(this.token, template.name, { args: [], named, inner: '' }));
        } finally {
          run.includeStack.pop();
        }
      }
    };
  }

  /** Jekyll's include_relative: a file next to the post. */
  private includeRelativeTag(): TagClass {
    const run = this;
    return class extends Tag {
      *render(ctx: Context, emitter: Emitter): Generator<unknown, void, unknown> {
        const args = this.token.args.trim();
        const name = includeName(args);
        const postDir = dirname(resolve(run.ctx.root, run.ctx.file.path));
        const path = resolve(postDir, name);
        const inside = path.startsWith(resolve(run.ctx.root) + sep);
        if (!inside || !existsSync(path)) {
          throw new RenderError(new MissingInclude(name, relative(run.ctx.root, postDir) || '.'), this);
        }
        const { named } = yield* run.evalArgs(args.slice(args.indexOf(name) + name.length), ctx);
        run.includeStack.push(this.token);
        try {
          const templates = this.liquid.parse(readFileSync(path, 'utf8'), path);
          ctx.push({ include: named });
          yield this.liquid.renderer.renderTemplates(templates, ctx, emitter);
          ctx.pop();
        } catch (error) {
          throw new RenderError(new IncludeFailed(name, error), this);
        } finally {
          run.includeStack.pop();
        }
      }
    };
  }

  /** `{% highlight ruby linenos %}…{% endhighlight %}` (Jekyll) or `{% highlight "js" %}` (Eleventy): a fenced code block. */
  private highlightTag(): TagClass {
    const run = this;
    return class extends Tag {
      private readonly templates: Template[];
      private readonly lang: string;

      constructor(token: TagToken, remainTokens: TopLevelToken[], liquid: Liquid, parser: Parser) {
        super(token, remainTokens, liquid);
        this.templates = parseUntil(token, remainTokens, parser, 'endhighlight').templates;
        this.lang =
          token.args
            .trim()
            .replace(/^["']|["']$/g, '')
            .split(/[\s"']/)[0] ?? '';
      }

      *render(ctx: Context, emitter: Emitter): Generator<unknown, void, unknown> {
        const template = run.files.find('highlight');
        const code = (yield this.liquid.renderer.renderTemplates(this.templates, ctx)) as string;
        if (template?.own) {
          emitter.write(run.renderShortcode(this.token, 'highlight', { args: [this.lang], named: {}, inner: code }));
          return;
        }
        emitter.write(fence(this.lang, code, startsLine(this.token)));
      }
    };
  }

  /** `{% post_url 2019-02-28-first-part %}` and `{% link _posts/2019-02-28-first-part.md %}`. */
  private linkTag(kind: 'post_url' | 'link'): TagClass {
    const run = this;
    return class extends Tag {
      *render(ctx: Context, emitter: Emitter): Generator<unknown, void, unknown> {
        yield* onTag(this, this.expand(ctx, emitter));
      }

      *expand(ctx: Context, emitter: Emitter): Generator<unknown, void, unknown> {
        let ref = this.token.args.trim();
        if (ref.includes('{{')) ref = (yield this.liquid.renderer.renderTemplates(this.liquid.parse(ref), ctx)) as string;
        ref = ref.trim().replace(/^(["'])(.*)\1$/, '$2');
        const url = run.ctx.lookup.postUrl(ref, kind);
        if (url !== undefined) {
          emitter.write(url);
          return;
        }
        run.report(
          'missing-link-target',
          this.token,
          `\`${shortTag(this.token.getText())}\` links to a post that does not exist`,
          'error',
        );
        emitter.write(protect(unhide(this.token.getText())));
      }
    };
  }

  /** Eleventy Image's `{% image "cat.jpg", "A cat" %}`: a markdown image, its address as written. */
  private imageTag(): TagClass {
    const run = this;
    return class extends Tag {
      *render(ctx: Context, emitter: Emitter): Generator<unknown, void, unknown> {
        yield* onTag(this, this.expand(ctx, emitter));
      }

      *expand(ctx: Context, emitter: Emitter): Generator<unknown, void, unknown> {
        const { args, named } = yield* run.evalArgs(this.token.args, ctx);
        if (run.files.find('image')?.own) {
          emitter.write(run.renderShortcode(this.token, 'image', { args, named, inner: '' }));
          return;
        }
        const src = args[0] ?? named.src ?? '';
        const alt = (args[1] ?? named.alt ?? '').replace(/[[\]\\]/g, '\\$&');
        emitter.write(`![${alt}](${/[\s()<>]/.test(src) ? `<${src}>` : src})`);
      }
    };
  }

  /** Any other tag: NAME.eta renders it, with the content of `{% NAME %}…{% endNAME %}` as `it.inner`. */
  shortcodeTag(name: string, paired: boolean): TagClass {
    const run = this;
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
        const { args, named } = yield* run.evalArgs(this.token.args, ctx);
        emitter.write(run.renderShortcode(this.token, name, { args, named, inner }));
      }
    };
  }

  renderShortcode(token: TagToken, name: string, call: Pick<ShortcodeCall, 'args' | 'named' | 'inner'>): string {
    const template = this.files.find(name);
    if (!template) return protect(unhide(token.getText()));
    const trimmed = call.inner.replace(/^[ \t]*\n/, '').replace(/\n[ \t]*$/, '');
    const block = startsLine(token) && call.inner.includes('\n');
    const { site, page, basePath } = this.ctx;
    try {
      return this.files.render(template, {
        name,
        ...call,
        inner: trimmed,
        innerMarkdown: block ? `\n\n${trimmed.trim()}\n` : trimmed.trim(),
        page,
        site,
        basePath,
      });
    } catch (error) {
      this.report(
        'template-error',
        token,
        `The template ${relative(this.ctx.root, template.path)} failed on \`${shortTag(token.getText())}\`: ${messageOf(error)}; the tag is left as text`,
      );
      return protect(unhide(token.getText()));
    }
  }

  /**
   * A tag's arguments as a shortcode gets them: `"quoted"`, `'quoted'` or bare,
   * positional or named (`key=value`, `key: value`), separated by spaces or
   * commas; a bare name that is a variable (`page.image`) stands for its value.
   */
  *evalArgs(text: string, ctx: Context): Generator<unknown, { args: string[]; named: Record<string, string> }, unknown> {
    let markup = text;
    // Jekyll plugins render `{{ }}` in their arguments first
    if (markup.includes('{{')) markup = (yield this.engine.renderer.renderTemplates(this.engine.parse(markup), ctx)) as string;
    const args: string[] = [];
    const named: Record<string, string> = {};
    const pattern = /(?:([\w-]+)\s*(?:=|:(?!\/\/))\s*)?("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[^\s,"']+)/g;
    for (const m of markup.matchAll(pattern)) {
      const raw = m[2];
      let value: unknown = raw;
      if (/^["']/.test(raw)) value = raw.slice(1, -1).replace(/\\(.)/g, '$1');
      else if (/^[A-Za-z_][\w-]*(?:\.[\w-]+|\[\d+\])*$/.test(raw) && !/^(?:true|false|nil|null|empty)$/.test(raw)) {
        try {
          const found = yield new Value(raw, this.engine).value(ctx, true);
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
}

/**
 * Runs a tag's own work, moving a failure in what it parsed itself (its
 * arguments) onto the tag, so that the tag is what is left as text; failures
 * of tags inside it keep their own place.
 */
function* onTag<T>(tag: Tag, work: Generator<unknown, T, unknown>): Generator<unknown, T, unknown> {
  try {
    return yield* work;
  } catch (error) {
    if (LiquidError.is(error) && error.token.input === tag.token.input) throw error;
    throw new RenderError(error instanceof Error ? error : new Error(String(error)), tag);
  }
}

/** `{% raw %}` output is literal on purpose: the leftover scan passes over it. */
class ProtectedRaw extends RawTag {
  override render(): string {
    return protect(super.render());
  }
}

/** `{% comment %}` prints the line breaks it held, so later lines keep their numbers. */
class LineKeepingComment extends CommentTag {
  private readonly breaks: number;

  constructor(token: TagToken, remainTokens: TopLevelToken[], liquid: Liquid) {
    const end = remainTokens.find((t) => (t as TagToken).name === 'endcomment');
    const breaks = end ? (token.input.slice(token.begin, end.end).match(/\n/g)?.length ?? 0) : 0;
    super(token, remainTokens, liquid);
    this.breaks = breaks;
  }

  override render(): string {
    return '\n'.repeat(this.breaks);
  }
}

function parseUntil(
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

/**
 * The body with the `{` of every `{{` and `{%` that Liquid must not read made
 * another character: Hugo shortcodes (`{{< x >}}` would parse as a comparison),
 * and for Eleventy whatever is in code; there a `{% raw %}` marker is dropped.
 */
function hide(body: string, ctx: TemplateContext): string {
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

/** The `{{ … }}` or `{% … %}` that `offset` is in, read as Liquid reads them: each to the first closing delimiter. */
function delimited(source: string, offset: number): Range | undefined {
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

function unhide(text: string): string {
  return text.replaceAll(HIDDEN_BRACE, '{').replaceAll(DROPPED, '');
}

function withBase(basePath: string, url: string): string {
  if (/^[a-z][a-z\d+.-]*:|^\/\/|^#/i.test(url)) return url;
  return `${basePath.replace(/\/+$/, '')}/${url.replace(/^\/+/, '')}`;
}

function startsLine(token: TagToken): boolean {
  const lineStart = token.input.lastIndexOf('\n', token.begin - 1) + 1;
  return token.input.slice(lineStart, token.begin).trim() === '';
}

function includeName(args: string): string {
  const first = args.trim().match(/^(["'])(.*?)\1|^\S+/);
  return first ? (first[2] ?? first[0]) : '';
}

function shortTag(text: string): string {
  const flat = unhide(text).replace(/\s+/g, ' ').trim();
  return flat.length > 70 ? `${flat.slice(0, 69)}…` : flat;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A liquidjs message without the place it appends (the place is on the message already). */
function cleanMessage(text: string): string {
  return (
    text
      .split('\n')
      .at(-1)
      ?.replace(/(?:, file:\S+)?(?:, line:\d+, col:\d+)$/, '') ?? text
  );
}

/** The single failures in what liquidjs threw (with catchAllErrors, lists of lists). */
function flatten(error: unknown): LiquidError[] {
  if (!LiquidError.is(error)) return [];
  const list = (error as { errors?: unknown[] }).errors;
  return Array.isArray(list) ? list.flatMap(flatten) : [error];
}

/** An error and the errors it wraps. */
function chain(error: unknown): unknown[] {
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
