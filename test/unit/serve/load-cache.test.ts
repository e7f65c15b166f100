// The load cache the dev server keeps: an unchanged post is not parsed again,
// and a reused post is resolved afresh (its links follow the other posts).
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Element } from 'hast';
import { selectAll } from 'hast-util-select';
import { afterAll, describe, expect, it } from 'vitest';
import { LoadCache, loadSite } from '../../../src/content/load.ts';
import { basePosts, makeProject } from '../../helpers/project.ts';

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

describe('LoadCache', () => {
  it('should parse only the post that changed, and give the same model as a load without cache', async () => {
    const root = await makeProject();
    roots.push(root);
    const cache = new LoadCache();
    await loadSite(root, { cache });
    expect([cache.hits, cache.misses]).toEqual([0, 3]);
    const rel = 'content/posts/2025-01-03-second.md';
    writeFileSync(join(root, rel), (basePosts()[rel] as string).replace('## Go on', 'Edited.\n\n## Go on'));
    const cached = await loadSite(root, { cache });
    expect([cache.hits, cache.misses]).toEqual([2, 4]);
    const fresh = await loadSite(root);
    const shape = (site: NonNullable<typeof fresh.site>) =>
      site.posts.map((p) => ({
        slug: p.slug,
        part: p.part,
        text: p.text,
        images: p.images.map((i) => i.asset.id),
        hast: JSON.stringify(p.hast),
      }));
    expect(shape(cached.site!)).toEqual(shape(fresh.site!));
    expect(cached.files.map((f) => f.messages.length)).toEqual(fresh.files.map((f) => f.messages.length));
  });

  it('should unmark a reused link whose target post went away, and report it again', async () => {
    const root = await makeProject();
    roots.push(root);
    const cache = new LoadCache();
    const first = await loadSite(root, { cache });
    const link = () =>
      (selectAll('a[href^="2025-01-03"]', first.site!.posts.find((p) => p.slug === 'first')!.hast) as Element[])[0];
    expect(link().properties.dataPostRef).toBe('second');
    rmSync(join(root, 'content/posts/2025-01-03-second.md'));
    const second = await loadSite(root, { cache });
    expect(second.ok).toBe(false);
    const post = second.site!.posts.find((p) => p.slug === 'first')!;
    const again = (selectAll('a[href^="2025-01-03"]', post.hast) as Element[])[0];
    expect(again.properties.dataPostRef).toBeUndefined();
    expect(post.file.messages.map((m) => m.ruleId)).toContain('missing-link-target');
    // and a third load of the same files reports it once, not twice
    const third = await loadSite(root, { cache });
    const file = third.files.find((f) => f.path === 'content/posts/2025-01-02-first.md')!;
    expect(file.messages.filter((m) => m.ruleId === 'missing-link-target')).toHaveLength(1);
  });
});
