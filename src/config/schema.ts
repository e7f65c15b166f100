// The one schema for postbound.yaml and for post front matter. The code validates
// with it, and `postbound schema` prints it as JSON Schema for editor completion.
import { z } from 'zod';
import { parseDate } from '../content/dates.ts';
import { DEFAULT_HIGHLIGHT, FRONT_MATTER_TARGETS, GENERATORS, type TrimSize, trimSizes } from './constants.ts';

export { DEFAULT_HIGHLIGHT, FRONT_MATTER_TARGETS, GENERATORS, type Generator, type TrimSize, trimSizes } from './constants.ts';

const lang = z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a BCP 47 language tag such as "en" or "pt-BR"');

const accessibility = z
  .strictObject({
    accessMode: z.array(z.string()).optional().describe('schema:accessMode values; computed from the content when absent'),
    accessModeSufficient: z.array(z.string()).optional().describe('each entry a comma-separated set, e.g. "textual"'),
    accessibilityFeature: z.array(z.string()).optional(),
    accessibilityHazard: z.array(z.string()).optional(),
    accessibilitySummary: z.string().optional(),
  })
  .describe('EPUB Accessibility 1.1 metadata; every field is computed from the content unless set here');

export const bookSchema = z
  .strictObject({
    slug: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and hyphens')
      .describe('file name of the book in dist/book/, e.g. "field-guide"'),
    title: z.string().min(1),
    subtitle: z.string().optional(),
    author: z.string().optional().describe('defaults to site.author'),
    language: lang.optional().describe('defaults to site.language'),
    description: z.string().optional().describe('one paragraph for stores and the EPUB package'),
    publisher: z.string().optional(),
    license: z.string().default('CC-BY-4.0').describe('SPDX licence id, e.g. CC-BY-4.0 or CC-BY-NC-4.0'),
    identifier: z
      .string()
      .optional()
      .describe('e.g. "urn:isbn:9780000000000"; defaults to a UUID derived from the site URL and the book slug'),
    series: z.string().optional().describe('slug of the series whose parts are the chapters, in part order'),
    posts: z.array(z.string()).optional().describe('slugs of the chapters, in order (instead of series)'),
    front: z.array(z.string()).default([]).describe('slugs of posts printed before the chapters (introduction)'),
    back: z.array(z.string()).default([]).describe('slugs of posts printed after the chapters (about the author)'),
    cover: z
      .strictObject({
        image: z.string().optional().describe('path of your own cover image, relative to the project folder'),
        sketch: z.string().optional().describe('slug of the post whose sketch decorates the generated cover'),
        color: z
          .string()
          .regex(/^#[0-9a-fA-F]{6}$/, 'a colour like "#1f4e79"')
          .default('#1f3a5f'),
      })
      .default({ color: '#1f3a5f' }),
    pwyw: z.url().optional().describe('pay-what-you-want link shown on the downloads page and in the book'),
    trim: z
      .enum(Object.keys(trimSizes) as [TrimSize, ...TrimSize[]])
      .default('6x9')
      .describe('PDF page size'),
    chapterLabel: z
      .string()
      .optional()
      .describe(
        'label before each chapter title in every format, {n} the number: "Part {n}", "Chapter {n}", "" for none; defaults to "Part {n}" for a series, else "Chapter {n}", in the book\'s language',
      ),
    tocDepth: z.number().int().min(1).max(4).default(2).describe('heading levels shown in the table of contents'),
    openRight: z
      .boolean()
      .default(false)
      .describe('PDF: every chapter opens on a right-hand (odd) page; a blank left page before it has no head or number'),
    date: z.iso.date().optional().describe("publication date; defaults to the newest chapter's date"),
    modified: z.iso.datetime().optional().describe('dcterms:modified; defaults to SOURCE_DATE_EPOCH or the newest post'),
    accessibility: accessibility.optional(),
    strings: z
      .record(z.string(), z.string())
      .optional()
      .describe(
        'words this book prints instead of its language\'s, by name: { contents: "Sommaire", partLabel: "Étape {n}" } (README, "Languages")',
      ),
    summary: z
      .strictObject({
        tagline: z.string().optional().describe('one line under the title of the one-page summary'),
        width: z.number().int().min(600).max(8000).default(2550),
        height: z.number().int().min(600).max(8000).default(3300),
      })
      .default({ width: 2550, height: 3300 }),
  })
  .refine((b) => !(b.series && b.posts), { message: 'give either series or posts, not both', path: ['posts'] });

const folders = z.union([z.string().min(1), z.array(z.string().min(1))]).transform((v) => (Array.isArray(v) ? v : [v]));

/** Where the blog's files are, and which generator's conventions they follow. */
export const contentSchema = z
  .strictObject({
    generator: z
      .enum(GENERATORS)
      .default('postbound')
      .describe('whose conventions the posts follow: front matter names, shortcodes, includes, bundles'),
    posts: folders
      .default(['content/posts'])
      .describe('folder or folders of posts, relative to the project folder (e.g. _posts, content/posts, src/content/blog)'),
    drafts: folders.default([]).describe("folders whose posts are drafts (Jekyll's _drafts)"),
    static: folders
      .default([])
      .describe(
        'folders served at the root of the site: `/assets/x.png` in a post is looked up in each (e.g. assets, static, public; "." for the project folder)',
      ),
    includes: z.string().optional().describe("folder of Liquid includes (Jekyll's _includes)"),
    permalink: z
      .string()
      .default('/posts/:slug/')
      .describe('address of a post on the site: /:year/:month/:day/:slug/, /posts/:slug/, /:year/:title.html …'),
    exclude: z.array(z.string()).default([]).describe('file or folder names under the post folders to leave out'),
  })
  .default({
    generator: 'postbound',
    posts: ['content/posts'],
    drafts: [],
    static: [],
    permalink: '/posts/:slug/',
    exclude: [],
  });

export const frontMatterConfigSchema = z
  .strictObject({
    fields: z
      .record(z.string(), z.enum(FRONT_MATTER_TARGETS))
      .default({})
      .describe(
        "the blog's own field names mapped onto postbound's, e.g. { excerpt: summary, image: sketch, categories: tags }; added to the generator's preset",
      ),
    strict: z.boolean().default(false).describe('unknown front matter fields are errors instead of being kept'),
  })
  .default({ fields: {}, strict: false });

const pluginEntry = z
  .union([z.string().min(1), z.tuple([z.string().min(1), z.unknown()])])
  .describe(
    'a package name from the project\'s node_modules ("remark-math"), or a path from the project folder ("./plugins/callouts.mjs"); [name, options] to pass options',
  );

/** How posts become trees: code highlighting and the writer's own remark and rehype plugins. */
export const markdownSchema = z
  .strictObject({
    highlight: z
      .union([
        z.literal(false),
        z.strictObject({
          light: z.string().default(DEFAULT_HIGHLIGHT.light).describe('Shiki theme of code on the light site'),
          dark: z.string().default(DEFAULT_HIGHLIGHT.dark).describe('Shiki theme of code on the dark site'),
          book: z
            .string()
            .default(DEFAULT_HIGHLIGHT.book)
            .describe('Shiki theme of code in the EPUB and PDF, on white; colours under 4.5:1 are darkened until they pass'),
        }),
      ])
      .default(DEFAULT_HIGHLIGHT)
      .describe('syntax highlighting at build time with Shiki (theme names: https://shiki.style/themes); false for none'),
    remarkPlugins: z
      .array(pluginEntry)
      .default([])
      .describe('remark plugins run on every post after GFM, in order; their output is cleaned like raw HTML'),
    rehypePlugins: z
      .array(pluginEntry)
      .default([])
      .describe('rehype plugins run on every post after cleaning and before highlighting, in order'),
  })
  .default({ highlight: DEFAULT_HIGHLIGHT, remarkPlugins: [], rehypePlugins: [] });

export const configSchema = z.strictObject({
  site: z.strictObject({
    title: z.string().min(1),
    description: z.string().default(''),
    author: z.string().min(1),
    url: z.url().describe('base URL where the site will live, e.g. https://example.org/'),
    language: lang.default('en'),
    postsPerPage: z.number().int().min(1).default(10),
  }),
  content: contentSchema,
  frontMatter: frontMatterConfigSchema,
  markdown: markdownSchema,
  books: z.array(bookSchema).default([]),
  strings: z
    .record(lang, z.record(z.string(), z.string()))
    .optional()
    .describe(
      'words the site and the books print instead of the shipped ones, by language and name: { fr: { contents: "Table" } } (README, "Languages")',
    ),
  build: z
    .strictObject({
      allowRemoteImages: z.boolean().default(false).describe('a remote image is an error unless this is true'),
      drafts: z.boolean().default(false).describe('include posts marked draft'),
    })
    .default({ allowRemoteImages: false, drafts: false }),
});

export type Config = z.infer<typeof configSchema>;
export type BookConfig = z.infer<typeof bookSchema>;
export type MarkdownConfig = z.infer<typeof markdownSchema>;
export type PluginEntry = z.infer<typeof pluginEntry>;

const dateField = z.union([z.date(), z.string(), z.number()]).refine((v) => parseDate(v) !== undefined, {
  error: (issue) => `must be a real date such as 2025-03-04 or 2025-03-04 10:30:00 +0100 (found ${JSON.stringify(issue.input)})`,
});

const frontMatterShape = {
  title: z.string().min(1),
  shortTitle: z
    .string()
    .min(1)
    .optional()
    .describe("a shorter title for the PDF's running heads; without it a long title is cut at a word"),
  date: dateField.describe(
    "YYYY-MM-DD, an ISO date-time or '2019-03-12 10:11:00 -0400'; defaults to the YYYY-MM-DD- prefix of the file name",
  ),
  updated: dateField.optional(),
  slug: z
    .string()
    .min(1)
    .optional()
    .describe('defaults to the file name (a page bundle: its folder name) without its date prefix'),
  tags: z.array(z.string().min(1)).default([]),
  series: z.string().optional().describe('the series title; posts with the same series form one'),
  part: z.number().int().min(1).optional().describe('order in the series; defaults to date order'),
  summary: z.string().optional().describe('one or two sentences for the home page, feed and book'),
  draft: z.boolean().default(false),
  sketch: z.string().optional().describe("path of the post's main drawing, relative to the post file (or /site-root/path)"),
  sketchAlt: z.string().optional().describe('alt text of the sketch; defaults to the alt of its image in the post'),
  problem: z.string().optional().describe("one line: the reader's problem this post answers (one-page summary)"),
  answer: z.string().optional().describe('one line: the way around it (one-page summary)'),
  authors: z.array(z.string()).default([]).describe('shown on the post; defaults to the site author'),
  aliases: z.array(z.string()).default([]).describe('old addresses of the post, each given a redirect page'),
  permalink: z
    .string()
    .optional()
    .describe("the post's address on the site, e.g. /about-drawing/ (tokens as in content.permalink)"),
};

/**
 * Post front matter under postbound's names (other generators' names are mapped
 * onto these first). `title` and `date` are required. Unknown fields are kept
 * for templates; with `frontMatter.strict` they are errors (frontMatterStrictSchema).
 */
export const frontMatterSchema = z.object(frontMatterShape);
export const frontMatterStrictSchema = z.strictObject(frontMatterShape);
export type FrontMatter = z.infer<typeof frontMatterSchema>;

export function jsonSchemas(): { config: unknown; frontMatter: unknown } {
  return {
    config: z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }),
    frontMatter: z.toJSONSchema(frontMatterStrictSchema, { io: 'input', unrepresentable: 'any' }),
  };
}
