// What a newcomer moving a blog sees: a misspelt field gets "did you mean", YAML
// that really is broken gets the line where it breaks and how to mend it, all
// problems in one run, each with its hint, and the last good dist/ kept.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.ts';
import { captureIo } from '../../helpers/io.ts';
import { makeProject, post } from '../../helpers/project.ts';

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

async function build(root: string, ...flags: string[]) {
  const { io, text } = captureIo();
  const code = await main(['build', root, '--only', 'site', ...flags], io);
  return { code, stderr: text.err };
}

describe('messages for a blog moved in', () => {
  it('warns about a misspelt field with "did you mean", at its line, and builds', async () => {
    const root = await makeProject({
      'content/posts/2025-01-04-typo.md':
        '---\ntitle: Typo\ndate: 2025-01-04\nsumary: A summary, misspelt.\nlayout: post\n---\n\nText.\n',
    });
    roots.push(root);
    const { code, stderr } = await build(root);
    expect(code).toBe(0);
    expect(stderr).toMatch(
      /content\/posts\/2025-01-04-typo\.md:4:1\s+warning\s+Unknown field `sumary`: did you mean `summary`\?\s+unknown-field/,
    );
    // a field blogs carry for their own templates is kept without a word
    expect(stderr).not.toMatch(/`layout`/);
  });

  it('points at the line where the YAML breaks, with the fix, and keeps the last good dist/', async () => {
    const root = await makeProject();
    roots.push(root);
    expect((await build(root)).code).toBe(0);
    const index = join(root, 'dist', 'site', 'index.html');
    const before = readFileSync(index);
    writeFileSync(
      join(root, 'content/posts/2025-01-05-broken.md'),
      '---\ntitle: Step 1: begin\ndate: 2025-01-05\n---\n\nText.\n',
    );
    writeFileSync(join(root, 'content/posts/2025-01-06-typo.md'), post({ title: 'T', date: '2025-01-06', tittle: 'x' }, 'Text.'));
    const { code, stderr } = await build(root);
    expect(code).toBe(1);
    expect(stderr).toMatch(/2025-01-05-broken\.md:2:\d+\s+error\s+YAML syntax: .*yaml-syntax/);
    expect(stderr).toMatch(/hint: A value that holds ": " needs quotes: title: "Step 1: begin"\./);
    // all problems in one run: the other post's warning too
    expect(stderr).toMatch(/2025-01-06-typo\.md:4:1\s+warning\s+Unknown field `tittle`: did you mean `title`\?/);
    // the broken post is still known by its file: no follow-on errors about it
    expect(stderr.match(/^\S+:\d+:\d+\s+error\s/gm)?.length).toBe(1);
    expect(stderr).toMatch(/1 error, 1 warning/);
    expect(existsSync(index) && readFileSync(index).equals(before)).toBe(true);
  });

  it('makes unknown fields errors with --strict', async () => {
    const root = await makeProject({
      'content/posts/2025-01-04-extra.md': '---\ntitle: Extra\ndate: 2025-01-04\nlayout: post\n---\n\nText.\n',
    });
    roots.push(root);
    const { code, stderr } = await build(root, '--strict');
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /2025-01-04-extra\.md:4:1\s+error\s+Unknown field `layout` in the front matter\s+front-matter-invalid/,
    );
  });
});
