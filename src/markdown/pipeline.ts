// One unified pipeline per post: markdown → mdast → hast, run once. Raw HTML is
// parsed into the same tree and cleaned here, so every target gets a safe tree.
import type { Root } from 'hast';
import type { Root as MdastRoot } from 'mdast';
import rehypeParse from 'rehype-parse';
import rehypeSanitize, { defaultSchema, type Options as SanitizeSchema } from 'rehype-sanitize';
import rehypeSlug from 'rehype-slug';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { type Processor, unified } from 'unified';
import type { Point } from 'unist';
import type { VFile } from 'vfile';
import { report } from '../content/messages.ts';
import { collect, type References } from './plugins/collect.ts';
import { figures } from './plugins/figures.ts';
import { highlightCode } from './plugins/highlight.ts';
import { kramdownAttributes } from './plugins/kramdown-attributes.ts';
import { pictures } from './plugins/pictures.ts';
import { rawHtml } from './plugins/raw.ts';
import { reportUnsafeHtml } from './plugins/report-unsafe.ts';
import { remarkSmartQuotes } from './plugins/smartypants.ts';
import { spacedDestinations } from './plugins/spaced-destinations.ts';
import { DEFAULT_SETTINGS, type MarkdownSettings } from './settings.ts';
import { guarded, type LoadedPlugin, loadPlugins, PluginFailure } from './user-plugins.ts';

// front matter text is educated by the loader without loading this pipeline
export { smartText } from './plugins/smartypants.ts';
export type { MarkdownSettings } from './settings.ts';

// Attributes GitHub allows on `tag` with `className` free: GitHub allows only one
// class on a, h2, li, ol, ul and section, which would drop kramdown's `{: .class}`.
function anyClass(tag: string): NonNullable<SanitizeSchema['attributes']>[string] {
  const own = (defaultSchema.attributes?.[tag] ?? []).filter((a) => !(Array.isArray(a) && a[0] === 'className'));
  return [...own, 'className'];
}

// GitHub's schema, plus the elements a book needs, and ids left as written
// (postbound prefixes ids itself where targets merge posts into one document).
const schema: SanitizeSchema = {
  ...defaultSchema,
  clobberPrefix: '',
  tagNames: [...(defaultSchema.tagNames ?? []), 'figure', 'figcaption', 'mark', 'abbr', 'cite', 'small', 'u', 'aside'],
  attributes: {
    ...defaultSchema.attributes,
    '*': [...(defaultSchema.attributes?.['*'] ?? []), 'lang', 'className'],
    a: [...anyClass('a'), 'id'],
    li: [...anyClass('li'), 'id'],
    ol: anyClass('ol'),
    ul: anyClass('ul'),
    h2: anyClass('h2'),
    section: anyClass('section'),
    img: [...(defaultSchema.attributes?.img ?? []), 'srcSet', 'sizes'],
    // math-inline and math-display: remark-math's marks, that rehype-katex looks for
    code: [['className', /^language-/, /^math-(inline|display)$/]],
    td: ['align', 'style'],
    th: ['align', 'style'],
  },
  protocols: { ...defaultSchema.protocols, href: ['http', 'https', 'mailto'] },
};

interface Renderer {
  markdown: Processor<MdastRoot, MdastRoot, Root>;
  html: Processor<Root, Root, Root>;
}

/** The steps after the tree is clean: the writer's rehype plugins, then highlighting. */
function finish(processor: Processor<never, never, never>, settings: MarkdownSettings, loaded: LoadedPlugin[]) {
  for (const p of loaded.filter((l) => l.ref.kind === 'rehype')) processor.use(guarded(p));
  if (settings.highlight) processor.use(highlightCode, settings.highlight);
}

async function makeRenderer(settings: MarkdownSettings): Promise<Renderer> {
  const loaded = await loadPlugins(settings.plugins);
  const markdown = unified()
    .use(remarkParse)
    .use(remarkGfm)
    // before the attribute lists, so that `![a](My Scan.jpg){: .right}` gets its class
    .use(spacedDestinations)
    // before smart quotes, which would curl the quotes of `{: title="…"}`
    .use(kramdownAttributes)
    .use(remarkSmartQuotes);
  // the writer's remark plugins see the tree as written, with GFM; what they
  // make is cleaned with the raw HTML of the post
  for (const p of loaded.filter((l) => l.ref.kind === 'remark')) markdown.use(guarded(p));
  markdown
    .use(remarkRehype, {
      allowDangerousHtml: true,
      clobberPrefix: '',
      footnoteLabel: 'Notes',
      footnoteBackLabel: (i) => `Back to reference ${i + 1}`,
    })
    .use(rawHtml)
    .use(reportUnsafeHtml)
    .use(rehypeSanitize, schema)
    .use(pictures)
    .use(rehypeSlug)
    .use(figures);
  finish(markdown as never, settings, loaded);

  // Jekyll allows posts in HTML (a .html file with front matter): the same tree,
  // from an HTML parser instead of markdown, cleaned and marked the same way.
  const html = unified()
    .use(rehypeParse, { fragment: true })
    .use(reportUnsafeHtml)
    .use(rehypeSanitize, schema)
    .use(pictures)
    .use(rehypeSlug)
    .use(figures);
  finish(html as never, settings, loaded);
  return { markdown: markdown as never, html: html as never };
}

// one renderer per settings in a process: the plugins imported and the
// highlighter made once per build (and once per markdown worker)
const renderers = new Map<string, Promise<Renderer>>();

function rendererFor(settings: MarkdownSettings): Promise<Renderer> {
  const key = JSON.stringify(settings);
  const known = renderers.get(key);
  if (known) return known;
  const made = makeRenderer(settings);
  renderers.set(key, made);
  return made;
}

export interface RenderedMarkdown extends References {
  hast: Root;
  /**
   * The body could not be read (a plugin failed on it, or it nests too deep):
   * its tree is left empty, so its headings are unknown and a link into it
   * is not checked against them (the post's own error says what is wrong).
   */
  unread?: true;
}

/**
 * Renders the markdown in `file` (front matter already blanked out, so positions
 * match the file on disk). Messages go on `file`.
 */
export async function renderMarkdown(file: VFile, settings: MarkdownSettings = DEFAULT_SETTINGS): Promise<RenderedMarkdown> {
  const renderer = await rendererFor(settings);
  const processor = (/\.html?$/i.test(file.path) ? renderer.html : renderer.markdown) as Processor<never, never, never>;
  let hast: Root;
  try {
    hast = (await processor.run(processor.parse(file) as never, file)) as Root;
  } catch (error) {
    if (!(error instanceof PluginFailure)) throw error;
    // the post is left empty: the build stops on the error, and nothing else follows from it
    const at = placeOfFailure(error.error, file);
    report(file, 'plugin-failed', `The ${error.message}`, { start: at, end: at });
    const empty: Root = { type: 'root', children: [] };
    return { hast: empty, ...collect(empty), unread: true };
  }
  return { hast, ...collect(hast) };
}

/** Where a plugin's error points, when it says (a VFileMessage, a parse error with a line), else the body's first line. */
function placeOfFailure(error: unknown, file: VFile): Point {
  const e = error as { line?: unknown; column?: unknown; place?: { line?: number; column?: number; start?: Point } };
  if (e?.place && 'start' in e.place && e.place.start) return e.place.start;
  if (e?.place && typeof e.place.line === 'number') return { line: e.place.line, column: e.place.column ?? 1 };
  if (typeof e?.line === 'number') return { line: e.line, column: typeof e.column === 'number' ? e.column : 1 };
  const text = String(file.value);
  const offset = text.search(/\S/);
  const before = text.slice(0, Math.max(offset, 0));
  const line = before.split('\n').length;
  return { line, column: before.length - before.lastIndexOf('\n') };
}
