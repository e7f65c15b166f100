// A post and its context for the template tests: a throwaway project folder
// with whatever includes and shortcode templates a test writes into it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { VFile } from 'vfile';
import { afterAll } from 'vitest';
import type { Generator } from '../../../../src/config/schema.ts';
import { expandTemplates, shortcodeDirs, type TemplateContext } from '../../../../src/content/templates/index.ts';

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

export function project(files: Record<string, string> = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'postbound-templates-'));
  roots.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const posts: Record<string, string> = {
  '2019-02-28-first-part': '/blog/2019/02/28/first-part/',
  '_posts/2019-02-28-first-part.md': '/blog/2019/02/28/first-part/',
  'first-part': '/blog/posts/first-part/',
  'posts/first-part.md': '/blog/posts/first-part/',
};

export interface Expanded {
  text: string;
  file: VFile;
  /** `line:column id reason` of each message */
  messages: string[];
}

export async function expand(
  generator: Generator,
  body: string,
  options: Partial<TemplateContext> & { path?: string } = {},
): Promise<Expanded> {
  const { path = '_posts/2020-01-01-post.md', ...overrides } = options;
  const root = overrides.root ?? project();
  const file = new VFile({ path: join(root, path), value: body });
  const text = await expandTemplates(body, {
    generator,
    root,
    file,
    format: 'markdown',
    site: { title: 'River Notes', url: 'https://example.org', baseurl: '/blog' },
    page: { title: 'A walk', slug: 'post', date: '2020-01-01', url: '/blog/2020/01/01/post/' },
    includes: join(root, '_includes'),
    shortcodeDirs: shortcodeDirs(root),
    basePath: '/blog/',
    lookup: {
      postUrl: (ref) => posts[ref],
    },
    ...overrides,
  });
  const messages = file.messages.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.reason}`);
  return { text, file, messages };
}
