// One unified pipeline per post: markdown → mdast → hast, run once. Raw HTML is
// parsed into the same tree and cleaned here, so every target gets a safe tree.
import type { Root } from 'hast';
import rehypeParse from 'rehype-parse';
import rehypeSanitize, { defaultSchema, type Options as SanitizeSchema } from 'rehype-sanitize';
import rehypeSlug from 'rehype-slug';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import type { VFile } from 'vfile';
import { collect, type References } from './plugins/collect.ts';
import { figures } from './plugins/figures.ts';
import { kramdownAttributes } from './plugins/kramdown-attributes.ts';
import { pictures } from './plugins/pictures.ts';
import { rawHtml } from './plugins/raw.ts';
import { reportUnsafeHtml } from './plugins/report-unsafe.ts';
import { remarkSmartQuotes } from './plugins/smartypants.ts';

// front matter text is educated by the loader without loading this pipeline
export { smartText } from './plugins/smartypants.ts';

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
  tagNames: [...(defaultSchema.tagNames ?? []), 'figure', 'figcaption', 'mark', 'abbr', 'cite', 'small', 'u'],
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
    code: [['className', /^language-/]],
    td: ['align', 'style'],
    th: ['align', 'style'],
  },
  protocols: { ...defaultSchema.protocols, href: ['http', 'https', 'mailto'] },
};

const processor = unified()
  .use(remarkParse)
  .use(remarkGfm)
  // before smart quotes, which would curl the quotes of `{: title="…"}`
  .use(kramdownAttributes)
  .use(remarkSmartQuotes)
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

// Jekyll allows posts in HTML (a .html file with front matter): the same tree,
// from an HTML parser instead of markdown, cleaned and marked the same way.
const htmlProcessor = unified()
  .use(rehypeParse, { fragment: true })
  .use(reportUnsafeHtml)
  .use(rehypeSanitize, schema)
  .use(pictures)
  .use(rehypeSlug)
  .use(figures);

export interface RenderedMarkdown extends References {
  hast: Root;
}

/**
 * Renders the markdown in `file` (front matter already blanked out, so positions
 * match the file on disk). Messages go on `file`.
 */
export function renderMarkdown(file: VFile): RenderedMarkdown {
  const html = /\.html?$/i.test(file.path);
  const hast = html
    ? (htmlProcessor.runSync(htmlProcessor.parse(file), file) as Root)
    : (processor.runSync(processor.parse(file), file) as Root);
  return { hast, ...collect(hast) };
}
