// Links, images and addresses in a Jekyll blog at https://x.example/blog/, loaded
// in place: each link resolved to a post, a page the site makes or a file it
// serves, or reported once at its line and column.
import { rmSync } from 'node:fs';
import type { Element, Root } from 'hast';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSite } from '../../../src/content/load.ts';
import type { Post, Site } from '../../../src/content/model.ts';
import { makeProject } from '../../helpers/project.ts';

const config = `site:
  title: Old Blog
  author: Ann
  url: https://x.example/blog/
content:
  generator: jekyll
  posts: _posts
  static: ["."]
  permalink: /:year/:month/:day/:title/
`;

const linksPost = [
  '---',
  'title: Links',
  'categories: pencil ink',
  '---',
  '',
  '[with base](/blog/2019/02/28/slug/)', // line 6
  '',
  '[without base](/2019/02/28/slug)', // line 8
  '',
  '[alias](/old/slug/)', // line 10
  '',
  '[html alias](https://x.example/blog/older.html)', // line 12
  '',
  '[a tag](/tags/x/) and [the feed](/blog/feed.xml) and [home](/blog/) and [home too](/blog)', // line 14
  '',
  '[pdf](/assets/files/a.pdf)', // line 16
  '',
  'Text then [missing](/assets/files/missing.pdf)', // line 18
  '',
  '[broken post](2019-03-02-broken.md)', // line 20
  '',
  '[by file](2019-02-28-slug.md#part-one)', // line 22
  '',
  '[heading](/blog/2019/02/28/slug/#nope)', // line 24
  '',
  '[elsewhere](https://other.example/blog/2019/02/28/slug/)', // line 26
  '',
  '![pic](/assets/img/x.png)', // line 28
  '',
  '<picture><source srcset="/assets/img/x.webp" type="image/webp"><img src="/assets/img/x.png" alt="pic"></picture>', // line 30
  '',
  '[old relative](../../../../2019/02/28/slug/)', // line 32
  '',
  '[protocol-relative](//x.example/blog/2019/02/28/slug/)', // line 34
  '',
].join('\n');

let root: string;
let site: Site;
let messages: string[];
let ok: boolean;

const byRule = (rule: string) => messages.filter((m) => m.includes(` ${rule} `));

function elements(tree: Root | Element, tag: string): Element[] {
  const out: Element[] = [];
  const walk = (node: Root | Element) => {
    for (const child of node.children) {
      if (child.type !== 'element') continue;
      if (child.tagName === tag) out.push(child);
      walk(child);
    }
  };
  walk(tree);
  return out;
}

function link(post: Post, text: string): Element {
  const hit = elements(post.hast, 'a').find((a) => a.children.some((c) => c.type === 'text' && c.value === text));
  if (!hit) throw new Error(`no link "${text}"`);
  return hit;
}

const png = (width: number) =>
  sharp({ create: { width, height: 10, channels: 3, background: '#fff' } })
    .png()
    .toBuffer();

beforeAll(async () => {
  root = await makeProject(
    {
      '_posts/2019-02-28-slug.md':
        '---\ntitle: Slug\nimage: /assets/img/sketch.png\nredirect_from:\n  - /old/slug/\n  - /blog/older.html\n---\n\n![a sketch](/assets/img/sketch.png)\n\n## Part one\n',
      '_posts/2019-03-01-links.md': linksPost,
      '_posts/2019-03-02-broken.md': '---\ntitle: Step 1: begin\n---\n\nBody\n',
      '_posts/2019-03-03-plain.md':
        '---\ntitle: Plain\n---\n\n[only a file](/blog/assets/files/b.pdf)\n\n[gone](/files/gone.zip)\n',
      'assets/img/x.png': await png(10),
      'assets/img/sketch.png': await png(20),
      'assets/files/a.pdf': '%PDF-1.4 a',
      'assets/files/b.pdf': '%PDF-1.4 b',
    },
    { config, images: false },
  );
  const result = await loadSite(root);
  site = result.site!;
  ok = result.ok;
  messages = result.files.flatMap((f) => f.messages.map((m) => `${f.path}:${m.line}:${m.column} ${m.ruleId} ${m.reason}`));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const post = (slug: string) => site.posts.find((p) => p.slug === slug)!;

describe('loading a Jekyll blog in place', () => {
  it('builds the posts whose front matter is valid, at their permalink', () => {
    expect(site.posts.map((p) => [p.slug, p.path])).toEqual([
      ['plain', '2019/03/03/plain/'],
      ['links', '2019/03/01/links/'],
      ['slug', '2019/02/28/slug/'],
    ]);
    expect(post('links').tags).toEqual(['pencil', 'ink']);
  });

  it('is not ok: the broken post has its own syntax error, at its line', () => {
    expect(ok).toBe(false);
    expect(byRule('yaml-syntax')).toEqual([expect.stringMatching(/^_posts\/2019-03-02-broken\.md:2:8 yaml-syntax /)]);
  });

  it('keeps redirect_from as aliases below the base path', () => {
    expect(post('slug').aliases).toEqual(['old/slug/', 'older.html']);
  });

  it('links a post by its address with and without the base path, and by an alias', () => {
    const links = post('links');
    for (const text of ['with base', 'without base', 'alias', 'html alias', 'protocol-relative']) {
      expect(link(links, text).properties.dataPostRef, text).toBe('slug');
    }
  });

  it('links a post by its file, with the fragment of a heading it has', () => {
    const a = link(post('links'), 'by file');
    expect(a.properties.dataPostRef).toBe('slug');
    expect(a.properties.dataFragment).toBe('part-one');
  });

  it('takes an old relative address as the post at that address', () => {
    expect(link(post('links'), 'old relative').properties.dataPostRef).toBe('slug');
  });

  it('warns about a heading the linked post does not have', () => {
    expect(byRule('missing-fragment')).toEqual([
      expect.stringMatching(/^_posts\/2019-03-01-links\.md:24:1 missing-fragment .*#nope/),
    ]);
  });

  it('leaves links to pages the site makes, and to other hosts, alone', () => {
    const links = post('links');
    for (const text of ['a tag', 'the feed', 'home', 'home too', 'elsewhere']) {
      expect(link(links, text).properties.dataPostRef, text).toBeUndefined();
      expect(link(links, text).properties.dataFile, text).toBeUndefined();
    }
    expect(messages.filter((m) => /\/tags\/x\/|feed\.xml|`\/blog\/?`|other\.example/.test(m))).toEqual([]);
  });

  it('serves a linked file that exists, and links it at its address on the blog', () => {
    const a = link(post('links'), 'pdf');
    expect(a.properties.dataFile).toBe('assets/files/a.pdf');
    expect(a.properties.href).toBe('https://x.example/blog/assets/files/a.pdf');
    expect(site.staticFiles.get('assets/files/a.pdf')).toBe(`${root}/assets/files/a.pdf`);
  });

  it('has every linked file in site.staticFiles when loadSite returns, from a post without images too', () => {
    expect(link(post('plain'), 'only a file').properties.dataFile).toBe('assets/files/b.pdf');
    expect([...site.staticFiles.keys()].sort()).toEqual(['assets/files/a.pdf', 'assets/files/b.pdf']);
  });

  it('warns about a link to a missing file at its line and column, once', () => {
    expect(byRule('broken-link')).toEqual([
      expect.stringMatching(/^_posts\/2019-03-01-links\.md:18:11 broken-link `\/assets\/files\/missing\.pdf`/),
      expect.stringMatching(/^_posts\/2019-03-03-plain\.md:7:1 broken-link `\/files\/gone\.zip`/),
    ]);
  });

  it('does not report a link to a post whose front matter is broken', () => {
    expect(byRule('missing-link-target')).toEqual([]);
    expect(messages.filter((m) => m.includes('2019-03-02-broken.md') && !m.includes('yaml-syntax'))).toEqual([]);
  });

  it('finds a site-root image and marks it with its asset', () => {
    const img = elements(post('links').hast, 'img')[0]!;
    expect(img.properties.dataAsset).toMatch(/^[0-9a-f]{12}$/);
    expect(img.properties.width).toBe(10);
    expect(post('links').images.map((i) => i.asset.rel)).toEqual(['assets/img/x.png', 'assets/img/x.png']);
  });

  it('reports a missing <source srcset> of a <picture> as a missing image', () => {
    expect(byRule('missing-image')).toEqual([
      expect.stringMatching(/^_posts\/2019-03-01-links\.md:30:\d+ missing-image Source `\/assets\/img\/x\.webp`/),
    ]);
  });

  it("takes Jekyll's image: as the sketch, with the alt of the same image in the post", () => {
    const sketch = post('slug').sketch!;
    expect(sketch.asset.rel).toBe('assets/img/sketch.png');
    expect(sketch.asset.width).toBe(20);
    expect(sketch.alt).toBe('a sketch');
  });

  it('has no other messages', () => {
    const expected = ['yaml-syntax', 'missing-fragment', 'broken-link', 'missing-image'];
    expect(messages.filter((m) => !expected.some((rule) => m.includes(` ${rule} `)))).toEqual([]);
  });
});

describe('links to the address of a post whose front matter is broken', () => {
  it('are not reported either (the post has its own error)', async () => {
    const dir = await makeProject(
      {
        '_posts/2019-03-01-a.md': '---\ntitle: A\n---\n\n[b](/blog/2019/03/02/b/) and [b again](/2019/03/02/b/)\n',
        '_posts/2019-03-02-b.md': '---\ntitle: Step 1: begin\n---\n\nBody\n',
      },
      { config, images: false },
    );
    try {
      const { files } = await loadSite(dir);
      const all = files.flatMap((f) => f.messages.map((m) => `${f.path} ${m.ruleId}`));
      expect(all).toEqual(['_posts/2019-03-02-b.md yaml-syntax']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a blog whose posts only link files', () => {
  it('has resolved every link when loadSite returns', async () => {
    const dir = await makeProject(
      {
        '_posts/2019-03-01-a.md': '---\ntitle: A\n---\n\n[pdf](/assets/a.pdf)\n\n[missing](/assets/missing.pdf)\n',
        'assets/a.pdf': '%PDF-1.4',
      },
      { config, images: false },
    );
    try {
      const { site, files } = await loadSite(dir);
      expect([...site!.staticFiles.keys()]).toEqual(['assets/a.pdf']);
      expect(link(site!.posts[0]!, 'pdf').properties.dataFile).toBe('assets/a.pdf');
      expect(files.flatMap((f) => f.messages.map((m) => `${f.path}:${m.line}:${m.column} ${m.ruleId}`))).toEqual([
        '_posts/2019-03-01-a.md:7:1 broken-link',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('links to drafts', () => {
  it('say the target is a draft, by file (an error) and by address (a warning)', async () => {
    const dir = await makeProject(
      {
        '_posts/2019-03-01-a.md':
          '---\ntitle: A\n---\n\n[d](/blog/2019/03/02/d/) [d file](2019-03-02-d.md) [idea](../_drafts/idea.md)\n',
        '_posts/2019-03-02-d.md': '---\ntitle: D\npublished: false\n---\n\nBody\n',
        '_drafts/idea.md': '---\ntitle: Idea\n---\n\nBody\n',
      },
      { config: config.replace('  posts: _posts\n', '  posts: _posts\n  drafts: _drafts\n'), images: false },
    );
    try {
      const { site, files } = await loadSite(dir);
      expect(site!.posts.map((p) => p.slug)).toEqual(['a']);
      expect(files.flatMap((f) => f.messages.map((m) => `${f.path}:${m.line}:${m.column} ${m.ruleId} ${m.fatal}`))).toEqual([
        '_posts/2019-03-01-a.md:5:1 link-to-draft false',
        '_posts/2019-03-01-a.md:5:26 link-to-draft true',
        '_posts/2019-03-01-a.md:5:52 link-to-draft true',
      ]);
      const drafts = await loadSite(dir, { drafts: true });
      expect(drafts.site!.posts.map((p) => p.slug).sort()).toEqual(['a', 'd', 'idea']);
      expect(drafts.files.flatMap((f) => f.messages.map((m) => m.ruleId))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
