// `postbound init` and `postbound new post`, through the command line entry point
// and followed by a real build whose pages are read back.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { loadSite } from '../../src/content/load.ts';
import { captureIo } from '../helpers/io.ts';

const temps: string[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

function temp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'postbound-scaffold-'));
  temps.push(dir);
  return dir;
}

// The epub target is being written by someone else; build it too once it is there.
const TARGETS = existsSync(resolve(import.meta.dirname, '../../src/epub/index.ts')) ? 'site,epub' : 'site';

describe('postbound init', () => {
  it('should make a starter project that builds at once', async () => {
    const dir = join(temp(), 'blog');
    const { io: streams, text } = captureIo();
    expect(await main(['init', dir], streams)).toBe(0);
    expect(text.out).toContain('postbound.yaml');
    const sketch = await sharp(join(dir, 'content/sketches/first-steps.png')).metadata();
    expect(sketch.format).toBe('png');
    expect(sketch.width).toBe(2000);
    expect(readFileSync(join(dir, 'postbound.yaml'), 'utf8')).toMatch(/^# /m);
    expect(readdirSync(join(dir, 'templates'))).toEqual(['README.md']);

    const loaded = await loadSite(dir);
    expect(loaded.ok).toBe(true);
    const messages = loaded.files.flatMap((f) => f.messages);
    expect(messages.map((m) => String(m))).toEqual([]);
    const series = loaded.site!.series;
    expect(series.map((s) => [s.title, s.posts.map((p) => [p.part, p.problem !== undefined, p.answer !== undefined])])).toEqual([
      [
        'First Steps',
        [
          [1, true, true],
          [2, true, true],
        ],
      ],
    ]);

    const build = captureIo();
    expect(await main(['build', dir, '--only', TARGETS], build.io), build.text.err).toBe(0);
    const home = readFileSync(join(dir, 'dist/site/index.html'), 'utf8');
    expect(home).toContain('Start Small');
    expect(home).toContain('Keep Going');
    const post = readFileSync(join(dir, 'dist/site/posts/start-small/index.html'), 'utf8');
    expect(post).toMatch(/<img[^>]+first-steps/);
    if (TARGETS.includes('epub')) expect(existsSync(join(dir, 'dist/book/first-steps.epub'))).toBe(true);
  });

  it('should refuse to overwrite existing files, with exit code 2 and the paths', async () => {
    const dir = temp();
    expect(await main(['init', dir], captureIo().io)).toBe(0);
    const before = readFileSync(join(dir, 'postbound.yaml'), 'utf8');
    const again = captureIo();
    expect(await main(['init', dir], again.io)).toBe(2);
    expect(again.text.err).toContain('postbound.yaml');
    expect(again.text.err).toMatch(/never overwrites/);
    expect(readFileSync(join(dir, 'postbound.yaml'), 'utf8')).toBe(before);
  });
});

describe('postbound new post', () => {
  it('should add the next part of a series, which the build shows in that series', async () => {
    const dir = temp();
    expect(await main(['init', dir], captureIo().io)).toBe(0);
    const made = captureIo();
    expect(await main(['new', 'post', 'What Comes Next: Part Three?', '--series', 'first-steps', dir], made.io)).toBe(0);
    const name = readdirSync(join(dir, 'content/posts')).find((n) => n.endsWith('-what-comes-next-part-three.md'));
    expect(name).toMatch(/^\d{4}-\d{2}-\d{2}-what-comes-next-part-three\.md$/);
    const text = readFileSync(join(dir, 'content/posts', name!), 'utf8');
    expect(text).toContain('title: "What Comes Next: Part Three?"');
    expect(text).toContain('series: "First Steps"');
    expect(text).toContain('part: 3');
    expect(text).toContain('draft: true');
    expect(text).toContain(`date: ${name!.slice(0, 10)}`);

    const build = captureIo();
    expect(await main(['build', dir, '--only', 'site', '--drafts'], build.io), build.text.err).toBe(0);
    const series = readFileSync(join(dir, 'dist/site/series/first-steps/index.html'), 'utf8');
    expect(series).toContain('What Comes Next: Part Three?');
    const page = readFileSync(join(dir, 'dist/site/posts/what-comes-next-part-three/index.html'), 'utf8');
    expect(page).toMatch(/part 3 of 3 in the series/);

    // a draft stays out of a normal build (a partial build keeps old files, so read the series page)
    expect(await main(['build', dir, '--only', 'site'], captureIo().io)).toBe(0);
    expect(readFileSync(join(dir, 'dist/site/series/first-steps/index.html'), 'utf8')).not.toContain('What Comes Next');
  });

  it('should start a new series at part 1, and refuse a title whose post exists', async () => {
    const dir = temp();
    expect(await main(['init', dir], captureIo().io)).toBe(0);
    expect(await main(['new', 'post', 'Another Thing', '--series', 'Side Notes', dir], captureIo().io)).toBe(0);
    const name = readdirSync(join(dir, 'content/posts')).find((n) => n.includes('another-thing'))!;
    expect(readFileSync(join(dir, 'content/posts', name), 'utf8')).toMatch(/series: "Side Notes"\npart: 1\n/);
    const again = captureIo();
    expect(await main(['new', 'post', 'Another thing!', dir], again.io)).toBe(2);
    expect(again.text.err).toContain('another-thing');
    const plain = captureIo();
    expect(await main(['new', 'post', 'Keep Going', dir], plain.io)).toBe(2);
    expect(await main(['new', 'post'], captureIo().io)).toBe(2);
    expect(await main(['new', 'page', 'Title', dir], captureIo().io)).toBe(2);
  });

  it('should count parts by position when posts leave part out, and keep quotes in a title valid YAML', async () => {
    const dir = temp();
    expect(await main(['init', dir], captureIo().io)).toBe(0);
    const { newPost } = await import('../../src/scaffold/new-post.ts');
    const { writeFileSync } = await import('node:fs');
    // a third post in the series with no part number: it is part 3 by date
    writeFileSync(
      join(dir, 'content/posts/2025-02-01-unnumbered.md'),
      '---\ntitle: Unnumbered\ndate: 2025-02-01\nseries: First Steps\n---\n\nText.\n',
    );
    const made = await newPost({
      root: dir,
      title: 'She said "write" — and I did',
      series: 'First Steps',
      date: new Date(2025, 2, 4),
    });
    expect(made.path).toBe('content/posts/2025-03-04-she-said-write-and-i-did.md');
    // the series has a post without a part number: the new one goes without too, last by date
    expect(made.part).toBe(4);
    expect(made.text).not.toMatch(/^part:/m);
    const loaded = await loadSite(dir, { drafts: true });
    expect(loaded.ok, loaded.files.flatMap((f) => f.messages.map(String)).join('\n')).toBe(true);
    const post = loaded.site!.posts.find((p) => p.slug === 'she-said-write-and-i-did')!;
    expect(post.file.value).toContain('title: "She said \\"write\\" — and I did"');
    expect([post.series, post.part, post.draft]).toEqual(['first-steps', 4, true]);
  });
});
