// The tags Jekyll and Eleventy add to Liquid, as postbound renders them:
// include (and include_cached) with failures reported at the tag,
// include_relative, highlight, post_url and link, Eleventy Image's image,
// Nunjucks' set, raw and comment; every other tag is a shortcode.
// https://jekyllrb.com/docs/liquid/tags/ and https://www.11ty.dev/docs/languages/liquid/
import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import {
  AssignTag,
  CommentTag,
  type Context,
  type Emitter,
  IncludeTag,
  type Liquid,
  type Parser,
  RawTag,
  RenderError,
  Tag,
  type TagToken,
  type Template,
  type TopLevelToken,
} from 'liquidjs';
import { fence } from './hugo.ts';
import type { LiquidRun } from './liquid.ts';
import { evalArgs, onTag, parseUntil, renderShortcode, shortcodeTag, startsLine, type TagClass } from './liquid-shortcodes.ts';
import { messageOf, shortTag, unhide } from './liquid-text.ts';
import { protect } from './regions.ts';

/** An include that is neither in the project nor a NAME.eta: the run leaves the tag as text. */
export class MissingInclude extends Error {
  constructor(
    readonly include: string,
    readonly folder: string,
  ) {
    super(`no ${include} in ${folder}`);
  }
}

/** A failure inside an include, reported at the include tag. */
class IncludeFailed extends Error {
  constructor(
    readonly include: string,
    readonly inner: unknown,
  ) {
    super(`${include}: ${messageOf(inner)}`);
  }
}

/** Jekyll's or Eleventy's tags on the run's engine, and every other tag in the post as a shortcode. */
export function registerTags(run: LiquidRun): void {
  const include = includeTag(run);
  run.engine.registerTag('include', include);
  run.engine.registerTag('raw', ProtectedRaw);
  run.engine.registerTag('comment', LineKeepingComment);
  run.engine.registerTag('highlight', highlightTag(run));
  run.engine.registerTag('post_url', linkTag(run, 'post_url'));
  run.engine.registerTag('link', linkTag(run, 'link'));
  if (run.jekyll) {
    run.engine.registerTag('include_cached', include);
    run.engine.registerTag('include_relative', includeRelativeTag(run));
  } else {
    run.engine.registerTag('image', imageTag(run));
    // Nunjucks' `set` is Liquid's `assign`
    run.engine.registerTag('set', AssignTag);
  }
  // every other tag name is a shortcode: rendered from NAME.eta, or reported and left as written
  const names = new Set([...run.source.matchAll(/\{%-?\s*([A-Za-z_][\w-]*)/g)].map((m) => m[1]));
  for (const name of names) {
    if (run.engine.tags[name] || ['else', 'elsif', 'when'].includes(name)) continue;
    if (name.startsWith('end') && (names.has(name.slice(3)) || run.engine.tags[name.slice(3)])) continue;
    const paired = new RegExp(`\\{%-?\\s*end${name}\\s*-?%\\}`).test(run.source);
    run.engine.registerTag(name, shortcodeTag(run, name, paired));
  }
}

/** Liquid's include, which reports a missing file (or renders NAME.eta in its place) and any failure inside it at the tag. */
function includeTag(run: LiquidRun): TagClass {
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
        const { named } = yield* onTag(this, evalArgs(run, args.slice(args.indexOf(name) + name.length), ctx));
        emitter.write(renderShortcode(run, this.token, template.name, { args: [], named, inner: '' }));
      } finally {
        run.includeStack.pop();
      }
    }
  };
}

/** Jekyll's include_relative: a file next to the post. */
function includeRelativeTag(run: LiquidRun): TagClass {
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
      const { named } = yield* evalArgs(run, args.slice(args.indexOf(name) + name.length), ctx);
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
function highlightTag(run: LiquidRun): TagClass {
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
        emitter.write(renderShortcode(run, this.token, 'highlight', { args: [this.lang], named: {}, inner: code }));
        return;
      }
      emitter.write(fence(this.lang, code, startsLine(this.token)));
    }
  };
}

/** `{% post_url 2019-02-28-first-part %}` and `{% link _posts/2019-02-28-first-part.md %}`. */
function linkTag(run: LiquidRun, kind: 'post_url' | 'link'): TagClass {
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
function imageTag(run: LiquidRun): TagClass {
  return class extends Tag {
    *render(ctx: Context, emitter: Emitter): Generator<unknown, void, unknown> {
      yield* onTag(this, this.expand(ctx, emitter));
    }

    *expand(ctx: Context, emitter: Emitter): Generator<unknown, void, unknown> {
      const { args, named } = yield* evalArgs(run, this.token.args, ctx);
      if (run.files.find('image')?.own) {
        emitter.write(renderShortcode(run, this.token, 'image', { args, named, inner: '' }));
        return;
      }
      const src = args[0] ?? named.src ?? '';
      const alt = (args[1] ?? named.alt ?? '').replace(/[[\]\\]/g, '\\$&');
      emitter.write(`![${alt}](${/[\s()<>]/.test(src) ? `<${src}>` : src})`);
    }
  };
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

/** The file an include names, quoted or not. */
function includeName(args: string): string {
  const first = args.trim().match(/^(["'])(.*?)\1|^\S+/);
  return first ? (first[2] ?? first[0]) : '';
}
