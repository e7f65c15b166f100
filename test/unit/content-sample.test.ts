// The sample project (postbound.yaml + content/ at the repo root) and the bench
// blog generator are inputs to every other test and benchmark: check them the way
// a careful reader would, with the real schema, parser and image reader.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Element, Root as HastRoot } from 'hast';
import type { Image, Link, Root } from 'mdast';
import rehypeSlug from 'rehype-slug';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import sharp from 'sharp';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { generateBlog } from '../../bench/gen-blog.ts';
import { plates } from '../../scripts/draw-sketches.ts';
import { drawSketch } from '../../scripts/subjects.ts';
import { configSchema, frontMatterSchema } from '../../src/config/schema.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

interface PostFile {
  file: string;
  slug: string;
  front: Record<string, unknown>;
  body: string;
  tree: Root;
  ids: Set<string>;
}

function readPosts(root: string): PostFile[] {
  const dir = join(root, 'content', 'posts');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((file) => {
      const text = readFileSync(join(dir, file), 'utf8');
      const m = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
      if (!m) throw new Error(`${file}: no front matter block`);
      // Heading ids as the site makes them (rehype-slug), to check #fragments.
      const processor = unified().use(remarkParse).use(remarkGfm).use(remarkRehype).use(rehypeSlug);
      const tree = processor.parse(m[2]) as Root;
      const hast = processor.runSync(tree) as HastRoot;
      const ids = new Set<string>();
      visit(hast, 'element', (el: Element) => {
        if (/^h[1-6]$/.test(el.tagName) && typeof el.properties.id === 'string') ids.add(el.properties.id);
      });
      return {
        file,
        slug: file.replace(/\.md$/, '').replace(/^\d{4}-\d{2}-\d{2}-/, ''),
        front: parse(m[1]),
        body: m[2],
        tree,
        ids,
      };
    });
}

/** Every problem with a project's posts, as readable lines (empty when all is well). */
function projectProblems(root: string, posts: PostFile[]): string[] {
  const problems: string[] = [];
  const byFile = new Map(posts.map((p) => [p.file, p]));
  const postsDir = join(root, 'content', 'posts');
  for (const post of posts) {
    const fm = frontMatterSchema.safeParse(post.front);
    if (!fm.success)
      problems.push(`${post.file}: front matter: ${fm.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
    const sketch = post.front.sketch;
    if (typeof sketch === 'string' && !existsSync(resolve(postsDir, sketch)))
      problems.push(`${post.file}: sketch ${sketch} missing`);
    visit(post.tree, (node) => {
      if (node.type !== 'link' && node.type !== 'image') return;
      const { url } = node as Link | Image;
      if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('#')) return;
      const [path, fragment] = url.split('#');
      const target = resolve(postsDir, decodeURIComponent(path));
      if (!existsSync(target)) problems.push(`${post.file}: ${node.type} to ${url}: no such file`);
      if (node.type === 'image' && !(node as Image).alt?.trim()) problems.push(`${post.file}: image ${url} has no alt text`);
      if (node.type === 'link' && path.endsWith('.md')) {
        const linked = byFile.get(path);
        if (!linked) problems.push(`${post.file}: link to ${path}, which is not a post`);
        else if (linked.front.draft === true && post.front.draft !== true)
          problems.push(`${post.file}: links to the draft ${path}`);
        else if (fragment && !linked.ids.has(fragment))
          problems.push(`${post.file}: ${url}: no heading with id "${fragment}" (ids: ${[...linked.ids].join(', ')})`);
      }
    });
  }
  return problems;
}

async function narrowSketches(root: string, files: string[]): Promise<string[]> {
  const narrow: string[] = [];
  for (const f of files) {
    const meta = await sharp(join(root, f)).metadata();
    if (!meta.width || meta.width < 2000) narrow.push(`${f}: ${meta.width} px wide`);
  }
  return narrow;
}

describe('the sample project', () => {
  const posts = readPosts(ROOT);
  const published = posts.filter((p) => p.front.draft !== true);

  it('should have a postbound.yaml that validates against the config schema', () => {
    const result = configSchema.safeParse(parse(readFileSync(join(ROOT, 'postbound.yaml'), 'utf8')));
    expect(result.success ? [] : result.error.issues).toEqual([]);
    const config = configSchema.parse(parse(readFileSync(join(ROOT, 'postbound.yaml'), 'utf8')));
    const book = config.books[0];
    expect(book.slug).toBe('ten-excuses');
    for (const slug of [...book.front, ...book.back, book.cover.sketch]) expect(posts.map((p) => p.slug)).toContain(slug);
  });

  it('should have posts whose front matter, links, images and alt texts all check out', () => {
    expect(posts.length).toBeGreaterThanOrEqual(16);
    expect(projectProblems(ROOT, posts)).toEqual([]);
  });

  it('should have a series with parts 1 to 10, each exactly once, with problem and answer', () => {
    const parts = published.filter((p) => p.front.series === 'Ten Excuses');
    expect(parts.map((p) => p.front.part).sort((a, b) => Number(a) - Number(b))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    for (const p of parts) {
      expect(p.front.problem, p.file).toBeTruthy();
      expect(p.front.answer, p.file).toBeTruthy();
      const words = p.body
        .replace(/```[\s\S]*?```/g, '')
        .split(/\s+/)
        .filter(Boolean).length;
      expect(words, p.file).toBeGreaterThanOrEqual(500);
      expect(words, p.file).toBeLessThanOrEqual(950);
    }
  });

  it('should use every markdown feature the toolchain must handle somewhere', () => {
    const all = published.map((p) => p.body).join('\n');
    const types = new Set<string>();
    for (const p of published) visit(p.tree, (n) => void types.add(n.type));
    for (const t of [
      'table',
      'code',
      'footnoteReference',
      'footnoteDefinition',
      'blockquote',
      'emphasis',
      'strong',
      'inlineCode',
      'list',
      'html',
      'image',
      'link',
    ])
      expect(types, t).toContain(t);
    expect(all).toMatch(/^- \[x\] /m);
    expect(all).toContain('<kbd>');
    expect(all).toContain('<details>');
    expect(published.filter((p) => /\[\^\d+\]:/.test(p.body)).length).toBeGreaterThanOrEqual(3);
    expect(published.filter((p) => /^```/m.test(p.body)).length).toBeGreaterThanOrEqual(2);
  });

  it('should have a draft that no published post links to', () => {
    expect(posts.filter((p) => p.front.draft === true)).toHaveLength(1);
  });

  it('should have at least 12 sketches, 2000 px or wider, PNG and JPEG, each under 1.2 MB', async () => {
    const dir = join(ROOT, 'content', 'sketches');
    const files = readdirSync(dir).filter((f) => /\.(png|jpe?g)$/.test(f));
    expect(files.length).toBeGreaterThanOrEqual(12);
    expect(files.filter((f) => f.endsWith('.jpg')).length).toBeGreaterThanOrEqual(3);
    expect(
      await narrowSketches(
        ROOT,
        files.map((f) => join('content', 'sketches', f)),
      ),
    ).toEqual([]);
    for (const f of files) expect(readFileSync(join(dir, f)).length, f).toBeLessThan(1.2 * 1024 * 1024);
  });

  it('should regenerate a committed sketch byte for byte', async () => {
    const plate = plates.find((p) => p.file === 'clock.png');
    if (!plate) throw new Error('clock.png is no longer in scripts/draw-sketches.ts');
    const bytes = await drawSketch(plate.subject, { width: plate.width, height: plate.height, format: 'png' });
    expect(bytes.equals(readFileSync(join(ROOT, 'content', 'sketches', plate.file)))).toBe(true);
  });
});

describe('generateBlog', () => {
  const dir = mkdtempSync(join(tmpdir(), 'postbound-gen-'));
  // A private raster cache: the first run draws, the second copies.
  const cacheDir = join(dir, '.pool-cache');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('should write a project of 20 posts that validates like the sample', async () => {
    const result = await generateBlog({ posts: 20, dir: join(dir, 'blog'), seed: 7, images: 2, cacheDir });
    expect(result.posts).toBe(20);
    const blog = join(dir, 'blog');
    const posts = readPosts(blog);
    expect(posts).toHaveLength(20);
    expect(projectProblems(blog, posts)).toEqual([]);
    const config = configSchema.parse(parse(readFileSync(join(blog, 'postbound.yaml'), 'utf8')));
    const series = config.books[0].series;
    const parts = posts.filter(
      (p) => typeof p.front.series === 'string' && p.front.series.toLowerCase().replace(/[^a-z0-9]+/g, '-') === series,
    );
    expect(parts.length).toBeGreaterThanOrEqual(5);
    expect(parts.map((p) => p.front.part)).toEqual(parts.map((_, i) => i + 1));
    expect(await narrowSketches(blog, result.images)).toEqual([]);
    for (const p of posts) {
      const words = p.body.split(/\s+/).length;
      expect(words, p.file).toBeGreaterThanOrEqual(300);
    }
  });

  it('should write the same posts for the same seed', async () => {
    const again = join(dir, 'again');
    await generateBlog({ posts: 20, dir: again, seed: 7, images: 2, cacheDir });
    const text = (root: string) => readPosts(root).map((p) => `${p.file}\n${JSON.stringify(p.front)}\n${p.body}`);
    expect(text(again)).toEqual(text(join(dir, 'blog')));
    const other = join(dir, 'other');
    await generateBlog({ posts: 20, dir: other, seed: 8, images: 2, cacheDir });
    expect(text(other)).not.toEqual(text(again));
  });
});
