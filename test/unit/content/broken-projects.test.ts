// A catalogue of broken projects: each gives a positioned message with a stable
// id and a hint, exit code 1, and leaves the last good dist/ untouched.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.ts';
import { sink } from '../../helpers/io.ts';
import { baseConfig, makeProject, post } from '../../helpers/project.ts';

interface Case {
  name: string;
  files?: Record<string, string | Buffer>;
  config?: string;
  remove?: string[];
  /** Expected message: rule id, file, and the line it must point at. */
  expect: { ruleId: string; file: string; line?: number };
}

const good = 'content/posts/2025-01-02-first.md';

const cases: Case[] = [
  {
    name: 'YAML that does not parse',
    files: { [good]: '---\ntitle: "unclosed\ndate: 2025-01-02\n---\n\nText\n' },
    expect: { ruleId: 'yaml-syntax', file: good },
  },
  {
    name: 'a post without a title',
    files: { [good]: '---\ndate: 2025-01-02\n---\n\nText\n' },
    expect: { ruleId: 'front-matter-invalid', file: good, line: 2 },
  },
  {
    name: 'a date that does not parse',
    files: { [good]: '---\ntitle: A\ndate: 2025-02-31x\n---\n\nText\n' },
    expect: { ruleId: 'front-matter-invalid', file: good, line: 3 },
  },
  {
    name: 'an unknown front matter field under frontMatter.strict',
    config: `${baseConfig}frontMatter:\n  strict: true\n`,
    files: { [good]: '---\ntitle: A\ndate: 2025-01-02\nsumary: typo\n---\n\nText\n' },
    expect: { ruleId: 'front-matter-invalid', file: good, line: 4 },
  },
  {
    name: 'a post without front matter',
    files: { 'content/posts/bare.md': '# Just text\n' },
    expect: { ruleId: 'front-matter-missing', file: 'content/posts/bare.md', line: 1 },
  },
  {
    name: 'a book naming an unknown series',
    config: baseConfig.replace('series: getting-started', 'series: no-such-series'),
    expect: { ruleId: 'unknown-series', file: 'postbound.yaml', line: 9 },
  },
  {
    name: 'a book naming an unknown post',
    config: baseConfig.replace('front: [intro]', 'front: [intro, preface]'),
    expect: { ruleId: 'unknown-post', file: 'postbound.yaml', line: 10 },
  },
  {
    name: 'an unknown config key',
    config: `${baseConfig}colour: blue\n`,
    expect: { ruleId: 'config-invalid', file: 'postbound.yaml', line: 11 },
  },
  {
    name: 'a config URL that is not a URL',
    config: baseConfig.replace('https://test.example.org/', 'not a url'),
    expect: { ruleId: 'config-invalid', file: 'postbound.yaml', line: 4 },
  },
  {
    name: 'config YAML that does not parse',
    config: `${baseConfig}  - [unclosed\n`,
    expect: { ruleId: 'yaml-syntax', file: 'postbound.yaml' },
  },
  { name: 'no postbound.yaml', remove: ['postbound.yaml'], expect: { ruleId: 'config-missing', file: 'postbound.yaml' } },
  {
    name: 'two posts with the same slug',
    files: { 'content/posts/2025-02-01-first.md': post({ title: 'Another first', date: '2025-02-01' }, 'Text') },
    expect: { ruleId: 'duplicate-slug', file: 'content/posts/2025-02-01-first.md' },
  },
  {
    name: 'two posts claiming the same part',
    files: {
      'content/posts/2025-01-04-third.md': post(
        { title: 'Third', date: '2025-01-04', series: 'Getting Started', part: 2 },
        'Text',
      ),
    },
    expect: { ruleId: 'duplicate-part', file: 'content/posts/2025-01-04-third.md', line: 5 },
  },
  {
    name: 'an image that does not exist',
    files: {
      'content/posts/2025-01-05-img.md': post({ title: 'Img', date: '2025-01-05' }, 'Intro.\n\n![a cat](../sketches/cat.png)'),
    },
    expect: { ruleId: 'missing-image', file: 'content/posts/2025-01-05-img.md', line: 8 },
  },
  {
    name: 'an image path that leaves the project',
    files: {
      'content/posts/2025-01-05-img.md': post({ title: 'Img', date: '2025-01-05' }, '![secret](../../../../../etc/hostname)'),
    },
    expect: { ruleId: 'image-outside-project', file: 'content/posts/2025-01-05-img.md', line: 6 },
  },
  {
    name: 'a remote image',
    files: {
      'content/posts/2025-01-05-img.md': post({ title: 'Img', date: '2025-01-05' }, '![logo](https://example.com/logo.png)'),
    },
    expect: { ruleId: 'remote-image', file: 'content/posts/2025-01-05-img.md', line: 6 },
  },
  {
    name: 'a link to a post that does not exist',
    files: {
      'content/posts/2025-01-05-l.md': post({ title: 'L', date: '2025-01-05' }, 'One.\n\nTwo [gone](2024-01-01-gone.md).'),
    },
    expect: { ruleId: 'missing-link-target', file: 'content/posts/2025-01-05-l.md', line: 8 },
  },
  {
    name: 'a link to a heading that does not exist',
    files: {
      'content/posts/2025-01-05-l.md': post({ title: 'L', date: '2025-01-05' }, 'See [here](2025-01-03-second.md#nowhere).'),
    },
    expect: { ruleId: 'missing-fragment', file: 'content/posts/2025-01-05-l.md', line: 6 },
  },
  {
    name: 'a link to a draft',
    files: {
      'content/posts/2025-01-06-draft.md': post({ title: 'D', date: '2025-01-06', draft: true }, 'Unfinished.'),
      'content/posts/2025-01-05-l.md': post({ title: 'L', date: '2025-01-05' }, 'See [the draft](2025-01-06-draft.md).'),
    },
    expect: { ruleId: 'link-to-draft', file: 'content/posts/2025-01-05-l.md', line: 6 },
  },
  {
    name: 'a sketch field naming a missing file',
    files: { 'content/posts/2025-01-05-s.md': post({ title: 'S', date: '2025-01-05', sketch: '../sketches/nope.png' }, 'Text.') },
    expect: { ruleId: 'missing-image', file: 'content/posts/2025-01-05-s.md', line: 4 },
  },
];

let base: string;
let distBefore: string;

beforeAll(async () => {
  base = await makeProject();
  const out = sink();
  const code = await main(['build', base, '--only', 'site'], { stdout: out.stream, stderr: out.stream });
  expect(code, out.text()).toBe(0);
  distBefore = readFileSync(join(base, 'dist', 'report.json'), 'utf8');
});

afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('broken projects', () => {
  it('has at least 15 kinds of bad input', () => {
    expect(cases.length).toBeGreaterThanOrEqual(15);
  });

  for (const c of cases) {
    it(`reports ${c.name} with a position, exit code 1 and dist/ unchanged`, async () => {
      const root = mkdtempSync(join(tmpdir(), 'postbound-broken-'));
      try {
        cpSync(base, root, { recursive: true });
        if (c.config !== undefined) writeFileSync(join(root, 'postbound.yaml'), c.config);
        for (const [path, data] of Object.entries(c.files ?? {})) {
          mkdirSync(dirname(join(root, path)), { recursive: true });
          writeFileSync(join(root, path), data);
        }
        for (const path of c.remove ?? []) rmSync(join(root, path));
        const out = sink();
        const code = await main(['build', root, '--only', 'site'], { stdout: out.stream, stderr: out.stream });
        const text = out.text();
        expect(code, text).toBe(1);
        // src/cli/messages.ts: `file:line:column  error  reason  rule-id`, the file relative to the current folder
        const at = (l: string) => /^(\S+?)(?::(\d+):(\d+))?\s/.exec(l);
        const lines = text.split('\n');
        const index = lines.findIndex((l) => l.includes(c.expect.ruleId) && (at(l)?.[1] ?? '').endsWith(c.expect.file));
        const line = lines[index];
        expect(line, text).toBeDefined();
        // and what to do, on the next line
        expect(lines[index + 1], text).toMatch(/^ {2}hint: \S/);
        if (c.expect.ruleId !== 'config-missing') expect(at(line!)?.[2], text).toBeDefined();
        if (c.expect.line !== undefined) expect(Number(at(line!)?.[2])).toBe(c.expect.line);
        expect(line).toMatch(/\serror\s/);
        expect(text).toContain('dist/ was left as it was');
        expect(readFileSync(join(root, 'dist', 'report.json'), 'utf8')).toBe(distBefore);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    });
  }

  it('reports every problem of a project at once, not only the first', async () => {
    const root = await makeProject({
      'content/posts/2025-01-05-a.md': post({ title: 'A', date: '2025-01-05' }, '![x](../sketches/none.png)'),
      'content/posts/2025-01-06-b.md': '---\ntitle: B\ndate: nope\n---\n\n[y](missing.md)\n',
    });
    try {
      const out = sink();
      expect(await main(['build', root, '--only', 'site'], { stdout: out.stream, stderr: out.stream })).toBe(1);
      for (const id of ['missing-image', 'front-matter-invalid', 'missing-link-target']) expect(out.text()).toContain(id);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
