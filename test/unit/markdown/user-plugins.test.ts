// Plugins named in postbound.yaml: found in the project, run once per post in
// the one pipeline, and every way they go wrong reported where it happened.
import { symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { toHtml } from 'hast-util-to-html';
import { describe, expect, it } from 'vitest';
import { loadSite } from '../../../src/content/load.ts';
import { baseConfig, makeProject, post } from '../../helpers/project.ts';

const NODE_MODULES = resolve(import.meta.dirname, '../../../node_modules');

const SHOUT = `export default function shout(options = {}) {
  const mark = options.mark ?? '!';
  return (tree) => {
    const walk = (node) => {
      if (node.type === 'text') node.value = node.value.toUpperCase() + mark;
      for (const child of node.children ?? []) walk(child);
    };
    walk(tree);
  };
}
`;

const THROWS = `export default function broken() {
  return (tree, file) => {
    if (String(file.value).includes('boom')) throw new Error('cannot read this post');
  };
}
`;

const POSITIONED = `export default function picky() {
  return (tree, file) => {
    const err = new Error('unclosed thing');
    err.line = 9; err.column = 3;
    if (String(file.value).includes('unclosed')) throw err;
  };
}
`;

function config(markdown: string): string {
  return `${baseConfig}markdown:\n${markdown}`;
}

async function load(markdown: string, files: Record<string, string> = {}) {
  const root = await makeProject(files, { config: config(markdown), images: true });
  symlinkSync(NODE_MODULES, join(root, 'node_modules'));
  const result = await loadSite(root);
  const messages = result.files.flatMap((f) =>
    f.messages.map((m) => `${f.path}:${m.line}:${m.column} ${m.ruleId} ${m.fatal ? 'error' : 'warning'}`),
  );
  return { ...result, messages, root };
}

const intro = (body: string) => ({ 'content/posts/2025-01-01-intro.md': post({ title: 'Intro', date: '2025-01-01' }, body) });

describe('plugins from postbound.yaml', () => {
  it('should run a package and a file of the project with their options, in every post', async () => {
    const { site, messages } = await load(
      '  remarkPlugins:\n    - remark-math\n    - [./plugins/shout.mjs, { mark: "?" }]\n  rehypePlugins:\n    - [rehype-katex, { output: mathml }]\n',
      { 'plugins/shout.mjs': SHOUT, ...intro('Hello $x^2$ there.') },
    );
    expect(messages.filter((m) => /plugin|error/.test(m))).toEqual([]);
    const html = toHtml(site!.posts.find((p) => p.slug === 'intro')!.hast);
    expect(html).toContain('HELLO ?');
    expect(html).toContain('<math');
    expect(html).toContain('<mi>x</mi>');
    // the other posts went through the same pipeline
    expect(toHtml(site!.posts.find((p) => p.slug === 'second')!.hast)).toContain('GO ON?');
  });

  it('should report a plugin that is not installed at its entry in postbound.yaml, and one that is not a plugin', async () => {
    const { messages, ok } = await load(
      '  remarkPlugins:\n    - remark-nothing-like-this\n    - ./plugins/none.mjs\n  rehypePlugins:\n    - ./plugins/data.mjs\n',
      { 'plugins/data.mjs': 'export default { not: "a function" };\n' },
    );
    expect(ok).toBe(false);
    // the line of `markdown:`, after the base config
    const at = baseConfig.split('\n').length;
    expect(messages.filter((m) => m.includes('plugin'))).toEqual([
      `postbound.yaml:${at + 2}:7 plugin-missing error`,
      `postbound.yaml:${at + 3}:7 plugin-missing error`,
      `postbound.yaml:${at + 5}:7 plugin-invalid error`,
    ]);
  });

  it("should report a plugin that throws on a post at the post's first line, or where its error says", async () => {
    const { messages, ok, files } = await load(
      '  remarkPlugins:\n    - ./plugins/broken.mjs\n  rehypePlugins:\n    - ./plugins/picky.mjs\n',
      {
        'plugins/broken.mjs': THROWS,
        'plugins/picky.mjs': POSITIONED,
        ...intro('boom goes the post'),
        'content/posts/2025-01-04-third.md': post({ title: 'Third', date: '2025-01-04' }, 'an unclosed thing'),
      },
    );
    expect(ok).toBe(false);
    expect(messages.filter((m) => m.includes('plugin'))).toEqual([
      'content/posts/2025-01-01-intro.md:6:1 plugin-failed error',
      'content/posts/2025-01-04-third.md:9:3 plugin-failed error',
    ]);
    const reason = files.flatMap((f) => f.messages).find((m) => m.ruleId === 'plugin-failed')!;
    expect(reason.reason).toBe('The remark plugin "./plugins/broken.mjs": cannot read this post');
    expect(reason.note).toMatch(/markdown\.remarkPlugins/);
  });

  it('should report an unknown highlight theme at its key and build with the default', async () => {
    const { messages } = await load('  highlight:\n    dark: midnight-nonexistent\n');
    const at = baseConfig.split('\n').length;
    expect(messages.filter((m) => m.includes('theme'))).toEqual([`postbound.yaml:${at + 2}:5 unknown-highlight-theme error`]);
  });
});
