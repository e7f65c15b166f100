// A second build with nothing changed takes the books and the site back from
// .cache/ instead of making them again; a change to what they read makes them again.
import { appendFileSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { buildProject } from '../../src/pipeline/build.ts';
import { baseConfig, makeProject, post } from '../helpers/project.ts';

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

const stages = (report: { timings: { stage: string }[] }) => report.timings.map((t) => t.stage);

describe('the book cache', () => {
  it('should restore identical books when nothing changed, and rebuild them when a chapter changed', async () => {
    const root = await makeProject({
      'content/posts/2025-01-09-aside.md': post({ title: 'An aside', date: '2025-01-09' }, 'Not in the book.'),
    });
    roots.push(root);
    const epub = join(root, 'dist', 'book', 'test-book.epub');

    const first = await buildProject({ root, only: ['epub', 'mobi'] });
    expect(first.ok).toBe(true);
    expect(stages(first.report!)).toContain('epub');
    const bytes = readFileSync(epub);

    const second = await buildProject({ root, only: ['epub', 'mobi'] });
    expect(second.ok).toBe(true);
    expect(stages(second.report!)).toContain('books from cache');
    expect(stages(second.report!)).not.toContain('epub');
    expect(readFileSync(epub).equals(bytes)).toBe(true);
    expect(second.report!.files.map((f) => f.path)).toEqual(first.report!.files.map((f) => f.path));
    expect(second.report!.validation).toEqual(first.report!.validation);

    // a post outside the book changes nothing the books read
    appendFileSync(join(root, 'content/posts/2025-01-09-aside.md'), '\nMore.\n');
    const third = await buildProject({ root, only: ['epub', 'mobi'] });
    expect(stages(third.report!)).not.toContain('epub');

    appendFileSync(join(root, 'content/posts/2025-01-03-second.md'), '\nA new closing line.\n');
    const fourth = await buildProject({ root, only: ['epub', 'mobi'] });
    expect(fourth.ok).toBe(true);
    expect(stages(fourth.report!)).toContain('epub');
    expect(readFileSync(epub).equals(bytes)).toBe(false);
  });
});

describe('the site cache', () => {
  const siteFiles = (root: string, report: { files: { path: string }[] }) =>
    new Map(
      report.files
        .filter((f) => f.path.startsWith('site/'))
        .map((f) => [f.path, readFileSync(join(root, 'dist', f.path), 'utf8')] as const),
    );

  it('should take the site back when nothing it reads changed, and make it again for a change a post only includes', async () => {
    const root = await makeProject(
      {
        '_includes/note.html': '<p class="note">Written on a train.</p>',
        'content/posts/2025-01-09-aside.md': post(
          { title: 'An aside', date: '2025-01-09' },
          'Before.\n\n{% include note.html %}',
        ),
      },
      { config: `${baseConfig}content:\n  generator: jekyll\n  posts: [content/posts]\n` },
    );
    roots.push(root);
    const first = await buildProject({ root, only: ['site'] });
    expect(first.ok).toBe(true);
    expect(stages(first.report!)).toContain('site');
    const page = join(root, 'dist', 'site', 'posts', 'aside', 'index.html');
    expect(readFileSync(page, 'utf8')).toContain('Written on a train.');

    const second = await buildProject({ root, only: ['site'] });
    expect(stages(second.report!)).toContain('site from cache');
    expect(stages(second.report!)).not.toContain('site');
    expect(siteFiles(root, second.report!)).toEqual(siteFiles(root, first.report!));

    // the post's text is the same; what it includes is not
    writeFileSync(join(root, '_includes', 'note.html'), '<p class="note">Written on a bus.</p>');
    const third = await buildProject({ root, only: ['site'] });
    expect(stages(third.report!)).toContain('site');
    expect(readFileSync(page, 'utf8')).toContain('Written on a bus.');

    // a sketch redrawn under the same name
    writeFileSync(
      join(root, 'content', 'sketches', 'one.png'),
      await sharp({ create: { width: 900, height: 600, channels: 3, background: '#203040' } })
        .png()
        .toBuffer(),
    );
    const fourth = await buildProject({ root, only: ['site'] });
    expect(stages(fourth.report!)).toContain('site');
    expect(
      fourth.report!.files.some((f) => f.path.startsWith('site/images/') && !third.report!.files.some((g) => g.path === f.path)),
    ).toBe(true);
  });

  it('should make the site again when a kept page was altered, in the cache or through dist/ (which shares its files)', async () => {
    const root = await makeProject();
    roots.push(root);
    const first = await buildProject({ root, only: ['site'] });
    const home = join(root, 'dist', 'site', 'index.html');
    const bytes = readFileSync(home, 'utf8');
    const kept = () => {
      const [entry] = readdirSync(join(root, '.cache', 'site'));
      return join(root, '.cache', 'site', entry!, 'files', 'site', 'index.html');
    };
    writeFileSync(kept(), bytes.replace('Test Blog', 'Wrong Blog'));
    const second = await buildProject({ root, only: ['site'] });
    expect(stages(second.report!)).toContain('site');
    expect(readFileSync(home, 'utf8')).toBe(bytes);

    // taken back from the cache: dist/ holds the cache's own files (hard links)
    const third = await buildProject({ root, only: ['site'] });
    expect(stages(third.report!)).toContain('site from cache');
    appendFileSync(home, '<!-- edited in place -->');
    expect(readFileSync(kept(), 'utf8')).not.toBe(bytes);
    const fourth = await buildProject({ root, only: ['site'] });
    expect(stages(fourth.report!)).toContain('site');
    expect(readFileSync(home, 'utf8')).toBe(bytes);
    expect(siteFiles(root, fourth.report!)).toEqual(siteFiles(root, first.report!));
  });
});
