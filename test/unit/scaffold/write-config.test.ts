// The postbound.yaml written for a detected blog: commented, validated by the
// config schema, placeholders marked TODO, the preset shown as comments.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { configSchema } from '../../../src/config/schema.ts';
import { readConfigFile } from '../../../src/content/config-file.ts';
import { PRESETS } from '../../../src/content/fields.ts';
import { detectBlog } from '../../../src/scaffold/detect/index.ts';
import {
  ConfigExistsError,
  configText,
  placeholders,
  writeConfigFile,
  yamlString,
} from '../../../src/scaffold/detect/write-config.ts';
import { cleanBlogs, makeBlog, post } from './helpers.ts';

afterAll(cleanBlogs);

function valid(text: string) {
  const result = configSchema.safeParse(parse(text));
  expect(result.success, result.success ? '' : JSON.stringify(result.error.issues)).toBe(true);
  return result.data!;
}

const jekyll = () =>
  makeBlog({
    '_config.yml':
      'title: "Margins: and Sketches"\nauthor: {name: Ines}\nurl: https://s.example.net\nbaseurl: /blog\nlang: en-GB\npermalink: /:year/:title/\nexclude: [Gemfile, "#notes"]\n',
    '_posts/2019-02-28-one.md': post('title: "Sourdough, part 1"\ncomments: yes\nlayout: post'),
    '_posts/2019-03-05-two.md': post('title: "Sourdough, part 2"\ncomments: no'),
    '_posts/2019-03-07-three.md': post('title: Other\nseries: Field Notes'),
    '_posts/2019-03-09-four.md': post('title: Other two\nseries: Field Notes\nslug: fourth'),
    '_drafts/five.md': post('title: Five\nseries: Field Notes'),
    '_includes/figure.html': '',
  });

describe('configText', () => {
  it('should write what was found, with where it came from, and validate', async () => {
    const blog = (await detectBlog(jekyll()))!;
    const text = configText(blog);
    const config = valid(text);
    expect(config.site).toEqual({
      title: 'Margins: and Sketches',
      description: '',
      author: 'Ines',
      url: 'https://s.example.net/blog/',
      language: 'en-GB',
      postsPerPage: 10,
    });
    expect(config.content).toEqual({
      generator: 'jekyll',
      posts: ['_posts'],
      drafts: ['_drafts'],
      static: ['.'],
      includes: '_includes',
      permalink: '/:year/:title/',
      exclude: ['Gemfile', '#notes'],
    });
    expect(config.frontMatter).toEqual({ fields: {}, strict: false });
    expect(config.books.map((b) => [b.slug, b.title, b.series, b.posts, b.license])).toEqual([
      ['sourdough', 'Sourdough', undefined, ['one', 'two'], 'CC-BY-4.0'],
      ['field-notes', 'Field Notes', 'field-notes', undefined, 'CC-BY-4.0'],
    ]);
    expect(text).toMatch(/^ {2}title: "Margins: and Sketches" +# from _config\.yml \(title\)$/m);
    expect(text).toMatch(/^ {2}url: https:\/\/s\.example\.net\/blog\/ +# from _config\.yml \(url \+ baseurl\)$/m);
    expect(text).toMatch(/^ {2}static: \["\."\] +# Jekyll copies every file/m);
    expect(text).toMatch(/license: CC-BY-4\.0 +# your choice/);
    expect(text).toMatch(/# 1 draft of this series will join it when published/);
    expect(text).toMatch(/comments \(2\)/);
    expect(text).not.toMatch(/TODO: your/);
    expect(placeholders(blog)).toEqual([]);
  });

  it('should show the preset as a commented fields block that, uncommented, still validates and maps the same', async () => {
    const blog = (await detectBlog(jekyll()))!;
    const text = configText(blog);
    for (const [from, to] of Object.entries(PRESETS.jekyll)) expect(text).toContain(`  #   ${from}: ${to}\n`);
    expect(text).toMatch(/preset already maps/);
    const uncommented = text.replace(/^ {2}# fields:$/m, '  fields:').replace(/^ {2}# {3}(\w+): (\w+)$/gm, '    $1: $2');
    expect(valid(uncommented).frontMatter.fields).toEqual(PRESETS.jekyll);
  });

  it('should write placeholders marked TODO that still validate when nothing is found', async () => {
    const blog = (await detectBlog(makeBlog({ '_posts/2020-01-01-a.md': post('title: A') }, 'my-sketch_blog')))!;
    const text = configText(blog);
    const config = valid(text);
    expect(config.site.title).toBe('My Sketch Blog');
    expect(config.site.author).toBe('Your Name');
    expect(config.site.url).toBe('https://example.org/');
    expect(config.site.language).toBe('en');
    expect(text).toMatch(/^ {2}url: https:\/\/example\.org\/ +# TODO: your blog's address/m);
    expect(text).toMatch(/^ {2}author: Your Name +# TODO: your name/m);
    expect(text).toMatch(/^ {2}title: My Sketch Blog +# TODO: your blog's name/m);
    expect(text).toMatch(/^books: \[\]$/m);
    expect(config.books).toEqual([]);
    expect(placeholders(blog)).toEqual(['site.title', 'site.author', 'site.url']);
  });

  it('should validate for every generator, including a blog whose posts were not found', async () => {
    const blogs = [
      makeBlog({ 'hugo.toml': 'title = "H"\nbaseURL = "https://h.example/"\n' }),
      makeBlog({ 'eleventy.config.js': 'export default () => {}' }),
      makeBlog({ 'astro.config.mjs': "export default { site: 'https://a.example' }" }),
      makeBlog({ '_config.yml': 'title: [not, a, string]\nurl: 42\n' }),
    ];
    for (const dir of blogs) {
      const blog = (await detectBlog(dir))!;
      const config = valid(configText(blog));
      expect(config.content.generator).toBe(blog.generator);
      expect(config.content.posts.length).toBe(1);
    }
    const hugo = (await detectBlog(blogs[0]!))!;
    expect(placeholders(hugo)).toEqual(['site.author', 'content.posts']);
    expect(configText(hugo)).toMatch(/posts: \[content\/posts\] +# TODO: the folder of your posts/);
  });

  it('should be read back by the loader without a message', async () => {
    const dir = jekyll();
    const blog = (await detectBlog(dir))!;
    await writeConfigFile(dir, configText(blog));
    const read = await readConfigFile(dir);
    expect(read.file.messages.map(String)).toEqual([]);
    expect(read.config?.content.generator).toBe('jekyll');
  });
});

describe('writeConfigFile', () => {
  it('should refuse to replace postbound.yaml unless forced', async () => {
    const dir = makeBlog({ 'postbound.yaml': 'mine\n' });
    await expect(writeConfigFile(dir, 'site: {}\n')).rejects.toBeInstanceOf(ConfigExistsError);
    expect(readFileSync(join(dir, 'postbound.yaml'), 'utf8')).toBe('mine\n');
    await writeConfigFile(dir, 'new\n', { force: true });
    expect(readFileSync(join(dir, 'postbound.yaml'), 'utf8')).toBe('new\n');
  });
});

describe('yamlString', () => {
  it('should read back as the same string, plain when safe', () => {
    const cases = [
      'plain words',
      'a: b',
      '#tag',
      'yes',
      'null',
      '123',
      '.',
      '- item',
      "it's",
      'say "hi"',
      ' padded ',
      '/:year/:slug/',
      'über',
    ];
    for (const value of cases) {
      expect(parse(`k: ${yamlString(value)}`).k, value).toBe(value);
      expect(parse(`k: [${yamlString(value, true)}]`).k, value).toEqual([value]);
    }
    expect(yamlString('plain words')).toBe('plain words');
    expect(yamlString('yes')).toBe('"yes"');
    expect(yamlString('a, b', true)).toBe('"a, b"');
  });
});
