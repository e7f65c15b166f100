// Locator: local references in posts found on disk, relative to the post or in
// the static folders, never outside the project folder.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../../src/config/schema.ts';
import { isInside, Locator } from '../../../src/content/locate.ts';

let root: string;
let outside: string;
const from = () => join(root, '_posts/2019-01-01-a.md');

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'postbound-locate-'));
  outside = mkdtempSync(join(tmpdir(), 'postbound-outside-'));
  writeFileSync(join(outside, 'secret.png'), 'secret');
  const files = [
    'assets/x.png',
    'assets/my file.png',
    'static/y.png',
    'public/y.png',
    '_posts/img/rel.png',
    'blog/assets/z.png',
    'content/posts/b/pic.png',
    'assets/inner.png',
  ];
  for (const f of files) {
    mkdirSync(dirname(join(root, f)), { recursive: true });
    writeFileSync(join(root, f), f);
  }
  mkdirSync(join(root, 'assets/folder.png'));
  symlinkSync(join(outside, 'secret.png'), join(root, 'assets/link.png'));
  symlinkSync(outside, join(root, 'assets/linked-dir'));
  symlinkSync(join(root, 'assets/inner.png'), join(root, 'assets/inner-link.png'));
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

function locator(url: string, statics: string[]) {
  const config = configSchema.parse({ site: { title: 'T', author: 'A', url }, content: { static: statics } });
  return new Locator(root, config, (p) => realpath(p));
}
const rel = (abs: string) => abs.slice(root.length + 1);

describe('Locator.file', () => {
  it('finds a path relative to the post, with a query or fragment', async () => {
    const l = locator('https://x.example/', []);
    for (const ref of ['img/rel.png', './img/rel.png', './img/rel.png?v=1#top']) {
      const found = await l.file(ref, from());
      expect(found.ok, ref).toBe(true);
      if (found.ok) expect(rel(found.abs)).toBe('_posts/img/rel.png');
    }
  });

  it("looks a site-root path up in the project folder when static is '.'", async () => {
    const found = await locator('https://x.example/', ['.']).file('/assets/x.png', from());
    expect(found).toEqual({ ok: true, abs: join(root, 'assets/x.png') });
  });

  it('uses the project folder when no static folder is set', async () => {
    expect(await locator('https://x.example/', []).file('/assets/x.png', from())).toMatchObject({ ok: true });
  });

  it('looks a site-root path up in each static folder, in order', async () => {
    const l = locator('https://x.example/', ['static', 'assets']);
    expect(await l.file('/y.png', from())).toEqual({ ok: true, abs: join(root, 'static/y.png') });
    expect(await l.file('/x.png', from())).toEqual({ ok: true, abs: join(root, 'assets/x.png') });
    expect(await locator('https://x.example/', ['public', 'static']).file('/y.png', from())).toEqual({
      ok: true,
      abs: join(root, 'public/y.png'),
    });
  });

  it('strips the base path of a site below the root, and also finds the path without it', async () => {
    const l = locator('https://x.example/blog/', ['.']);
    expect(await l.file('/blog/assets/x.png', from())).toEqual({ ok: true, abs: join(root, 'assets/x.png') });
    expect(await l.file('/assets/x.png', from())).toEqual({ ok: true, abs: join(root, 'assets/x.png') });
    // a folder named like the base is still found as written
    expect(await l.file('/blog/assets/z.png', from())).toEqual({ ok: true, abs: join(root, 'blog/assets/z.png') });
  });

  it('decodes percent-encoded paths', async () => {
    const l = locator('https://x.example/', ['.']);
    expect(await l.file('/assets/my%20file.png', from())).toEqual({ ok: true, abs: join(root, 'assets/my file.png') });
    expect(await l.file('/assets/my file.png', from())).toMatchObject({ ok: true });
  });

  it('says which paths it tried for a missing file, relative to the project', async () => {
    expect(await locator('https://x.example/', ['static', 'assets']).file('/nope.png', from())).toEqual({
      ok: false,
      problem: 'missing',
      tried: ['static/nope.png', 'assets/nope.png'],
    });
    expect(await locator('https://x.example/blog/', ['.']).file('/blog/nope.png', from())).toEqual({
      ok: false,
      problem: 'missing',
      tried: ['nope.png', 'blog/nope.png'],
    });
  });

  it('keeps a path it cannot decode as written', async () => {
    expect(await locator('https://x.example/', ['.']).file('/assets/%E0%A4%A.png', from())).toEqual({
      ok: false,
      problem: 'missing',
      tried: ['assets/%E0%A4%A.png'],
    });
  });

  it('does not take a folder for a file', async () => {
    expect(await locator('https://x.example/', ['.']).file('/assets/folder.png', from())).toMatchObject({
      ok: false,
      problem: 'missing',
    });
  });

  it('refuses a path that leaves the project folder', async () => {
    const l = locator('https://x.example/', ['.']);
    expect(await l.file('../../etc/passwd', from())).toEqual({ ok: false, problem: 'outside' });
    expect(await l.file('/../../etc/passwd', from())).toEqual({ ok: false, problem: 'outside' });
    expect(await l.file('%2e%2e/%2e%2e/etc/passwd', from())).toEqual({ ok: false, problem: 'outside' });
  });

  it('refuses a symlink to a file outside the project, or through a linked folder', async () => {
    const l = locator('https://x.example/', ['.']);
    expect(await l.file('/assets/link.png', from())).toEqual({ ok: false, problem: 'outside-link' });
    expect(await l.file('/assets/linked-dir/secret.png', from())).toEqual({ ok: false, problem: 'outside-link' });
  });

  it('follows a symlink that stays inside the project', async () => {
    expect(await locator('https://x.example/', ['.']).file('/assets/inner-link.png', from())).toEqual({
      ok: true,
      abs: join(root, 'assets/inner-link.png'),
    });
  });
});

describe('Locator.sitePathOf', () => {
  it('serves a site-root link at its path below the base, and remembers it', () => {
    const l = locator('https://x.example/blog/', ['.']);
    const post = { abs: from(), path: '2019/01/01/a/' };
    expect(l.sitePathOf('/blog/assets/x.png', join(root, 'assets/x.png'), post)).toBe('assets/x.png');
    expect(l.sitePathOf('/assets/my%20file.png?v=2', join(root, 'assets/my file.png'), post)).toBe('assets/my file.png');
    expect([...l.linkedFiles]).toEqual([
      ['assets/x.png', join(root, 'assets/x.png')],
      ['assets/my file.png', join(root, 'assets/my file.png')],
    ]);
  });

  it("serves a file beside the post beside the post's page", () => {
    const l = locator('https://x.example/', ['.']);
    expect(l.sitePathOf('img/rel.png', join(root, '_posts/img/rel.png'), { abs: from(), path: '2019/01/01/a/' })).toBe(
      '2019/01/01/a/img/rel.png',
    );
    const bundle = { abs: join(root, 'content/posts/b/index.md'), path: 'posts/b/' };
    expect(l.sitePathOf('pic.png', join(root, 'content/posts/b/pic.png'), bundle)).toBe('posts/b/pic.png');
  });

  it('serves a file above the post under files/, by its path in the project', () => {
    const l = locator('https://x.example/', ['.']);
    expect(l.sitePathOf('../assets/x.png', join(root, 'assets/x.png'), { abs: from(), path: '2019/01/01/a/' })).toBe(
      'files/assets/x.png',
    );
  });
});

describe('isInside', () => {
  it('is true only for paths strictly below the root', () => {
    expect(isInside('/r', '/r/a')).toBe(true);
    expect(isInside('/r', '/r')).toBe(false);
    expect(isInside('/r', '/r2/a')).toBe(false);
    expect(isInside('/r', '/a')).toBe(false);
  });
});
