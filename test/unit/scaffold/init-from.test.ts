// `postbound init --from <blog>` and `postbound init` in a blog's folder, through
// the command line entry point: only postbound.yaml is ever written.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { main } from '../../../src/cli/main.ts';
import { configSchema } from '../../../src/config/schema.ts';
import { captureIo, cleanBlogs, hashTree, makeBlog, post } from './helpers.ts';

afterAll(cleanBlogs);

const BLOGS: Record<string, () => string> = {
  jekyll: () =>
    makeBlog({
      '_config.yml': 'title: Margins\nauthor: Ines\nurl: https://s.example.net\n',
      '_posts/2019-02-28-first-part.md': post('title: "Learning to see, part 1"\nseries: Learning to See'),
      '_posts/2019-03-05-second-part.md': post('title: "Learning to see, part 2"\nseries: Learning to See'),
      '_posts/2019-04-01-other.md': post('title: Other'),
      '_drafts/later.md': post('title: Later'),
      'assets/img/a.png': 'not really a png',
      Gemfile: "source 'https://rubygems.org'\n",
    }),
  hugo: () =>
    makeBlog({
      'hugo.toml': 'title = "Walks"\nbaseURL = "https://w.example/"\n[params]\nauthor = "Tomas"\n',
      'content/posts/a/index.md': '+++\ntitle = "Coast (1/2)"\ndate = 2021-06-05\n+++\n',
      'content/posts/b.md': '+++\ntitle = "Coast (2/2)"\ndate = 2021-06-19\n+++\n',
      'static/x.txt': 'x',
    }),
  eleventy: () =>
    makeBlog({
      'eleventy.config.js': 'export const config = { dir: { input: "content" } };\n',
      'content/_data/metadata.json': '{"title": "Notes", "url": "https://n.example/", "author": {"name": "Priya"}}',
      'content/blog/blog.json': '{"tags": "posts"}',
      'content/blog/one.md': post('title: One\ndate: 2018-05-01'),
    }),
  astro: () =>
    makeBlog({
      'astro.config.mjs': "export default { site: 'https://c.example' }\n",
      'src/consts.ts': "export const SITE_TITLE = 'Kitchen';\n",
      'src/content/blog/soup.md': post('title: Soup\npubDate: 2023-01-15'),
      'public/hero.jpg': 'x',
    }),
};

describe('postbound init --from', () => {
  for (const [generator, make] of Object.entries(BLOGS)) {
    it(`should write a valid postbound.yaml into a ${generator} blog and change no other file`, async () => {
      const dir = make();
      const before = hashTree(dir);
      const { io, text } = captureIo();
      expect(await main(['init', '--from', dir], io), text.err).toBe(0);
      const after = hashTree(dir);
      const { 'postbound.yaml': written, ...rest } = after;
      expect(written).toBeDefined();
      expect(rest).toEqual(before);
      const config = configSchema.safeParse(parse(readFileSync(join(dir, 'postbound.yaml'), 'utf8')));
      expect(config.success).toBe(true);
      expect(config.data!.content.generator).toBe(generator);
      expect(text.out).toMatch(new RegExp(`Found an? ${generator} blog`, 'i'));
      expect(text.out).toMatch(/evidence: /);
      expect(text.out).toMatch(/posts: \d+ in /);
      expect(text.out).toMatch(/Next: `postbound build /);
    });
  }

  it('should print what it found: posts, drafts, series, the TODO values', async () => {
    const dir = BLOGS.jekyll!();
    const { io, text } = captureIo();
    expect(await main(['init', '--from', dir], io)).toBe(0);
    expect(text.out).toContain('evidence: _config.yml, _posts/');
    expect(text.out).toContain('posts: 3 in _posts (and 1 draft)');
    expect(text.out).toContain('series: "Learning to See" (2 posts, series field)');
    expect(text.out).not.toContain('TODO');

    const hugo = BLOGS.hugo!();
    const h = captureIo();
    expect(await main(['init', '--from', hugo], h.io)).toBe(0);
    expect(h.text.out).toContain('series: "Coast" (2 posts, numbered titles)');
    expect(readFileSync(join(hugo, 'postbound.yaml'), 'utf8')).toMatch(/posts: \[a, b\]/);

    const astro = BLOGS.astro!();
    const a = captureIo();
    expect(await main(['init', '--from', astro], a.io)).toBe(0);
    expect(a.text.out).toContain('Fill in the values marked TODO: site.author.');
    expect(a.text.out).toMatch(/To check:\n {2}- Astro builds into dist\//);
  });

  it('should not replace an existing postbound.yaml (exit 1) unless --force', async () => {
    const dir = BLOGS.hugo!();
    writeFileSync(join(dir, 'postbound.yaml'), '# mine\n');
    const before = hashTree(dir);
    const { io, text } = captureIo();
    expect(await main(['init', '--from', dir], io)).toBe(1);
    expect(text.err).toMatch(/postbound\.yaml already exists/);
    expect(text.err).toMatch(/--force/);
    expect(hashTree(dir)).toEqual(before);

    const forced = captureIo();
    expect(await main(['init', '--from', dir, '--force'], forced.io)).toBe(0);
    expect(readFileSync(join(dir, 'postbound.yaml'), 'utf8')).toMatch(/generator: hugo/);
    const { 'postbound.yaml': _, ...rest } = hashTree(dir);
    const { 'postbound.yaml': __, ...restBefore } = before;
    expect(rest).toEqual(restBefore);
  });

  it('should be a usage error (exit 2) for a folder that is no blog, listing what it looked for', async () => {
    const dir = makeBlog({ 'notes/a.md': post('title: A') });
    const { io, text } = captureIo();
    expect(await main(['init', '--from', dir], io)).toBe(2);
    expect(text.err).toMatch(/is not a blog postbound can read/);
    for (const name of ['Jekyll: _config.yml', 'Hugo: hugo.toml', 'Eleventy: eleventy.config', 'Astro: astro.config'])
      expect(text.err).toContain(name);
    expect(existsSync(join(dir, 'postbound.yaml'))).toBe(false);

    expect(await main(['init', '--from', join(dir, 'missing')], captureIo().io)).toBe(2);
    expect(await main(['init', '--from'], captureIo().io)).toBe(2);
    expect(await main(['init', '--from', dir, 'other'], captureIo().io)).toBe(2);
    expect(await main(['init', '--frm', dir], captureIo().io)).toBe(2);
  });
});

describe('postbound init [dir] in a blog', () => {
  it('should detect the blog in the folder given, or the current one, and write only its postbound.yaml', async () => {
    const dir = BLOGS.eleventy!();
    const before = hashTree(dir);
    const { io, text } = captureIo();
    expect(await main(['init', dir], io), text.err).toBe(0);
    expect(text.out).toContain('Found an Eleventy blog');
    const { 'postbound.yaml': written, ...rest } = hashTree(dir);
    expect(written).toBeDefined();
    expect(rest).toEqual(before);
    // no starter files
    expect(existsSync(join(dir, 'content/posts'))).toBe(false);
    expect(existsSync(join(dir, 'templates'))).toBe(false);

    const astro = BLOGS.astro!();
    const cwd = process.cwd();
    process.chdir(astro);
    try {
      const here = captureIo();
      expect(await main(['init'], here.io), here.text.err).toBe(0);
      expect(here.text.out).toMatch(/Next: `postbound build` /);
    } finally {
      process.chdir(cwd);
    }
    expect(existsSync(join(astro, 'postbound.yaml'))).toBe(true);
  });

  it('should still write the starter project in an empty folder, and refuse --force there', async () => {
    const dir = makeBlog({});
    const { io, text } = captureIo();
    expect(await main(['init', dir, '--force'], io)).toBe(2);
    expect(text.err).toMatch(/--force/);
    const starter = captureIo();
    expect(await main(['init', dir], starter.io), starter.text.err).toBe(0);
    expect(starter.text.out).toContain('Created a starter project');
    expect(Object.keys(hashTree(dir))).toContain('postbound.yaml');
    expect(existsSync(join(dir, 'content/posts'))).toBe(true);
  });
});

describe('postbound --help', () => {
  it('should show init --from', async () => {
    const { io, text } = captureIo();
    expect(await main(['--help'], io)).toBe(0);
    expect(text.out).toContain('postbound init --from <blog>');
    const init = captureIo();
    expect(await main(['init', '--help'], init.io)).toBe(0);
    expect(init.text.out).toMatch(/--force/);
  });
});
