// Shortcodes and tags rendered from Eta templates: NAME.eta in the project's
// templates/shortcodes/ wins over postbound's own in templates/shortcodes/, so
// a writer handles a theme's include or shortcode without editing the posts.
import { readFileSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { Eta } from 'eta';
import type { Root as HastRoot } from 'hast';
import { toHtml } from 'hast-util-to-html';
import type { Root as MdastRoot } from 'mdast';
import { toString as mdastToString } from 'mdast-util-to-string';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { PACKAGE_TEMPLATES } from '../../templates/engine.ts';

/** postbound's own shortcode templates. */
export const BUILTIN_SHORTCODES = join(PACKAGE_TEMPLATES, 'shortcodes');

/** The folders a project's shortcodes come from, first wins: its own templates/shortcodes/, then postbound's. */
export function shortcodeDirs(root: string): string[] {
  const own = resolve(root, 'templates', 'shortcodes');
  return own === BUILTIN_SHORTCODES ? [own] : [own, BUILTIN_SHORTCODES];
}

/** What a shortcode template gets as `it`. */
export interface ShortcodeCall {
  /** The shortcode's or tag's name, e.g. `figure`. */
  name: string;
  /** Positional arguments, as strings. */
  args: string[];
  /** Named arguments (`src="x.png"`, `caption: "…"`), as strings. */
  named: Record<string, string>;
  /** The content between an opening and a closing tag ('' for a single tag), as written (nested tags expanded). */
  inner: string;
  /**
   * `inner` on lines of its own after a blank line when the tag is a block, so
   * that its markdown renders inside the HTML around it (an HTML line ends at a
   * blank line; the closing tag on the next line needs none).
   */
  innerMarkdown: string;
  page: Record<string, unknown>;
  site: Record<string, unknown>;
  /** The site's base path, '/' or '/blog/'. */
  basePath: string;
}

export interface ShortcodeTemplate {
  name: string;
  path: string;
  /** The writer's own template, not one shipped with postbound. */
  own: boolean;
}

const NAME = /^[\w-]+(?:[./][\w-]+)*$/;

export class ShortcodeFiles {
  private readonly eta: Eta;
  private readonly compiled = new Map<string, { mtime: number; fn: ReturnType<Eta['compile']> }>();

  constructor(private readonly dirs: string[]) {
    // autoEscape: arguments are text; a template prints markup with `<%~ %>`
    this.eta = new Eta({ views: dirs[0] ?? BUILTIN_SHORTCODES, autoEscape: true, autoTrim: false, cache: false });
    // `<%~ include('youtube', it) %>` finds another shortcode template the same way
    this.eta.resolvePath = (name: string) => {
      const found = this.find(name.replace(/\.eta$/, ''));
      if (!found) throw new Error(`no shortcode template ${name}.eta in ${this.dirs.join(' or ')}`);
      return found.path;
    };
    this.eta.readFile = (path: string) => readFileSync(path, 'utf8');
  }

  /** The template for `name`, or undefined when no folder has NAME.eta. */
  find(name: string): ShortcodeTemplate | undefined {
    if (!NAME.test(name)) return undefined;
    for (const dir of this.dirs) {
      const path = join(dir, `${name}.eta`);
      if (mtimeOf(path) !== undefined) return { name, path, own: !path.startsWith(BUILTIN_SHORTCODES + sep) };
    }
    return undefined;
  }

  /** Renders `template` with `call` as `it` (plus `it.inline(md)` and `it.plain(md)`); throws what the template throws. */
  render(template: ShortcodeTemplate, call: ShortcodeCall): string {
    const mtime = mtimeOf(template.path) ?? 0;
    let cached = this.compiled.get(template.path);
    if (!cached || cached.mtime !== mtime) {
      cached = { mtime, fn: this.eta.compile(readFileSync(template.path, 'utf8')) };
      this.compiled.set(template.path, cached);
    }
    const out = this.eta.render(cached.fn, { ...call, inline: inlineMarkdown, plain: plainText });
    // a template file ends with a newline the post did not have
    return out.replace(/\n+$/, '');
  }
}

function mtimeOf(path: string): number | undefined {
  try {
    const stat = statSync(path);
    return stat.isFile() ? stat.mtimeMs : undefined;
  } catch {
    return undefined;
  }
}

const instances = new Map<string, ShortcodeFiles>();

/** One ShortcodeFiles per list of folders, so compiled templates are kept between posts. */
export function shortcodeFiles(dirs: string[]): ShortcodeFiles {
  const key = dirs.join('\0');
  let files = instances.get(key);
  if (!files) {
    files = new ShortcodeFiles(dirs);
    instances.set(key, files);
  }
  return files;
}

const inlineProcessor = unified().use(remarkParse).use(remarkRehype);

/** Inline markdown (a caption: `Photo by [Ann](https://…)`) as HTML; raw HTML in it is dropped. */
export function inlineMarkdown(markdown: string): string {
  const hast = inlineProcessor.runSync(inlineProcessor.parse(markdown)) as HastRoot;
  const content = hast.children.filter((c) => !(c.type === 'text' && c.value.trim() === ''));
  const only = content.length === 1 ? content[0] : undefined;
  const nodes = only?.type === 'element' && only.tagName === 'p' ? only.children : hast.children;
  return toHtml({ type: 'root', children: nodes });
}

/** Inline markdown as plain text (an alt text made from a caption). */
export function plainText(markdown: string): string {
  return mdastToString(inlineProcessor.parse(markdown) as MdastRoot).trim();
}
