import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSite } from '../../../src/content/load.ts';
import { parseSealed } from '../../../src/content/sealed.ts';
import { makeProject, post } from '../../helpers/project.ts';

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

const model = (site: Awaited<ReturnType<typeof loadSite>>['site']) =>
  site!.posts.map((p) => ({
    slug: p.slug,
    title: p.title,
    date: p.date.toISOString(),
    tags: p.tags,
    series: p.series,
    words: p.words,
    text: p.text,
  }));
const messages = (r: Awaited<ReturnType<typeof loadSite>>) =>
  r.files.flatMap((f) => f.messages.map((m) => `${f.path}:${m.line}:${m.column} ${m.ruleId}`)).sort();

describe('front matter kept between builds', () => {
  it('gives the same model from the cache as from the YAML', async () => {
    const root = await makeProject();
    roots.push(root);
    const cacheDir = join(root, '.cache');
    const first = await loadSite(root, { cacheDir });
    expect(existsSync(join(cacheDir, 'front-matter.json'))).toBe(true);
    const stored = parseSealed<{ entries: object }>(readFileSync(join(cacheDir, 'front-matter.json'), 'utf8'))!;
    expect(Object.keys(stored.entries).length).toBe(first.site!.posts.length);
    const second = await loadSite(root, { cacheDir });
    expect(model(second.site)).toEqual(model(first.site));
    expect(messages(second)).toEqual(messages(first));
  });

  it('still places a later problem at its key when the front matter came from the cache', async () => {
    const root = await makeProject({
      // a second post with the slug of the first: reported at the `slug:` line of both
      'content/posts/2025-02-01-again.md': post({ title: 'Again', date: '2025-02-01', slug: 'first', tags: ['x'] }, 'Body.'),
      'content/posts/2025-02-02-sketchy.md': post(
        { title: 'Sketchy', date: '2025-02-02', tags: ['y'], sketch: '../sketches/none.png' },
        'Body.',
      ),
    });
    roots.push(root);
    const cacheDir = join(root, '.cache');
    const uncached = await loadSite(root);
    await loadSite(root, { cacheDir });
    const cached = await loadSite(root, { cacheDir });
    expect(messages(cached)).toEqual(messages(uncached));
    expect(messages(cached)).toContain('content/posts/2025-02-01-again.md:4:1 duplicate-slug');
    expect(
      messages(cached).some((m) => m.startsWith('content/posts/2025-02-02-sketchy.md:5:') && m.endsWith('missing-image')),
    ).toBe(true);
  });

  it('reads front matter again when it changed, and never keeps invalid front matter', async () => {
    const root = await makeProject();
    roots.push(root);
    const cacheDir = join(root, '.cache');
    await loadSite(root, { cacheDir });
    const path = join(root, 'content/posts/2025-01-03-second.md');
    writeFileSync(path, readFileSync(path, 'utf8').replace('date: "2025-01-03"', 'date: "2025-13-45"'));
    const broken = await loadSite(root, { cacheDir });
    expect(
      messages(broken).some((m) => m.startsWith('content/posts/2025-01-03-second.md:3:') && m.endsWith('front-matter-invalid')),
    ).toBe(true);
    const again = await loadSite(root, { cacheDir });
    expect(messages(again)).toEqual(messages(broken));
  });
});
