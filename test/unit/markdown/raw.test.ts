import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Root, RootContent } from 'hast';
import rehypeRaw from 'rehype-raw';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { VFile } from 'vfile';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateBlog } from '../../../bench/gen-blog.ts';
import { rawHtml } from '../../../src/markdown/plugins/raw.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const base = () => unified().use(remarkParse).use(remarkGfm).use(remarkRehype, { allowDangerousHtml: true });
const always = base().use(rehypeRaw);
const onDemand = base().use(rawHtml);
const tree = (processor: typeof always, text: string) => {
  const file = new VFile({ path: 'post.md', value: text });
  return processor.runSync(processor.parse(file), file);
};
/**
 * Without text positions: where it joins text nodes, the HTML parser keeps only
 * the end of a merged node's position, and postbound keeps positions only on
 * links and images anyway (src/markdown/render.ts).
 */
const withoutTextPositions = (node: Root | RootContent): unknown => {
  if (node.type === 'text') return { type: 'text', value: node.value };
  return 'children' in node ? { ...node, children: node.children.map(withoutTextPositions) } : node;
};

describe('raw HTML folded only when a post has some', () => {
  const posts: [string, string][] = [
    ['inline html', 'Text with <kbd>Ctrl</kbd> and <span class="x">a span</span>.'],
    ['block html', '<div class="note">\n\nA *note*.\n\n</div>\n\nAfter.'],
    ['comment', 'Before <!-- hidden --> after.'],
    ['table', '| a | b |\n|---|---|\n| 1 | <b>2</b> |'],
    ['no html', '# Title\n\nA paragraph with **bold**, `code` and a [link](x.md).\n\n- one\n- two\n\n```js\nlet a = "<b>";\n```'],
    ['escaped', 'A &lt;b&gt; that is text, and &amp; too.'],
  ];
  let generated = '';

  beforeAll(async () => {
    const own = join(ROOT, 'content', 'posts');
    for (const name of readdirSync(own).filter((n) => n.endsWith('.md')))
      posts.push([name, readFileSync(join(own, name), 'utf8')]);
    generated = mkdtempSync(join(tmpdir(), 'postbound-raw-'));
    await generateBlog({ posts: 100, dir: generated, images: 0 });
    const dir = join(generated, 'content', 'posts');
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.md')))
      posts.push([name, readFileSync(join(dir, name), 'utf8')]);
  }, 60_000);
  afterAll(() => rmSync(generated, { recursive: true, force: true }));

  it('gives the same tree, element positions included, as always running rehype-raw', () => {
    expect(posts.length).toBeGreaterThan(100);
    for (const [name, text] of posts) {
      expect(withoutTextPositions(tree(onDemand, text)), name).toEqual(withoutTextPositions(tree(always, text)));
    }
  });

  it('still folds raw HTML into elements', () => {
    const folded = JSON.stringify(tree(onDemand, 'Press <kbd>Ctrl</kbd>.'));
    expect(folded).toContain('"tagName":"kbd"');
    expect(folded).not.toContain('"type":"raw"');
  });
});
