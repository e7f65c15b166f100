// The page plan: which pages a change to the model touches.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoadCache, loadSite } from '../../../src/content/load.ts';
import type { Site } from '../../../src/content/model.ts';
import { pageUrl, planPages } from '../../../src/serve/plan.ts';
import { baseConfig, basePosts, makeProject, post } from '../../helpers/project.ts';

let root: string;
let before: Site;
const cache = new LoadCache();

async function load(): Promise<Site> {
  const loaded = await loadSite(root, { cache });
  expect(loaded.ok).toBe(true);
  return loaded.site!;
}

function write(rel: string, text: string): void {
  writeFileSync(join(root, rel), text);
}

beforeAll(async () => {
  root = await makeProject({
    'content/posts/2025-02-01-aside.md': post({ title: 'Aside', date: '2025-02-01', tags: ['other'] }, 'Unrelated.'),
  });
  before = await load();
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('planPages', () => {
  it('should render everything on the first build and when asked to', () => {
    expect(planPages(undefined, before).all).toBe(true);
    expect(planPages(before, before, true).all).toBe(true);
  });

  it('should render nothing when nothing changed', async () => {
    const plan = planPages(before, await load());
    expect(plan).toEqual({ all: false, pages: new Set(), removed: [] });
  });

  it('should render an edited post, the pages that list it, and no other post', async () => {
    const original = basePosts()['content/posts/2025-01-03-second.md'] as string;
    write('content/posts/2025-01-03-second.md', original.replace('## Go on', 'A new line.\n\n## Go on'));
    const after = await load();
    const plan = planPages(before, after);
    expect(plan.all).toBe(false);
    expect([...plan.pages].sort()).toEqual(
      [
        'posts/second/index.html',
        'series/getting-started/index.html',
        'tags/basics/index.html',
        'tags/more/index.html',
        'index.html',
        'archive/index.html',
        'tags/index.html',
        'feed.xml',
        'sitemap.xml',
      ].sort(),
    );
    write('content/posts/2025-01-03-second.md', original);
    before = await load();
  });

  it('should render the whole series when a title changes (neighbours show it), and the old and new tags', async () => {
    const original = basePosts()['content/posts/2025-01-03-second.md'] as string;
    write(
      'content/posts/2025-01-03-second.md',
      original.replace('Second steps', 'Second, renamed').replace('["basics", "more"]', '["basics", "fresh"]'),
    );
    const plan = planPages(before, await load());
    expect(plan.pages.has('posts/first/index.html')).toBe(true);
    expect(plan.pages.has('posts/second/index.html')).toBe(true);
    expect(plan.pages.has('tags/more/index.html')).toBe(false);
    expect(plan.pages.has('tags/fresh/index.html')).toBe(true);
    expect(plan.pages.has('posts/aside/index.html')).toBe(false);
    expect(plan.removed).toEqual(['tags/more']);
    write('content/posts/2025-01-03-second.md', original);
    before = await load();
  });

  it('should remove the old page of a post whose slug changed', async () => {
    write(
      'content/posts/2025-02-01-aside.md',
      post({ title: 'Aside', date: '2025-02-01', tags: ['other'], slug: 'by-the-way' }, 'Unrelated.'),
    );
    const plan = planPages(before, await load());
    expect(plan.removed).toEqual(['posts/aside']);
    expect(plan.pages.has('posts/by-the-way/index.html')).toBe(true);
    expect(plan.pages.has('posts/aside/index.html')).toBe(false);
  });

  it('should turn page paths into the URLs a browser shows', () => {
    expect(pageUrl('/', 'index.html')).toBe('/');
    expect(pageUrl('/blog/', 'posts/x/index.html')).toBe('/blog/posts/x/');
    expect(pageUrl('/', 'feed.xml')).toBe('/feed.xml');
  });
});

describe('planPages with paginated lists', () => {
  it("should render every page of the home and of the post's tags, which shift when a post changes", async () => {
    const paged = await makeProject(
      {},
      { config: baseConfig.replace('  language: en\n', '  language: en\n  postsPerPage: 1\n') },
    );
    const again = new LoadCache();
    const site = async () => (await loadSite(paged, { cache: again })).site!;
    try {
      const first = await site();
      const original = basePosts()['content/posts/2025-01-03-second.md'] as string;
      writeFileSync(join(paged, 'content/posts/2025-01-03-second.md'), original.replace('## Go on', 'More.\n\n## Go on'));
      const plan = planPages(first, await site());
      const count = first.posts.length;
      expect(count).toBeGreaterThan(2);
      for (let n = 2; n <= count; n++) expect(plan.pages.has(`page/${n}/index.html`), `page ${n}`).toBe(true);
      expect(plan.pages.has(`page/${count + 1}/index.html`)).toBe(false);
      const basics = first.tags.find((t) => t.name === 'basics')!;
      expect(basics.posts.length).toBe(2);
      expect(plan.pages.has('tags/basics/index.html')).toBe(true);
      expect(plan.pages.has('tags/basics/page/2/index.html')).toBe(true);
    } finally {
      rmSync(paged, { recursive: true, force: true });
    }
  });
});
