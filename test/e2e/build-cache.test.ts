// A second build with nothing changed copies the books from .cache/books/
// instead of making them again; changing a chapter makes them again.
import { appendFileSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildProject } from '../../src/pipeline/build.ts';
import { makeProject, post } from '../helpers/project.ts';

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
