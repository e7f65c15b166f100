// `--strict` reaches the loader, from `build` and from `serve`'s dev site
// (the loader makes unknown front matter fields errors with it).
import { rmSync } from 'node:fs';
import { Writable } from 'node:stream';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../src/cli/main.ts';
import { loadSite } from '../../../src/content/load.ts';
import { DevSite } from '../../../src/serve/dev-site.ts';
import { makeProject } from '../../helpers/project.ts';

vi.mock('../../../src/content/load.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../src/content/load.ts')>();
  return { ...original, loadSite: vi.fn(original.loadSite) };
});

const loads = vi.mocked(loadSite);
const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});
beforeEach(() => {
  loads.mockClear();
});

const quiet = () => new Writable({ write: (_chunk, _enc, done) => done() });

describe('--strict', () => {
  it('should be passed to loadSite by build, and left to the config without it', async () => {
    const root = await makeProject();
    roots.push(root);
    const io = { stdout: quiet(), stderr: quiet() };
    expect(await main(['build', root, '--only', 'site', '--strict'], io)).toBe(0);
    expect(loads.mock.calls.at(-1)?.[1]).toMatchObject({ strict: true });
    expect(await main(['build', root, '--only', 'site'], io)).toBe(0);
    expect(loads.mock.calls.at(-1)?.[1]?.strict).toBeUndefined();
  });

  it("should be passed to loadSite by serve's dev site", async () => {
    const root = await makeProject();
    roots.push(root);
    const result = await new DevSite({ root, strict: true }).rebuild(true);
    expect(result.ok).toBe(true);
    expect(loads.mock.calls.at(-1)?.[1]).toMatchObject({ strict: true });
  });
});
