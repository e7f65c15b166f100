// postbound.yaml kept between builds: a config valid before comes back from
// .cache/config.json by the hash of its text, with the same model, and its
// positions still found when a later problem asks for them.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSite } from '../../../src/content/load.ts';
import { parseSealed, saveSealed } from '../../../src/content/sealed.ts';
import { baseConfig, makeProject } from '../../helpers/project.ts';

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});
const project = async (config = baseConfig) => {
  const root = await makeProject({}, { config });
  roots.push(root);
  return { root, cacheDir: join(root, '.cache'), store: join(root, '.cache', 'config.json') };
};
const messages = (r: Awaited<ReturnType<typeof loadSite>>) =>
  r.files.flatMap((f) => f.messages.map((m) => `${f.path}:${m.line}:${m.column} ${m.ruleId}`)).sort();

describe('the config kept between builds', () => {
  it('should give the same config from the cache as from the YAML, and read it from there', async () => {
    const { root, cacheDir, store } = await project();
    const first = await loadSite(root, { cacheDir });
    const kept = parseSealed<{ hash: string; config: { site: { title: string } } }>(readFileSync(store, 'utf8'))!;
    expect(kept.config).toEqual(first.site!.config);
    const second = await loadSite(root, { cacheDir });
    expect(second.site!.config).toEqual(first.site!.config);
    // what the cache says is what the build takes (so a hit is a hit)
    kept.config.site.title = 'From the cache';
    await saveSealed(store, JSON.stringify(kept));
    expect((await loadSite(root, { cacheDir })).site!.config.site.title).toBe('From the cache');
  });

  it('should validate the config again when its text changed', async () => {
    const { root, cacheDir } = await project();
    await loadSite(root, { cacheDir });
    writeFileSync(join(root, 'postbound.yaml'), baseConfig.replace('title: Test Blog', 'title: Renamed Blog'));
    expect((await loadSite(root, { cacheDir })).site!.config.site.title).toBe('Renamed Blog');
  });

  it('should never keep an invalid config, and report it the same every time', async () => {
    const { root, cacheDir, store } = await project(baseConfig.replace('language: en', 'language: english!'));
    const first = await loadSite(root, { cacheDir });
    expect(first.ok).toBe(false);
    expect(() => readFileSync(store)).toThrow();
    const again = await loadSite(root, { cacheDir });
    expect(messages(again)).toEqual(messages(first));
    expect(messages(again).some((m) => m.startsWith('postbound.yaml:5:') && m.endsWith('config-invalid'))).toBe(true);
  });

  it('should place a later problem at its key in the config when the config came from the cache', async () => {
    const { root, cacheDir } = await project(
      `${baseConfig}  - slug: other-book\n    title: Other\n    posts: [first, no-such-post]\n`,
    );
    const uncached = await loadSite(root);
    await loadSite(root, { cacheDir });
    const cached = await loadSite(root, { cacheDir });
    expect(messages(cached)).toEqual(messages(uncached));
    expect(messages(cached)).toContain('postbound.yaml:13:20 unknown-post');
  });

  it('should drop a damaged cache file and read the YAML', async () => {
    const { root, cacheDir, store } = await project();
    await loadSite(root, { cacheDir });
    writeFileSync(store, readFileSync(store, 'utf8').replace('Test Blog', 'Tost Blog'));
    expect((await loadSite(root, { cacheDir })).site!.config.site.title).toBe('Test Blog');
  });
});
