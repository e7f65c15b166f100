// Smart quotes, old and new, side by side on a generated blog:
//   node --import tsx bench/markdown.ts [posts=200] [runs=5]
// Prints the median ms per post of (1) the plugin alone on an already parsed
// tree, (2) a markdown pipeline with one plugin or the other, (3) postbound's own
// renderMarkdown, with Shiki highlighting (the default) and without (`highlight:
// false`): the cost of highlighting per post. Runs alternate so all see the same machine load.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Root } from 'mdast';
import rehypeRaw from 'rehype-raw';
import rehypeSanitize from 'rehype-sanitize';
import rehypeSlug from 'rehype-slug';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import remarkSmartypants from 'remark-smartypants';
import { type Pluggable, unified } from 'unified';
import { VFile } from 'vfile';
import { renderMarkdown } from '../src/markdown/pipeline.ts';
import { remarkSmartQuotes } from '../src/markdown/plugins/smartypants.ts';
import { generateBlog } from './gen-blog.ts';

const count = Number(process.argv[2] ?? 200);
const runs = Number(process.argv[3] ?? 5);

const dir = mkdtempSync(join(tmpdir(), 'postbound-bench-markdown-'));
await generateBlog({ posts: count, dir, images: 0 });
const postsDir = join(dir, 'content', 'posts');
const posts = readdirSync(postsDir)
  .filter((n) => n.endsWith('.md'))
  .map((n) => readFileSync(join(postsDir, n), 'utf8').replace(/^---\n[\s\S]*?\n---\n/, (m) => m.replace(/[^\n]/g, '')));
rmSync(dir, { recursive: true, force: true });
const kb = posts.reduce((n, p) => n + p.length, 0) / posts.length / 1024;

const parser = unified().use(remarkParse).use(remarkGfm);
const trees = posts.map((p) => parser.runSync(parser.parse(p)) as Root);

const pipeline = (plugin: Pluggable) =>
  unified()
    .use(remarkParse)
    .use(remarkGfm)
    .use([plugin])
    .use(remarkRehype, { allowDangerousHtml: true })
    .use(rehypeRaw)
    .use(rehypeSanitize)
    .use(rehypeSlug);

const old = unified().use(remarkSmartypants);
const ours = unified().use(remarkSmartQuotes);
const oldPipeline = pipeline(remarkSmartypants);
const newPipeline = pipeline(remarkSmartQuotes);

type Job = () => void | Promise<void>;
const jobs: Record<string, Job> = {
  'plugin: remark-smartypants': () => {
    for (const tree of trees) old.runSync(structuredClone(tree));
  },
  'plugin: remarkSmartQuotes': () => {
    for (const tree of trees) ours.runSync(structuredClone(tree));
  },
  'plugin: (tree copy only)': () => {
    for (const tree of trees) structuredClone(tree);
  },
  'pipeline with remark-smartypants': () => {
    for (const p of posts) oldPipeline.runSync(oldPipeline.parse(p));
  },
  'pipeline with remarkSmartQuotes': () => {
    for (const p of posts) newPipeline.runSync(newPipeline.parse(p));
  },
  'renderMarkdown (postbound, highlighted)': async () => {
    for (const p of posts) await renderMarkdown(new VFile({ path: 'post.md', value: p }));
  },
  'renderMarkdown (postbound, highlight: false)': async () => {
    for (const p of posts) await renderMarkdown(new VFile({ path: 'post.md', value: p }), { highlight: false, plugins: [] });
  },
};

const times: Record<string, number[]> = Object.fromEntries(Object.keys(jobs).map((k) => [k, []]));
for (const job of Object.values(jobs)) await job(); // warm up the JIT and module caches
for (let run = 0; run < runs; run++) {
  for (const [name, job] of Object.entries(jobs)) {
    const started = performance.now();
    await job();
    times[name].push((performance.now() - started) / posts.length);
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`${posts.length} generated posts, ${kb.toFixed(1)} KB each on average, ${runs} runs (median ms per post):`);
for (const [name, xs] of Object.entries(times))
  console.log(`  ${name.padEnd(44)} ${median(xs).toFixed(3).padStart(8)}   runs: ${xs.map((x) => x.toFixed(3)).join(' ')}`);
