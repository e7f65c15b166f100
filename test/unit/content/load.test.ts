import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadSite, uuidFrom } from '../../../src/content/load.ts';
import { slugFromFileName, slugify } from '../../../src/content/slug.ts';
import { makeProject, post } from '../../helpers/project.ts';

describe('content loader', () => {
  it('should build posts, series with part numbers, tags, assets and books', async () => {
    const root = await makeProject();
    try {
      const { site, ok } = await loadSite(root);
      expect(ok).toBe(true);
      expect(site!.posts.map((p) => p.slug)).toEqual(['second', 'first', 'intro']);
      expect(site!.series).toHaveLength(1);
      expect(site!.series[0].posts.map((p) => [p.slug, p.part])).toEqual([
        ['first', 1],
        ['second', 2],
      ]);
      expect(site!.tags.map((t) => [t.slug, t.posts.length])).toEqual([
        ['basics', 2],
        ['more', 1],
      ]);
      expect(site!.assets.size).toBe(1);
      const book = site!.books[0];
      expect(book.chapters.map((p) => p.slug)).toEqual(['first', 'second']);
      expect(book.front.map((p) => p.slug)).toEqual(['intro']);
      expect(book.identifier).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
      expect(book.language).toBe('en');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('should mark links between posts and local images in the tree', async () => {
    const root = await makeProject();
    try {
      const { site } = await loadSite(root);
      const first = site!.posts.find((p) => p.slug === 'first')!;
      const html = JSON.stringify(first.hast);
      expect(html).toContain('"dataPostRef":"second"');
      expect(html).toContain('"dataFragment":"go-on"');
      expect(first.sketch?.alt).toBe('a box with a lid');
      expect(first.images[0].asset.width).toBe(1200);
      expect(html).toMatch(/"dataAsset":"[0-9a-f]{12}"/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('should number a series by date when parts are not given, and leave drafts out', async () => {
    const root = await makeProject({
      'content/posts/2025-02-02-b.md': post({ title: 'B', date: '2025-02-02', series: 'Dated' }, 'b'),
      'content/posts/2025-02-01-a.md': post({ title: 'A', date: '2025-02-01', series: 'Dated' }, 'a'),
      'content/posts/2025-02-03-c.md': post({ title: 'C', date: '2025-02-03', series: 'Dated', draft: true }, 'c'),
    });
    try {
      const { site } = await loadSite(root);
      const dated = site!.series.find((s) => s.slug === 'dated')!;
      expect(dated.posts.map((p) => [p.slug, p.part])).toEqual([
        ['a', 1],
        ['b', 2],
      ]);
      expect(site!.posts.some((p) => p.slug === 'c')).toBe(false);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('should derive slugs from file names and titles, keeping non-Latin letters', () => {
    expect(slugFromFileName('2025-01-07-no-time.md')).toBe('no-time');
    expect(slugify('Ça va? Déjà vu!')).toBe('ca-va-deja-vu');
    expect(slugify('Καλημέρα κόσμε')).toBe('καλημερα-κοσμε');
    expect(slugify('???')).toBe('untitled');
  });

  it('should derive the same UUID from the same name', () => {
    expect(uuidFrom('a')).toBe(uuidFrom('a'));
    expect(uuidFrom('a')).not.toBe(uuidFrom('b'));
    expect(uuidFrom('a')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
