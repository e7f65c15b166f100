// findPosts: the post files of a blog where its generator keeps them, and what is
// passed over on purpose (with the reason).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../../src/config/schema.ts';
import { findPosts } from '../../../src/content/discover.ts';

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

function tree(files: string[]): string {
  const root = mkdtempSync(join(tmpdir(), 'postbound-discover-'));
  roots.push(root);
  for (const f of files) {
    mkdirSync(dirname(join(root, f)), { recursive: true });
    writeFileSync(join(root, f), '---\ntitle: x\n---\n');
  }
  return root;
}

async function find(files: string[], content: Record<string, unknown>) {
  const root = tree(files);
  const config = configSchema.parse({ site: { title: 'T', author: 'A', url: 'https://x.example/' }, content });
  const { posts, skipped } = await findPosts(root, config);
  return {
    root,
    posts: posts.map((p) => ({ ...p, abs: p.abs.slice(root.length + 1), bundle: p.bundle?.slice(root.length + 1) })),
    skipped,
    rels: posts.map((p) => p.rel),
    why: (rel: string) => skipped.find((s) => s.rel === rel)?.why,
  };
}

describe('findPosts: Jekyll', () => {
  const jekyll = { generator: 'jekyll', posts: '_posts', drafts: '_drafts' };

  it('finds .md, .markdown and .html posts, in subfolders too, in path order', async () => {
    const { rels, posts } = await find(
      ['_posts/2019-01-03-c.html', '_posts/2019-01-01-a.md', '_posts/2019-01-02-b.markdown', '_posts/sub/2019-01-04-d.md'],
      jekyll,
    );
    expect(rels).toEqual([
      '_posts/2019-01-01-a.md',
      '_posts/2019-01-02-b.markdown',
      '_posts/2019-01-03-c.html',
      '_posts/sub/2019-01-04-d.md',
    ]);
    expect(posts.map((p) => p.format)).toEqual(['markdown', 'markdown', 'html', 'markdown']);
    expect(posts[0]).toEqual({
      abs: '_posts/2019-01-01-a.md',
      rel: '_posts/2019-01-01-a.md',
      format: 'markdown',
      bundle: undefined,
      draft: false,
    });
  });

  it('flags the posts of a drafts folder as drafts', async () => {
    const { posts } = await find(['_posts/2019-01-01-a.md', '_drafts/idea.md'], jekyll);
    expect(posts.map((p) => [p.rel, p.draft])).toEqual([
      ['_posts/2019-01-01-a.md', false],
      ['_drafts/idea.md', true],
    ]);
  });

  it('skips _ and . files with a reason, and other files silently', async () => {
    const { rels, skipped, why } = await find(
      ['_posts/_hidden.md', '_posts/.dot.md', '_posts/#tmp.md', '_posts/notes.txt', '_posts/image.png', '_posts/2019-01-01-a.md'],
      jekyll,
    );
    expect(rels).toEqual(['_posts/2019-01-01-a.md']);
    expect(why('_posts/_hidden.md')).toMatch(/starts with _ or \./);
    expect(why('_posts/.dot.md')).toMatch(/starts with _ or \./);
    expect(skipped.map((s) => s.rel).sort()).toEqual(['_posts/#tmp.md', '_posts/.dot.md', '_posts/_hidden.md']);
  });

  it('skips AsciiDoc and other markup with a reason naming the extension', async () => {
    const { rels, why } = await find(['_posts/2019-01-01-a.adoc', '_posts/b.org', '_posts/c.rst'], jekyll);
    expect(rels).toEqual([]);
    expect(why('_posts/2019-01-01-a.adoc')).toMatch(/not \.adoc/);
    expect(why('_posts/b.org')).toMatch(/not \.org/);
  });

  it('leaves out the names in content.exclude, files and folders', async () => {
    const { rels } = await find(['_posts/keep.md', '_posts/old/x.md', '_posts/skip.md', '_posts/a/old/y.md'], {
      ...jekyll,
      exclude: ['old', 'skip.md'],
    });
    expect(rels).toEqual(['_posts/keep.md']);
  });

  it('never looks in dependency, output or hidden folders', async () => {
    const { rels, skipped } = await find(
      ['_posts/node_modules/x.md', '_posts/_site/y.md', '_posts/.git/z.md', '_posts/.obsidian/w.md', '_posts/ok.md'],
      jekyll,
    );
    expect(rels).toEqual(['_posts/ok.md']);
    expect(skipped).toEqual([]);
  });

  it('finds nothing, without failing, when a folder does not exist', async () => {
    const { posts, skipped } = await find(['other/x.md'], jekyll);
    expect(posts).toEqual([]);
    expect(skipped).toEqual([]);
  });

  it('reads a file once when two post folders overlap', async () => {
    const { rels } = await find(['_posts/a.md', '_posts/sub/b.md'], { posts: ['_posts', '_posts/sub'] });
    expect(rels).toEqual(['_posts/a.md', '_posts/sub/b.md']);
  });
});

describe('findPosts: Hugo', () => {
  const hugo = { generator: 'hugo', posts: 'content/posts' };

  it('takes a page bundle index as a post with its folder as bundle, and its other pages as resources', async () => {
    const { posts, why } = await find(
      ['content/posts/x/index.md', 'content/posts/x/other.md', 'content/posts/x/deep/more.md', 'content/posts/x/pic.png'],
      hugo,
    );
    expect(posts).toEqual([
      {
        abs: 'content/posts/x/index.md',
        rel: 'content/posts/x/index.md',
        format: 'markdown',
        bundle: 'content/posts/x',
        draft: false,
      },
    ]);
    expect(why('content/posts/x/other.md')).toBe('a resource of the page bundle content/posts/x/');
    expect(why('content/posts/x/deep/more.md')).toBe('a resource of the page bundle content/posts/x/');
    expect(why('content/posts/x/pic.png')).toBeUndefined();
  });

  it('reads index.html bundles and index files in capitals', async () => {
    const { posts } = await find(['content/posts/a/index.html', 'content/posts/b/INDEX.MD'], hugo);
    expect(posts.map((p) => [p.rel, p.format, p.bundle])).toEqual([
      ['content/posts/a/index.html', 'html', 'content/posts/a'],
      ['content/posts/b/INDEX.MD', 'markdown', 'content/posts/b'],
    ]);
  });

  it("skips _index.md as a section's page, and reads the pages of that section", async () => {
    const { rels, why } = await find(
      ['content/posts/_index.md', 'content/posts/sec/_index.md', 'content/posts/sec/y.md', 'content/posts/z.md'],
      hugo,
    );
    expect(rels).toEqual(['content/posts/sec/y.md', 'content/posts/z.md']);
    expect(why('content/posts/_index.md')).toMatch(/section's own page/);
    expect(why('content/posts/sec/_index.md')).toMatch(/section's own page/);
  });

  it("skips the posts folder's own index.md without taking every post for its resource", async () => {
    const { rels, why } = await find(
      ['content/posts/index.md', 'content/posts/a.md', 'content/posts/b/index.md', 'content/posts/sec/c.md'],
      hugo,
    );
    expect(why('content/posts/index.md')).toBe('the index page of the posts folder, not a post');
    expect(rels).toEqual(['content/posts/a.md', 'content/posts/b/index.md', 'content/posts/sec/c.md']);
  });

  it('takes several sections as post folders', async () => {
    const { rels } = await find(['content/posts/a.md', 'content/notes/b/index.md', 'content/about.md'], {
      generator: 'hugo',
      posts: ['content/posts', 'content/notes'],
    });
    expect(rels).toEqual(['content/posts/a.md', 'content/notes/b/index.md']);
  });
});
