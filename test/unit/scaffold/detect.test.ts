// Detection of the generator and of what its config and posts say, on small
// blogs written for each test.
import { afterAll, describe, expect, it } from 'vitest';
import { declaredCollections } from '../../../src/scaffold/detect/astro.ts';
import { languageTag, siteUrl, stripComments } from '../../../src/scaffold/detect/common.ts';
import { eleventyDirs, eleventyPermalink, passthroughCopies } from '../../../src/scaffold/detect/eleventy.ts';
import { detectBlog } from '../../../src/scaffold/detect/index.ts';
import { postSlug } from '../../../src/scaffold/detect/posts.ts';
import { cleanBlogs, makeBlog, post } from './helpers.ts';

afterAll(cleanBlogs);

describe('detectBlog: Jekyll', () => {
  it('should read _config.yml: title, description, author, url + baseurl, lang, permalink, exclude', async () => {
    const dir = makeBlog({
      '_config.yml': [
        'title: Margins',
        'description: >-',
        '  Notes from a writer',
        '  who draws.',
        'author:',
        '  name: Ines Marlow',
        '  email: ines@example.net',
        'url: "https://sketch.example.net"',
        'baseurl: "/blog"',
        'lang: en_GB',
        'permalink: pretty',
        'exclude: [Gemfile, TODO.md]',
      ].join('\n'),
      '_posts/2019-02-28-first-part.md': post('title: "Learning to see, part 1: Shapes"\nseries: Learning to See'),
      '_posts/2019-03-05-second-part.md': post('title: "Learning to see, part 2: Light"\nseries: Learning to See'),
      '_posts/2019-05-14-outside.html': post('title: Outside'),
      '_posts/2019-06-01-ink.md': post('title: Ink\npublished: false'),
      '_drafts/trains.md': post('title: Trains'),
      '_includes/figure.html': '<figure></figure>',
      'index.md': post('title: Home'),
    });
    const blog = await detectBlog(dir);
    expect(blog?.generator).toBe('jekyll');
    expect(blog!.evidence).toEqual(['_config.yml', '_posts/']);
    expect(blog!.site.title?.value).toBe('Margins');
    expect(blog!.site.description?.value).toBe('Notes from a writer who draws.');
    expect(blog!.site.author).toEqual({ value: 'Ines Marlow', from: 'from _config.yml (author.name)' });
    expect(blog!.site.url).toEqual({ value: 'https://sketch.example.net/blog/', from: 'from _config.yml (url + baseurl)' });
    expect(blog!.site.language?.value).toBe('en-GB');
    const { content } = blog!;
    expect(content.posts.value).toEqual(['_posts']);
    expect(content.drafts.value).toEqual(['_drafts']);
    expect(content.static.value).toEqual(['.']);
    expect(content.includes?.value).toBe('_includes');
    expect(content.permalink.value).toBe('/:categories/:year/:month/:day/:title/');
    expect(content.exclude.value).toEqual(['Gemfile', 'TODO.md']);
    // index.md at the root is a page, not a post; the .html post is one; the unpublished one and _drafts are drafts
    expect(blog!.posts.map((p) => [p.slug, p.draft])).toEqual([
      ['first-part', false],
      ['second-part', false],
      ['outside', false],
      ['ink', true],
      ['trains', true],
    ]);
    expect(blog!.series.map((s) => [s.title, s.series, s.posts])).toEqual([
      ['Learning to See', 'learning-to-see', ['first-part', 'second-part']],
    ]);
  });

  it("should write Jekyll's named permalink styles out, :output_ext as .html, and its default when none is set", async () => {
    const styles: Record<string, string> = {
      date: '/:categories/:year/:month/:day/:title.html',
      ordinal: '/:categories/:year/:y_day/:title.html',
      none: '/:categories/:title.html',
      '/:year/:title:output_ext': '/:year/:title.html',
    };
    for (const [style, expected] of Object.entries(styles)) {
      const blog = await detectBlog(makeBlog({ '_config.yml': `title: T\npermalink: "${style}"\n`, '_posts/.keep': '' }));
      expect(blog!.content.permalink.value).toBe(expected);
    }
    const plain = await detectBlog(makeBlog({ '_config.yml': 'title: T\n' }));
    expect(plain!.content.permalink).toEqual({ value: styles.date, from: "Jekyll's default permalink style, date" });
  });

  it('should follow source and collections_dir, take an author string and locale, and know a blog by _posts/ alone', async () => {
    const blog = await detectBlog(
      makeBlog({
        '_config.yml': 'title: T\nsource: site\ncollections_dir: my_collections\nauthor: Jo\nlocale: pt_BR\n',
        'site/my_collections/_posts/2020-01-01-a.md': post('title: A'),
        'site/my_collections/_drafts/b.md': post('title: B'),
      }),
    );
    expect(blog!.content.posts.value).toEqual(['site/my_collections/_posts']);
    expect(blog!.content.drafts.value).toEqual(['site/my_collections/_drafts']);
    expect(blog!.content.static.value).toEqual(['site']);
    expect(blog!.site.author?.value).toBe('Jo');
    expect(blog!.site.language?.value).toBe('pt-BR');
    expect(blog!.posts.map((p) => p.slug)).toEqual(['a', 'b']);

    const bare = await detectBlog(makeBlog({ '_posts/2020-01-01-a.md': post('title: A') }));
    expect(bare?.generator).toBe('jekyll');
    expect(bare!.site.title).toBeUndefined();
    expect(bare!.site.url).toBeUndefined();
  });

  it('should not take a localhost url, and say so when there is a baseurl without url', async () => {
    const blog = await detectBlog(makeBlog({ '_config.yml': 'url: http://localhost:4000\n', '_posts/x.md': post('title: X') }));
    expect(blog!.site.url).toBeUndefined();
    const only = await detectBlog(makeBlog({ '_config.yml': 'baseurl: /b\n', '_posts/x.md': post('title: X') }));
    expect(only!.notes.join('\n')).toMatch(/baseurl but no url/);
  });
});

describe('detectBlog: Hugo', () => {
  it('should read hugo.toml and find the section of dated pages, bundles by their folder name', async () => {
    const blog = await detectBlog(
      makeBlog({
        'hugo.toml': [
          'baseURL = "https://walks.example.org"',
          'title = "The Long Way Round"',
          'languageCode = "en-us"',
          '[params]',
          '  author = "Tomas Reyne"',
          '  description = "Walks."',
          '[permalinks]',
          '  posts = "/:year/:month/:slug/"',
          '[taxonomies]',
          '  series = "series"',
        ].join('\n'),
        'content/about.md': '+++\ntitle = "About"\n+++\n',
        'content/posts/_index.md': post('title: Walks'),
        'content/posts/2021-04-03-river-walk/index.md':
          '+++\ntitle = "River Walk"\ndate = 2021-04-03T09:00:00+02:00\n+++\nText\n',
        'content/posts/coast-one/index.md': post('title: Coast, day one\ndate: 2021-06-05\nseries: ["Coast Path"]'),
        'content/posts/coast-two.md':
          '{\n  "title": "Coast, day two",\n  "date": "2021-06-19",\n  "series": ["Coast Path"]\n}\nText\n',
        'content/posts/hedgerows.md': '+++\ntitle = "Hedgerows"\nslug = "reading-hedgerows"\ndate = 2021-07-01\n+++\n',
        'content/posts/night.md': post('title: Night\ndate: 2021-08-12\ndraft: true'),
        'static/images/stile.jpg': 'x',
      }),
    );
    expect(blog?.generator).toBe('hugo');
    expect(blog!.evidence).toEqual(['hugo.toml', 'content/posts/', 'hugo.toml (taxonomies.series)']);
    expect(blog!.site.title?.value).toBe('The Long Way Round');
    expect(blog!.site.url?.value).toBe('https://walks.example.org/');
    expect(blog!.site.language?.value).toBe('en-US');
    expect(blog!.site.author).toEqual({ value: 'Tomas Reyne', from: 'from hugo.toml (params.author)' });
    expect(blog!.site.description?.value).toBe('Walks.');
    expect(blog!.content.posts.value).toEqual(['content/posts']);
    expect(blog!.content.static.value).toEqual(['static']);
    expect(blog!.content.permalink).toEqual({ value: '/:year/:month/:slug/', from: 'from hugo.toml (permalinks.posts)' });
    expect(blog!.content.drafts.value).toEqual([]);
    expect(blog!.posts.map((p) => p.slug)).toEqual(['river-walk', 'coast-one', 'coast-two', 'reading-hedgerows', 'night']);
    expect(blog!.series).toEqual([
      expect.objectContaining({ title: 'Coast Path', series: 'coast-path', from: 'taxonomy', posts: ['coast-one', 'coast-two'] }),
    ]);
  });

  it('should read config/_default/ with its params.toml, contentDir, staticDir, a post section and an author map', async () => {
    const blog = await detectBlog(
      makeBlog({
        'config/_default/hugo.yaml':
          'baseurl: https://x.example/\ncontentDir: src\nstaticDir: [assets-static]\ndefaultContentLanguage: de\n',
        'config/_default/params.toml': '[author]\nname = "Ana"\n',
        'config/_default/permalinks.toml': 'post = "/p/:slug/"\n',
        'src/post/a.md': post('title: A\ndate: 2020-01-01'),
        'src/post/b.md': post('title: B\ndate: 2020-01-02'),
        'src/projects/p.md': post('title: P\ndate: 2020-01-03'),
        'assets-static/x.png': 'x',
      }),
    );
    expect(blog?.generator).toBe('hugo');
    expect(blog!.evidence).toEqual([
      'config/_default/hugo.yaml',
      'config/_default/params.toml',
      'config/_default/permalinks.toml',
      'src/post/',
    ]);
    expect(blog!.site.author).toEqual({ value: 'Ana', from: 'from config/_default/params.toml (params.author)' });
    expect(blog!.site.language?.value).toBe('de');
    expect(blog!.site.title).toBeUndefined();
    expect(blog!.content.posts.value).toEqual(['src/post']);
    expect(blog!.content.static.value).toEqual(['assets-static']);
    expect(blog!.content.permalink.value).toBe('/p/:slug/');
  });

  it("should default the permalink to the section and slug, and not take any config.yaml for Hugo's", async () => {
    const blog = await detectBlog(
      makeBlog({ 'hugo.json': '{"title": "T"}', 'content/blog/a.md': post('title: A\ndate: 2020-01-01') }),
    );
    expect(blog!.content.posts.value).toEqual(['content/blog']);
    expect(blog!.content.permalink.value).toBe('/blog/:slug/');
    expect(blog!.content.static.value).toEqual([]);
    expect(await detectBlog(makeBlog({ 'config.yaml': 'port: 8080\n', 'src/index.js': '' }))).toBeUndefined();
    expect((await detectBlog(makeBlog({ 'config.toml': 'baseURL = "https://a.example/"\n' })))?.generator).toBe('hugo');
  });
});

describe('detectBlog: Eleventy', () => {
  const config = `import path from "node:path";
export default function (eleventyConfig) {
  // eleventyConfig.addPassthroughCopy("commented-out");
  eleventyConfig.addPassthroughCopy("content/img");
  eleventyConfig.addPassthroughCopy("content/blog/**/*.{jpg,png}");
  eleventyConfig.addPassthroughCopy({ "./public/": "/" });
  eleventyConfig.addPassthroughCopy("robots.txt");
}
export const config = {
  dir: { input: "content", includes: "../_includes", data: "../_data", output: "_site" },
  pathPrefix: "/notes/",
};
`;

  it('should read the config as text, _data/metadata.json, and the folder tagged posts', async () => {
    const blog = await detectBlog(
      makeBlog({
        'eleventy.config.js': config,
        '_data/metadata.json': JSON.stringify({
          title: 'Slow Notes',
          url: 'https://slownotes.example.com/',
          language: 'en',
          description: 'Learning at home.',
          author: { name: 'Priya Lund', url: 'https://x/' },
        }),
        '_includes/layouts/post.njk': '{{ content }}',
        'content/img/a.png': 'x',
        'public/favicon.svg': '<svg/>',
        'robots.txt': '',
        'content/about.md': post('title: About\npermalink: /about/'),
        'content/blog/blog.11tydata.json': '{ "tags": ["posts"], "layout": "layouts/post.njk" }',
        'content/blog/firstpost/firstpost.md': post('title: First\ndate: 2018-05-01'),
        'content/blog/beans.md': post('title: Beans\ndate: 2018-06-03\nseries: Coffee at Home\npart: 1'),
        'content/blog/grinding.md': post('title: Grinding\ndate: 2018-06-17\nseries: Coffee at Home\npart: 2'),
        'content/blog/kettles.md': post('title: Kettles\ndate: Last Modified'),
        'content/blog/reading-list.md': post('title: Reading list\ndate: 2018-08-01\neleventyExcludeFromCollections: true'),
      }),
    );
    expect(blog?.generator).toBe('eleventy');
    expect(blog!.evidence).toEqual(['eleventy.config.js', '_data/metadata.json', 'content/blog/blog.11tydata.json']);
    expect(blog!.site.title?.value).toBe('Slow Notes');
    expect(blog!.site.author?.value).toBe('Priya Lund');
    expect(blog!.site.url?.value).toBe('https://slownotes.example.com/notes/');
    expect(blog!.site.language?.value).toBe('en');
    expect(blog!.content.posts.value).toEqual(['content/blog']);
    expect(blog!.content.static.value).toEqual(['content', 'public']);
    expect(blog!.content.includes?.value).toBe('_includes');
    expect(blog!.content.permalink.value).toBe('/blog/:slug/');
    expect(blog!.posts.map((p) => p.slug)).toEqual(['firstpost', 'beans', 'grinding', 'kettles']);
    // `date: Last Modified` is Eleventy's own: not reported as a post without a date
    expect(blog!.notes.join('\n')).not.toMatch(/no date/);
    expect(blog!.series.map((s) => s.series)).toEqual(['coffee-at-home']);
  });

  it('should fall back to the folder with most dated posts, and read metadata.js as text', async () => {
    const blog = await detectBlog(
      makeBlog({
        '.eleventy.js': 'module.exports = function (c) { return { dir: { input: "src" } }; };',
        'src/_data/metadata.js': `export default {\n  title: "Notes",\n  url: "https://n.example/",\n  author: { name: "Kim", email: "k@x" },\n};\n`,
        'src/posts/2020-01-01-a.md': post('title: A'),
        'src/posts/2020-01-02-b.md': post('title: B'),
        'src/pages/c.md': post('title: C\ndate: 2020-01-03'),
      }),
    );
    expect(blog!.site.title?.value).toBe('Notes');
    expect(blog!.site.url?.value).toBe('https://n.example/');
    expect(blog!.site.author?.value).toBe('Kim');
    expect(blog!.content.posts.value).toEqual(['src/posts']);
    expect(blog!.content.permalink.value).toBe('/posts/:slug/');
    expect(blog!.posts.map((p) => p.slug)).toEqual(['a', 'b']);
  });

  it('should read folders, passthrough copies and permalink patterns from text', () => {
    expect(eleventyDirs(config)).toEqual({ input: 'content', includes: '../_includes', data: '../_data', output: '_site' });
    expect(eleventyDirs('c.setInputDirectory("src"); c.setDataDirectory(\'data\');')).toMatchObject({
      input: 'src',
      data: 'data',
    });
    expect(passthroughCopies(config)).toEqual([
      { from: 'content/img' },
      { from: 'content/blog/**/*.{jpg,png}' },
      { from: './public/', to: '/' },
      { from: 'robots.txt' },
    ]);
    expect(eleventyPermalink('/blog/{{ page.fileSlug }}/')).toBe('/blog/:slug/');
    expect(eleventyPermalink("/{{ page.date | date: '%Y' }}/{{ page.fileSlug }}/")).toBe('/:year/:slug/');
    expect(eleventyPermalink('/{{ page.fileSlug | myFilter }}/')).toBeUndefined();
    expect(stripComments('a // b\nurl: "https://x/" /* c */ d')).toBe('a     \nurl: "https://x/"         d');
  });
});

describe('detectBlog: Astro', () => {
  it('should read site and base, src/consts.ts, the blog collection of content.config.ts and its route', async () => {
    const blog = await detectBlog(
      makeBlog({
        'astro.config.mjs':
          "import { defineConfig } from 'astro/config';\nexport default defineConfig({\n  site: 'https://cooking.example.com',\n  base: '/kitchen',\n});\n",
        'src/consts.ts':
          "export const SITE_TITLE = 'Weeknight Kitchen';\nexport const SITE_DESCRIPTION = 'Cooking after work.';\n",
        'src/content.config.ts': `import { defineCollection, z } from 'astro:content';
import { glob } from 'astro/loaders';
const blog = defineCollection({
  loader: glob({ base: './src/content/blog', pattern: '**/*.{md,mdx}' }),
  schema: z.object({ title: z.string(), pubDate: z.coerce.date() }),
});
const authors = defineCollection({ loader: glob({ base: './src/data/authors', pattern: '*.json' }) });
export const collections = { blog, authors };
`,
        'src/layouts/BlogPost.astro': '<html lang="en-GB"><body><slot /></body></html>',
        'src/pages/blog/[...slug].astro': '---\n---\n',
        'src/content/blog/sourdough.md': post("title: Sourdough\npubDate: 'Jul 08 2022'"),
        'src/content/blog/dal.mdx': post('title: Dal\npubDate: 2023-09-10'),
        'public/hero.jpg': 'x',
      }),
    );
    expect(blog?.generator).toBe('astro');
    expect(blog!.site.url?.value).toBe('https://cooking.example.com/kitchen/');
    expect(blog!.site.title).toEqual({ value: 'Weeknight Kitchen', from: 'from src/consts.ts (SITE_TITLE)' });
    expect(blog!.site.description?.value).toBe('Cooking after work.');
    expect(blog!.site.language?.value).toBe('en-GB');
    expect(blog!.site.author).toBeUndefined();
    expect(blog!.content.posts.value).toEqual(['src/content/blog']);
    expect(blog!.content.static.value).toEqual(['public']);
    expect(blog!.content.permalink).toEqual({ value: '/blog/:slug/', from: 'from the route src/pages/blog/[...slug].astro' });
    expect(blog!.posts.map((p) => [p.slug, p.date?.toISOString().slice(0, 10)])).toEqual([
      ['sourdough', '2022-07-08'],
      ['dal', '2023-09-10'],
    ]);
    expect(blog!.notes.join('\n')).toMatch(/dist\//);
  });

  it('should name declared collections by their export and find the dated one without a blog folder', async () => {
    const source = `export const collections = {\n  notes: defineCollection({ loader: glob({ base: "./content/notes" }), schema: z.object({ date: z.date() }) }),\n  pages: defineCollection({ schema: z.object({ title: z.string() }) }),\n};`;
    expect(declaredCollections(source, 'src/content.config.ts')).toEqual([
      { name: 'notes', dir: 'content/notes', dated: true, declaredIn: 'src/content.config.ts' },
      { name: 'pages', dir: 'src/content/pages', dated: false, declaredIn: 'src/content.config.ts' },
    ]);
    const blog = await detectBlog(
      makeBlog({
        'astro.config.ts': 'export default {}',
        'src/content/config.ts': source,
        'content/notes/a.md': post('title: A\ndate: 2024-01-01'),
        'src/content/pages/about.md': post('title: About'),
      }),
    );
    expect(blog!.content.posts.value).toEqual(['content/notes']);
    expect(blog!.content.permalink.value).toBe('/notes/:slug/');
    expect(blog!.content.static.value).toEqual([]);
  });
});

describe('detectBlog: anything else', () => {
  it('should find nothing in an empty folder, a folder of notes or a missing folder', async () => {
    expect(await detectBlog(makeBlog({}))).toBeUndefined();
    expect(
      await detectBlog(makeBlog({ 'notes/a.md': post('title: A\ndate: 2020-01-01'), 'package.json': '{"name":"x"}' })),
    ).toBeUndefined();
    expect(await detectBlog('/no/such/folder/anywhere')).toBeUndefined();
  });

  it("should prefer a generator's own config file over a folder layout, and say which other signs it saw", async () => {
    const blog = await detectBlog(
      makeBlog({
        'astro.config.mjs': 'export default {}',
        '_posts/2020-01-01-a.md': post('title: A'),
        'hugo.toml': 'title = "x"',
      }),
    );
    expect(blog!.generator).toBe('astro');
    expect(blog!.notes.join('\n')).toMatch(/hugo\.toml suggests hugo/);
  });
});

describe('helpers', () => {
  it('should give the slugs the loader gives', () => {
    expect(postSlug('_posts/2019-02-28-first-part.md')).toBe('first-part');
    expect(postSlug('_posts/2019-03-10-third-part.markdown')).toBe('third-part');
    expect(postSlug('content/posts/2021-04-03-river-walk/index.md')).toBe('river-walk');
    expect(postSlug('content/posts/x.md', { slug: 'Reading Hedgerows' })).toBe('reading-hedgerows');
    expect(postSlug('src/content/blog/weeknight-dal.mdx')).toBe('weeknight-dal');
  });

  it('should make site addresses and language tags', () => {
    expect(siteUrl('https://a.example', '/blog')).toBe('https://a.example/blog/');
    expect(siteUrl('https://a.example/blog/', '/blog/')).toBe('https://a.example/blog/');
    expect(siteUrl('https://a.example/', '')).toBe('https://a.example/');
    expect(siteUrl('/')).toBeUndefined();
    expect(siteUrl('http://127.0.0.1:4000')).toBeUndefined();
    expect(languageTag('en_US')).toBe('en-US');
    expect(languageTag('en-us')).toBe('en-US');
    expect(languageTag('zh-hant-tw')).toBe('zh-Hant-TW');
    expect(languageTag('English')).toBeUndefined();
  });
});
