import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { frontMatterSchema } from '../../../src/config/schema.ts';
import { importCommand, importFeed } from '../../../src/import/index.ts';
import { fileState } from '../../../src/import/post-file.ts';
import { FIXTURES, makeMedia, tempDir } from './media-fixture.ts';

const wxr = join(FIXTURES, 'blog.wxr.xml');

function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const sub of ['content/posts', 'content/images']) {
    const abs = join(dir, sub);
    if (!existsSync(abs)) continue;
    for (const name of readdirSync(abs).sort()) out[`${sub}/${name}`] = readFileSync(join(abs, name)).toString('base64');
  }
  return out;
}

function front(text: string): Record<string, unknown> {
  const match = /^---\n([\s\S]*?)\n---\n/.exec(text);
  if (!match) throw new Error('no front matter');
  return parse(match[1]);
}

function capture() {
  let text = '';
  const stream = {
    write: (chunk: string) => {
      text += chunk;
      return true;
    },
  } as unknown as NodeJS.WritableStream;
  return { stream, text: () => text };
}

describe('importFeed on a WordPress export', () => {
  let media: string;
  beforeAll(async () => {
    media = await makeMedia();
  });

  it('should write posts whose front matter validates, with series, parts, drafts and tags', async () => {
    const dir = tempDir();
    const report = await importFeed({ file: wxr, dir, media });
    expect(report.ok).toBe(true);
    expect(report.format).toBe('wxr');
    expect(report.posts.map((p) => [p.path, p.action])).toEqual([
      ['content/posts/2024-02-03-sowing-in-the-cold.md', 'add'],
      ['content/posts/2024-03-10-pricking-out.md', 'add'],
      ['content/posts/2024-04-22-hardening-off.md', 'add'],
      ['content/posts/2024-05-15-tomatoes-in-bags.md', 'add'],
      ['content/posts/2024-06-02-slugs-ate-the-lettuce-again-copper-tape-did.md', 'add'],
    ]);
    const fronts = report.posts.map((p) => front(readFileSync(join(dir, p.path), 'utf8')));
    for (const f of fronts) expect(frontMatterSchema.safeParse(f).success).toBe(true);
    expect(fronts[0]).toEqual({
      title: 'Sowing in the cold',
      date: '2024-02-03T09:30:00Z',
      tags: ['Seeds', 'onions'],
      series: 'A Year of Seeds',
      part: 1,
      summary: 'Onions and leeks in February, on a shelf above the boiler.',
    });
    expect(fronts.map((f) => [f.series, f.part, f.draft])).toEqual([
      ['A Year of Seeds', 1, undefined],
      ['A Year of Seeds', 2, undefined],
      ['A Year of Seeds', undefined, true],
      ['A Year of Seeds', 3, undefined],
      [undefined, undefined, undefined],
    ]);
    // "Uncategorized" says nothing and is dropped
    expect(fronts[3].tags).toEqual(['tomatoes']);
    const first = readFileSync(join(dir, report.posts[0].path), 'utf8');
    expect(first).toContain('# imported from: https://shed.example.net/2024/02/sowing-in-the-cold/\n');
    expect(fileState(first)).toBe('ours');
  });

  it('should turn wpautop paragraphs, [caption], internal links and images into clean markdown', async () => {
    const dir = tempDir();
    await importFeed({ file: wxr, dir, media });
    const body = (name: string) => readFileSync(join(dir, 'content/posts', name), 'utf8').split('\n---\n')[1];
    expect(body('2024-02-03-sowing-in-the-cold.md')).toBe(
      '\nFebruary is too early for most things, but not for onions & leeks.\n\n' +
        'A heated mat is a luxury; a shelf above the boiler does the same job.\\\nKeep the lid on until the first loops appear.\n\n' +
        '![Seed trays on a windowsill](../images/2024-02-trays.jpg "Trays on the kitchen sill, week one")\n\n' +
        '## What came up\n\n- Onions: nine of twelve\n- Leeks: all of them\n\n' +
        'Next time: [pricking out](2024-03-10-pricking-out.md).\n',
    );
    const pricking = body('2024-03-10-pricking-out.md');
    expect(pricking).toContain('![A wooden dibber](../images/2024-03-dibber.png "The dibber my neighbour made")');
    // by ?p=ID, and by address with www. and a fragment
    expect(pricking).toContain(
      '[sowing in the cold](2024-02-03-sowing-in-the-cold.md); see [what came up](2024-02-03-sowing-in-the-cold.md#what-came-up)',
    );
    expect(pricking).toContain('\\[gallery ids="301,302,303" columns="3"]');
    expect(pricking).not.toMatch(/<|wp:/);
    expect(body('2024-05-15-tomatoes-in-bags.md')).toContain(
      'Harden the plants off first ([how](https://shed.example.net/?p=103)).',
    );
    expect(body('2024-04-22-hardening-off.md')).toContain('![A cold frame made of old windows](../images/2024-04-frame.webp)');
    expect(readdirSync(join(dir, 'content/images')).sort()).toEqual([
      '2024-02-trays.jpg',
      '2024-03-dibber.png',
      '2024-04-frame.webp',
      '2024-05-bags.jpg',
    ]);
  });

  it('should report pages, bad dates, empty posts, missing titles, shortcodes and missing images', async () => {
    const report = await importFeed({ file: wxr, dir: tempDir(), media });
    expect(report.skipped).toEqual([
      { title: 'About the shed', reason: 'page' },
      { title: 'A post from nowhen', reason: 'no usable date ("last Tuesday")' },
      { title: 'Nothing to say', reason: 'empty content' },
    ]);
    expect(report.repaired).toEqual([
      { title: 'Slugs ate the lettuce again. Copper tape did…', what: 'title made from the first words' },
    ]);
    expect(report.shortcodes).toEqual([{ post: 'Pricking out', shortcode: '[gallery ids="301,302,303" columns="3"]' }]);
    expect(report.missingImages).toEqual([
      {
        post: 'Tomatoes in bags',
        src: 'https://shed.example.net/wp-content/uploads/2024/05/not-uploaded.jpg',
        reason: 'not in the media folder (add --fetch to download it)',
      },
    ]);
    const ids = report.file.messages.map((m) => `${m.line}:${m.ruleId}`);
    expect(ids).toContain('57:import-shortcode');
    expect(ids).toContain('173:import-no-date');
    expect(ids).toContain('135:import-page-skipped');
  });

  it('should name the series after a category with --series-from category', async () => {
    const dir = tempDir();
    const report = await importFeed({ file: wxr, dir, media, seriesFrom: 'category' });
    const f = front(readFileSync(join(dir, report.posts[1].path), 'utf8'));
    expect(f.series).toBe('Seeds');
    expect(f.part).toBe(2);
    expect(f.tags).toBeUndefined();
  });

  it('should give the same files when run twice, and say nothing changed', async () => {
    const dir = tempDir();
    await importFeed({ file: wxr, dir, media });
    const once = snapshot(dir);
    const second = await importFeed({ file: wxr, dir, media });
    expect(snapshot(dir)).toEqual(once);
    expect(new Set(second.posts.map((p) => p.action))).toEqual(new Set(['unchanged']));
  });

  it('should leave an edited post alone, and overwrite it with --force', async () => {
    const dir = tempDir();
    await importFeed({ file: wxr, dir, media });
    const path = join(dir, 'content/posts/2024-03-10-pricking-out.md');
    const original = readFileSync(path, 'utf8');
    const edited = original.replace('Hold them by a leaf', 'Always hold them by a leaf');
    writeFileSync(path, edited);
    const again = await importFeed({ file: wxr, dir, media });
    expect(again.posts.find((p) => p.path.endsWith('pricking-out.md'))?.action).toBe('keep-edited');
    expect(readFileSync(path, 'utf8')).toBe(edited);
    expect(again.file.messages.some((m) => m.ruleId === 'import-kept-edited')).toBe(true);
    const forced = await importFeed({ file: wxr, dir, media, force: true });
    expect(forced.posts.find((p) => p.path.endsWith('pricking-out.md'))?.action).toBe('overwrite');
    expect(readFileSync(path, 'utf8')).toBe(original);
  });

  it('should update a post it wrote when the export changed', async () => {
    const dir = tempDir();
    await importFeed({ file: wxr, dir, media });
    const changed = join(tempDir(), 'blog.xml');
    writeFileSync(
      changed,
      readFileSync(wxr, 'utf8').replace('Grow bags are ugly and they work.', 'Grow bags are ugly, and they work.'),
    );
    const report = await importFeed({ file: changed, dir, media });
    expect(report.posts.filter((p) => p.action === 'update').map((p) => p.path)).toEqual([
      'content/posts/2024-05-15-tomatoes-in-bags.md',
    ]);
    expect(readFileSync(join(dir, 'content/posts/2024-05-15-tomatoes-in-bags.md'), 'utf8')).toContain('ugly, and they work');
  });

  it('should write nothing with --dry-run', async () => {
    const dir = tempDir();
    const out = capture();
    const code = await importCommand([wxr, dir, '--media', media, '--dry-run'], { stdout: out.stream, stderr: out.stream });
    expect(code).toBe(0);
    expect(readdirSync(dir)).toEqual([]);
    expect(out.text()).toMatch(/dry run, nothing written/);
    expect(out.text()).toMatch(/add {12}content\/posts\/2024-02-03-sowing-in-the-cold.md/);
  });
});

describe('importCommand', () => {
  it('should exit 1 with a clear message on an entity bomb and write nothing', async () => {
    const dir = tempDir();
    const out = capture();
    const err = capture();
    const code = await importCommand([join(FIXTURES, 'bomb.xml'), dir], { stdout: out.stream, stderr: err.stream });
    expect(code).toBe(1);
    expect(err.text()).toMatch(/2:1 .*error.*DTD with entities.*import-dtd/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('should exit 1 on a file it cannot read, and 2 on usage errors', async () => {
    const out = capture();
    expect(await importCommand([join(FIXTURES, 'nope.xml'), tempDir()], { stdout: out.stream, stderr: out.stream })).toBe(1);
    expect(out.text()).toMatch(/Cannot read .*nope.xml: ENOENT/);
    expect(await importCommand([], { stdout: out.stream, stderr: out.stream })).toBe(2);
    expect(await importCommand([wxr, '--bogus'], { stdout: out.stream, stderr: out.stream })).toBe(2);
    expect(await importCommand([wxr, '--media', '/no/such/folder'], { stdout: out.stream, stderr: out.stream })).toBe(2);
  });

  it('should neutralise the hostile feed and count what it removed', async () => {
    const dir = tempDir();
    const report = await importFeed({ file: join(FIXTURES, 'hostile.rss.xml'), dir });
    // two javascript: links, a data:text/html link, an SVG data image (SVG can carry script)
    expect(report.removed).toEqual({ scripts: 2, handlers: 3, unsafeLinks: 4, embeds: 1 });
    expect(report.unsafeNames.map((u) => u.src)).toEqual(['/wp-content/uploads/../../../evil.png']);
    const text = readFileSync(join(dir, report.posts[0].path), 'utf8');
    expect(text).not.toMatch(/script|javascript|onclick|onerror|onmouseover|data:/i);
    expect(text).toContain('\nHello reader.\n\na prize and another.\n');
    expect(text).toContain('<https://video.example.invalid/embed/123>');
  });
});

describe('existing posts', () => {
  it('should warn when another file already has the slug of an imported post', async () => {
    const dir = tempDir();
    const media = await makeMedia();
    await importFeed({ file: wxr, dir, media });
    const older = join(dir, 'content/posts/2023-12-31-pricking-out.md');
    writeFileSync(older, '---\ntitle: Old\ndate: 2023-12-31\n---\n\nOld text.\n');
    const report = await importFeed({ file: wxr, dir, media });
    const warning = report.file.messages.find((m) => m.ruleId === 'import-slug-taken');
    expect(warning?.reason).toBe(
      '"Pricking out": content/posts/2024-03-10-pricking-out.md has the same slug as content/posts/2023-12-31-pricking-out.md',
    );
    expect(readFileSync(older, 'utf8')).toContain('Old text.');
  });
});

describe('images used twice', () => {
  it('should store and count an image used by two posts once', async () => {
    const media = await makeMedia();
    const feed = join(tempDir(), 'twice.xml');
    const item = (n: number) =>
      `<item><title>Post ${n}</title><link>https://t.test/${n}/</link><pubDate>Mon, 0${n} Jan 2024 10:00:00 GMT</pubDate><description><![CDATA[<p>Text.</p><p><img src="https://t.test/wp-content/uploads/2024/03/dibber.png" alt="Dibber"></p>]]></description></item>`;
    writeFileSync(
      feed,
      `<rss version="2.0"><channel><title>T</title><link>https://t.test/</link>${item(1)}${item(2)}</channel></rss>`,
    );
    const dir = tempDir();
    const report = await importFeed({ file: feed, dir, media });
    expect(report.images).toEqual({ copied: 1, fetched: 0, converted: 0, files: ['content/images/2024-03-dibber.png'] });
    expect(readdirSync(join(dir, 'content/images'))).toEqual(['2024-03-dibber.png']);
  });
});
