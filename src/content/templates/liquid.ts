// Liquid in Jekyll and Eleventy posts, rendered with liquidjs as those
// generators do (Liquid first, then markdown), with the tags and filters they
// add. A tag that fails (a theme's include that is not in the project, a syntax
// error) is reported where it is and left as text, and the rest of the post is
// rendered: the body is rendered again with that tag made literal.
// https://jekyllrb.com/docs/liquid/ and https://www.11ty.dev/docs/languages/liquid/
//
// This module holds the run and its failure recovery; the tags are in
// liquid-tags.ts and liquid-shortcodes.ts, the filters in liquid-filters.ts,
// the hiding of what Liquid must not read and the text of failures in liquid-text.ts.
import { join, relative } from 'node:path';
import { Liquid, type LiquidError, RenderError, type TagToken, TokenizationError } from 'liquidjs';
import { type ContentMessageId, report } from '../messages.ts';
import type { Expansion, TemplateContext } from './context.ts';
import { registerFilters } from './liquid-filters.ts';
import { shortcodeTag } from './liquid-shortcodes.ts';
import { MissingInclude, registerTags } from './liquid-tags.ts';
import {
  chain,
  cleanMessage,
  delimited,
  flatten,
  hide,
  LITERAL_CLOSE,
  LITERAL_FILL,
  LITERAL_OPEN,
  messageOf,
  shortTag,
  unhide,
} from './liquid-text.ts';
import { type LineIndex, LineIndex as Lines, protect, type Range } from './regions.ts';
import { type ShortcodeFiles, shortcodeFiles } from './shortcode-files.ts';

/** How often a body is rendered again after a failing tag, at most. */
const MAX_ATTEMPTS = 30;

export async function expandLiquid(body: string, ctx: TemplateContext): Promise<Expansion> {
  const run = new LiquidRun(body, ctx);
  return { marked: await run.render() };
}

/** One post's render: its engine, tags and filters, and the attempts that leave failing tags as text. */
export class LiquidRun {
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
    registerFilters(this.engine, this.ctx);
    registerTags(this);
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
      this.engine.registerTag(unknownTag, shortcodeTag(this, unknownTag, false));
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
}
