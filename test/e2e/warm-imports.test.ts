// A build whose config and front matter come from .cache/ loads neither zod nor
// the schema, and one that parses no post with a code block loads no Shiki: the
// imports of each build, as the process itself names them.
import { spawnSync } from 'node:child_process';
import { appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeProject } from '../helpers/project.ts';

const BIN = resolve(import.meta.dirname, '../../bin/postbound.mjs');
const LOG = resolve(import.meta.dirname, '../helpers/log-imports.mjs');
const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

/** The modules a `postbound build --only site` of `root` loaded, and how it ended. */
function loadedBy(root: string): { status: number | null; modules: string[] } {
  const run = spawnSync(process.execPath, ['--import', LOG, BIN, 'build', root, '--only', 'site'], {
    encoding: 'utf8',
    env: { ...process.env, POSTBOUND_SAME_PROCESS: '1' },
  });
  const modules = run.stderr
    .split('\n')
    .filter((l) => l.startsWith('loaded '))
    .map((l) => l.slice('loaded '.length));
  return { status: run.status, modules };
}

describe('a build with nothing new to validate', () => {
  it('should load the schema the first time, and neither zod nor the schema when config and posts come from the cache', async () => {
    const root = await makeProject();
    roots.push(root);
    const schema = (m: string) => /\/config\/schema\.(ts|js)$/.test(m) || /\/zod(\.js|\/)/.test(m);
    const first = loadedBy(root);
    expect(first.status).toBe(0);
    expect(first.modules.some(schema)).toBe(true);
    const second = loadedBy(root);
    expect(second.status).toBe(0);
    expect(second.modules.length).toBeGreaterThan(20);
    expect(second.modules.filter(schema)).toEqual([]);
    // a config that changed is checked again
    const config = join(root, 'postbound.yaml');
    writeFileSync(config, readFileSync(config, 'utf8').replace('title: Test Blog', 'title: Another Blog'));
    expect(loadedBy(root).modules.some(schema)).toBe(true);
  }, 120_000);
});

describe('a build that renders only posts without code', () => {
  it('should not load Shiki, and load it once a post it renders has a code block', async () => {
    const root = await makeProject();
    roots.push(root);
    const shiki = (m: string) => /\/(shiki|@shikijs)\//.test(m) || /\/highlight\/shiki\.(ts|js)$/.test(m);
    const first = loadedBy(root);
    expect(first.status).toBe(0);
    expect(first.modules.filter(shiki)).toEqual([]);
    const second = join(root, 'content/posts/2025-01-03-second.md');
    appendFileSync(second, '\nOne more line, and no code.\n');
    const plain = loadedBy(root);
    expect(plain.status).toBe(0);
    expect(plain.modules.length).toBeGreaterThan(20);
    expect(plain.modules.filter(shiki)).toEqual([]);
    appendFileSync(second, '\n```js\nconst answer = 42;\n```\n');
    const code = loadedBy(root);
    expect(code.status).toBe(0);
    expect(code.modules.some(shiki)).toBe(true);
    const page = readFileSync(join(root, 'dist/site/posts/second/index.html'), 'utf8');
    expect(page).toMatch(/<pre [^>]*class="shiki[^"]*"[^>]*data-language="js"/);
    expect(page).toContain('--shiki-light');
  }, 120_000);
});
