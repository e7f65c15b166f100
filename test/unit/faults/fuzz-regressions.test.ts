// Inputs bench/fuzz-build.ts found that crashed the build (an uncaught error
// instead of messages), each cut down to the line that did it.
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSite } from '../../../src/content/load.ts';
import { buildProject } from '../../../src/pipeline/build.ts';
import { baseConfig, makeProject, post } from '../../helpers/project.ts';

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

async function load(files: Record<string, string>, config?: string) {
  const root = await makeProject(files, { config });
  roots.push(root);
  const result = await loadSite(root, {});
  return {
    result,
    messages: result.files.flatMap((f) =>
      f.messages.map((m) => ({ file: f.path, line: m.line, id: m.ruleId, reason: m.reason })),
    ),
  };
}

const FIRST = 'content/posts/2025-01-02-first.md';

describe('inputs the fuzzing found', () => {
  it('should report an alias to an anchor never set, in postbound.yaml, at its line (seed 20, #8)', async () => {
    const { result, messages } = await load({}, baseConfig.replace('title: The Test Book', 'title: *x'));
    expect(result.ok).toBe(false);
    expect(messages).toContainEqual(expect.objectContaining({ file: 'postbound.yaml', line: 8, id: 'yaml-syntax' }));
  });

  it('should report a billion laughs in front matter instead of expanding it (seed 20, #14)', async () => {
    const bomb =
      'a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n';
    const { result, messages } = await load({ [FIRST]: `---\n${bomb}title: Bomb\ndate: 2025-01-02\n---\n\nBody.\n` });
    expect(result.ok).toBe(false);
    expect(messages).toContainEqual(
      expect.objectContaining({ file: FIRST, id: 'yaml-syntax', reason: expect.stringMatching(/alias/) }),
    );
  });

  it('should report a value that contains itself', async () => {
    const { messages } = await load({ [FIRST]: '---\ntitle: First\ndate: 2025-01-02\nloop: &t [*t]\n---\n\nBody.\n' });
    expect(messages).toContainEqual(expect.objectContaining({ file: FIRST, line: 4, id: 'yaml-syntax' }));
  });

  it.each([
    ['quotes', '> '],
    ['list items', '- '],
    ['HTML elements', '<div>'],
    ['unclosed brackets', '* ['],
  ])('should refuse a post nesting thousands of %s deep, at that line (seed 20, #11, #33, #65)', async (_, unit) => {
    const body = `Fine.\n\n${unit.repeat(8000)}deep\n`;
    const { result, messages } = await load({ [FIRST]: post({ title: 'First', date: '2025-01-02' }, body) });
    expect(result.ok).toBe(false);
    expect(messages).toContainEqual(expect.objectContaining({ file: FIRST, line: 8, id: 'too-deep' }));
  });

  // the base project's first post links to `2025-01-03-second.md#go-on`
  const SECOND = 'content/posts/2025-01-03-second.md';
  const second = (body: string) => post({ title: 'Second steps', date: '2025-01-03', series: 'Getting Started', part: 2 }, body);
  const messagesOf = (files: { path: string; messages: { line?: number; ruleId?: string | null }[] }[]) =>
    files.flatMap((f) => f.messages.map((m) => `${f.path}:${m.line} ${m.ruleId}`));

  it('should report a post refused as too deep once, not again at every link to a heading in it', async () => {
    const root = await makeProject({ [SECOND]: second(`## Go on\n\n${'> '.repeat(5000)}deep\n`) });
    roots.push(root);
    const result = await buildProject({ root });
    expect(result.ok).toBe(false);
    expect(messagesOf(result.files)).toEqual([`${SECOND}:10 too-deep`]);
  });

  it('should report a post a plugin fails on once, not again at every link to a heading in it', async () => {
    const plugin = `export default () => (tree, file) => {\n  if (String(file.value).includes('boom')) throw new Error('cannot read this post');\n};\n`;
    const config = `${baseConfig}markdown:\n  remarkPlugins:\n    - ./plugins/broken.mjs\n`;
    const root = await makeProject({ 'plugins/broken.mjs': plugin, [SECOND]: second('## Go on\n\nboom') }, { config });
    roots.push(root);
    const result = await buildProject({ root });
    expect(result.ok).toBe(false);
    expect(messagesOf(result.files)).toEqual([`${SECOND}:8 plugin-failed`]);
  });
});
