import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSite } from '../../../src/content/load.ts';
import { makeProject, post } from '../../helpers/project.ts';

const countFiles = (dir: string): number =>
  readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith('.json')).length;

describe('markdown cache on disk', () => {
  it('should reuse a parse for unchanged text, replay its messages, and parse changed text again', async () => {
    const root = await makeProject({
      'content/posts/2025-01-05-raw.md': post({ title: 'Raw', date: '2025-01-05' }, 'Hello <script>alert(1)</script> there.'),
    });
    const cacheDir = join(root, '.cache');
    try {
      const first = await loadSite(root, { cacheDir });
      const files = countFiles(join(cacheDir, 'markdown'));
      expect(files).toBe(4);
      const warning = (r: typeof first) => r.files.flatMap((f) => f.messages).find((m) => m.ruleId === 'unsafe-html');
      expect(warning(first)?.line).toBe(6);

      const second = await loadSite(root, { cacheDir });
      expect(countFiles(join(cacheDir, 'markdown'))).toBe(files);
      expect(warning(second)?.line).toBe(6);
      expect(warning(second)?.note).toBe(warning(first)?.note);
      // the tree from the cache carries the same marks as a fresh parse
      const strip = (r: typeof first) =>
        r.site!.posts.map((p) => JSON.stringify(p.hast, (k, v) => (k === 'position' ? undefined : v)));
      expect(strip(second)).toEqual(strip(first));

      writeFileSync(join(root, 'content/posts/2025-01-05-raw.md'), post({ title: 'Raw', date: '2025-01-05' }, 'Changed.'));
      const third = await loadSite(root, { cacheDir });
      // one entry per post: the changed post's entry is replaced, not added to
      expect(countFiles(join(cacheDir, 'markdown'))).toBe(files);
      expect(warning(third)).toBeUndefined();
      // and the old text, back again, is parsed again rather than taken for the new one
      writeFileSync(
        join(root, 'content/posts/2025-01-05-raw.md'),
        post({ title: 'Raw', date: '2025-01-05' }, 'Hello <script>alert(1)</script> there.'),
      );
      const fourth = await loadSite(root, { cacheDir });
      expect(warning(fourth)?.line).toBe(6);
      expect(countFiles(join(cacheDir, 'markdown'))).toBe(files);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
