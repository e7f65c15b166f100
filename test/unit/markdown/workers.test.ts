import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VFile } from 'vfile';
import { afterAll, describe, expect, it } from 'vitest';
import { renderMarkdownAll } from '../../../src/markdown/cache.ts';

const POSTS = join(import.meta.dirname, '..', '..', '..', 'content', 'posts');
const bodies = () => {
  const files = readdirSync(POSTS)
    .filter((n) => n.endsWith('.md'))
    .map((n) => new VFile({ path: `content/posts/${n}`, cwd: '/', value: readFileSync(join(POSTS, n), 'utf8') }));
  // one body with problems, so messages travel back from the workers too
  files.push(
    new VFile({
      path: 'content/posts/broken.md',
      cwd: '/',
      value: 'Text <script>alert(1)</script> and <iframe src="x"></iframe>\n\n![no alt](a.png)\n',
    }),
  );
  return files;
};
const summary = (files: VFile[]) => files.map((f) => f.messages.map((m) => `${m.ruleId}@${m.line}:${m.column} ${m.reason}`));

describe('markdown in worker threads', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('gives the same trees and messages as the main thread, in the same order', async () => {
    const inline = bodies();
    const pooled = bodies();
    const a = await renderMarkdownAll(inline, { workers: 0 });
    const b = await renderMarkdownAll(pooled, { workers: 2 });
    expect(b.map((r) => r.hast)).toEqual(a.map((r) => r.hast));
    expect(b.map((r) => r.headings)).toEqual(a.map((r) => r.headings));
    expect(summary(pooled)).toEqual(summary(inline));
    expect(summary(pooled).at(-1)!.length).toBeGreaterThan(0);
  });

  it('stores what the workers parsed, and a second run reads it back with the same messages', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'pb-md-'));
    dirs.push(cacheDir);
    const first = bodies();
    const a = await renderMarkdownAll(first, { cacheDir, workers: 2 });
    const entries = readdirSync(join(cacheDir, 'markdown'), { recursive: true }).filter((n) => String(n).endsWith('.json'));
    expect(entries).toHaveLength(first.length);
    const second = bodies();
    const b = await renderMarkdownAll(second, { cacheDir, workers: 2 });
    expect(b.map((r) => r.hast)).toEqual(a.map((r) => r.hast));
    expect(summary(second)).toEqual(summary(first));
  });
});
