// parseFront: a post's front matter from its text to postbound's fields, with
// the generator's names mapped, defaults applied and every problem positioned.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VFile } from 'vfile';
import { afterAll, describe, expect, it } from 'vitest';
import { type Config, configSchema, type Generator } from '../../../src/config/schema.ts';
import { FrontMatterCache } from '../../../src/content/front-cache.ts';
import { frontContext, parseFront } from '../../../src/content/post-front.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function config(generator: Generator, extra: Partial<Record<'frontMatter', unknown>> = {}): Config {
  return configSchema.parse({ site: { title: 'T', author: 'A', url: 'https://x.example/' }, content: { generator }, ...extra });
}

const noCache = () => FrontMatterCache.open(undefined);
const times =
  (modified: string, created = '2000-01-01T00:00:00Z') =>
  () => ({
    modified: new Date(modified),
    created: new Date(created),
  });

interface Options {
  generator?: Generator;
  strict?: boolean;
  cache?: FrontMatterCache;
  fileTimes?: () => { modified: Date; created: Date };
  missing?: 'error' | 'skip';
  config?: Config;
}

async function parse(path: string, text: string, o: Options = {}) {
  const file = new VFile({ path, value: text });
  const ctx = frontContext(o.config ?? config(o.generator ?? 'jekyll'), o.strict);
  const result = await parseFront(file, text, o.cache ?? (await noCache()), ctx, o.missing ?? 'skip', o.fileTimes);
  const messages = file.messages.map((m) => ({ id: m.ruleId, at: `${m.line}:${m.column}`, fatal: m.fatal, reason: m.reason }));
  return { result, messages };
}

describe('parseFront', () => {
  it('reads a Jekyll post, keeping unknown fields in data without a message', async () => {
    const { result, messages } = await parse(
      '_posts/2019-02-28-x.md',
      '---\ntitle: X\nlayout: post\nfoo: 1\nexcerpt: E\n---\nBody\n',
    );
    expect(messages).toEqual([]);
    expect(result!.valid).toBe(true);
    expect(result!.front).toMatchObject({ title: 'X', date: '2019-02-28', summary: 'E', tags: [], draft: false });
    expect(result!.data).toEqual({ title: 'X', layout: 'post', foo: 1, excerpt: 'E' });
  });

  it('warns about a misspelt field with "did you mean", at its line', async () => {
    const { result, messages } = await parse('_posts/2019-02-28-x.md', '---\ntitle: X\nsumary: S\n---\n');
    expect(result!.valid).toBe(true);
    expect(messages).toEqual([
      { id: 'unknown-field', at: '3:1', fatal: false, reason: 'Unknown field `sumary`: did you mean `summary`?' },
    ]);
    expect(result!.data.sumary).toBe('S');
  });

  it("suggests a name of the generator's preset too", async () => {
    const { messages } = await parse('_posts/2019-02-28-x.md', '---\ntitle: X\nexcrept: S\n---\n');
    expect(messages.map((m) => m.reason)).toEqual(['Unknown field `excrept`: did you mean `excerpt`?']);
  });

  it('makes every unknown field an error under strict, naming a guess when there is one', async () => {
    const { result, messages } = await parse('_posts/2019-02-28-x.md', '---\ntitle: X\nfoo: 1\nsumary: s\n---\n', {
      strict: true,
    });
    expect(result!.valid).toBe(false);
    expect(messages).toEqual([
      { id: 'front-matter-invalid', at: '3:1', fatal: true, reason: 'Unknown field `foo` in the front matter' },
      {
        id: 'front-matter-invalid',
        at: '4:1',
        fatal: true,
        reason: 'Unknown field `sumary` in the front matter (did you mean `summary`?)',
      },
    ]);
  });

  it('takes strict from frontMatter.strict when not given', async () => {
    const strictConfig = config('jekyll', { frontMatter: { strict: true } });
    const { result } = await parse('_posts/2019-02-28-x.md', '---\ntitle: X\nfoo: 1\n---\n', { config: strictConfig });
    expect(result!.valid).toBe(false);
  });

  it('accepts mapped names under strict', async () => {
    const { result, messages } = await parse('_posts/2019-02-28-x.md', '---\ntitle: X\nexcerpt: E\n---\n', { strict: true });
    expect(messages).toEqual([]);
    expect(result!.valid).toBe(true);
  });

  it('dates a post by its YYYY-MM-DD- file name when it has no date', async () => {
    const { result } = await parse('_posts/2019-02-28-x.md', '---\ntitle: X\n---\n');
    expect(result!.front.date).toBe('2019-02-28');
  });

  it('keeps a date written in the front matter over the file name', async () => {
    const { result } = await parse('_posts/2019-02-28-x.md', '---\ntitle: X\ndate: 2019-03-12 10:11:00 -0400\n---\n');
    expect(result!.front.date).toBe('2019-03-12 10:11:00 -0400');
  });

  it('says a post without a date anywhere needs one, at the front matter', async () => {
    const { result, messages } = await parse('_posts/x.md', '---\ntitle: X\n---\n');
    expect(result!.valid).toBe(false);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ id: 'front-matter-invalid', at: '2:1', fatal: true });
    expect(messages[0]!.reason).toMatch(/needs `date`/);
  });

  it('reports an invalid date at the line of the field it came from', async () => {
    const { messages } = await parse('src/content/blog/x.md', '---\ntitle: X\npubDate: Feb 30 2022\n---\n', {
      generator: 'astro',
    });
    expect(messages.map((m) => [m.id, m.at])).toEqual([['front-matter-invalid', '3:1']]);
  });

  it("dates Eleventy's `Last Modified` and `git Created` by the file's times", async () => {
    const fileTimes = times('2023-05-06T07:08:09Z', '2020-01-01T00:00:00Z');
    const modified = await parse('posts/x.md', '---\ntitle: X\ndate: Last Modified\n---\n', { generator: 'eleventy', fileTimes });
    expect(modified.result!.front.date).toBe('2023-05-06T07:08:09.000Z');
    expect(modified.result!.data.date).toBe('Last Modified');
    const created = await parse('posts/x.md', '---\ntitle: X\ndate: git Created\n---\n', { generator: 'eleventy', fileTimes });
    expect(created.result!.front.date).toBe('2020-01-01T00:00:00.000Z');
  });

  it("dates a Jekyll draft without a date by the file's modification time", async () => {
    const { result } = await parse('_drafts/idea.md', '---\ntitle: X\n---\n', { fileTimes: times('2023-05-06T07:08:09Z') });
    expect(result!.valid).toBe(true);
    expect(result!.front.date).toBe('2023-05-06T07:08:09.000Z');
  });

  it('does not ask for the file times when the date is written', async () => {
    const fileTimes = () => {
      throw new Error('asked for the file times');
    };
    const { result } = await parse('_drafts/idea.md', '---\ntitle: X\ndate: 2020-01-01\n---\n', { fileTimes });
    expect(result!.front.date).toBe('2020-01-01');
  });

  it('reads TOML front matter with positions in the file', async () => {
    const { result, messages } = await parse(
      'content/posts/x.md',
      '+++\ndate = 2021-04-03T09:00:00+02:00\ntitle = "X"\nlastmod = 2021-05-01\n+++\nBody\n',
      { generator: 'hugo' },
    );
    expect(messages).toEqual([]);
    expect(result!.front).toMatchObject({ title: 'X', updated: '2021-05-01' });
    expect(result!.front.date).toMatch(/^2021-04-03T09:00:00(\.000)?\+02:00$/);
    expect(result!.positionOf(['title']).start.line).toBe(3);
    expect(result!.positionOf(['updated']).start.line).toBe(4);
  });

  it('warns about a misspelt TOML or JSON key at its line', async () => {
    const toml = await parse('content/posts/x.md', '+++\ntitle = "X"\ndate = 2021-04-03\nsumary = "S"\n+++\n', {
      generator: 'hugo',
    });
    expect(toml.messages.map((m) => [m.id, m.at])).toEqual([['unknown-field', '4:1']]);
    const json = await parse('content/posts/x.md', '{\n  "title": "X",\n  "date": "2021-04-03",\n  "serie": "S"\n}\n', {
      generator: 'hugo',
    });
    expect(json.messages.map((m) => [m.id, m.at, m.reason])).toEqual([
      ['unknown-field', '4:3', 'Unknown field `serie`: did you mean `series`?'],
    ]);
  });

  it('reads Hugo keys in any case, as Hugo does', async () => {
    const { messages, result } = await parse(
      'content/posts/x.md',
      '+++\nTitle = "X"\nLastMod = 2021-05-01\ndate = 2021-04-03\n+++\n',
      {
        generator: 'hugo',
      },
    );
    expect(messages).toEqual([]);
    expect(result!.front.title).toBe('X');
    expect(result!.front.updated).toBe('2021-05-01');
  });

  it('says what a capitalised field was meant to be where case matters (Jekyll)', async () => {
    const { messages, result } = await parse('_posts/2021-04-03-x.md', '---\nTitle: X\n---\n', { generator: 'jekyll' });
    // the post still builds, with Jekyll's title from its file name
    expect(messages.map((m) => [m.id, m.at])).toEqual([['unknown-field', '2:1']]);
    expect(result!.front.title).toBe('X');
    expect(messages[0]!.reason).toBe('Unknown field `Title`: did you mean `title`?');
  });

  it('gives the position of a mapped field at the name written', async () => {
    const { result } = await parse('_posts/2019-02-28-x.md', '---\ntitle: X\n\nexcerpt: E\n---\n');
    expect(result!.positionOf(['summary']).start.line).toBe(4);
  });

  it('blanks out the front matter in the body but keeps its lines', async () => {
    const text = '---\ntitle: X\n---\n\nBody\n';
    const { result } = await parse('_posts/2019-02-28-x.md', text);
    expect(String(result!.body.value)).toBe('\n\n\n\nBody\n');
    expect(String(result!.body.value).split('\n')).toHaveLength(text.split('\n').length);
  });

  it('passes over a file without front matter with a note, or reports it as an error', async () => {
    const skipped = await parse('_posts/2019-02-28-x.md', 'Just text\n');
    expect(skipped.result).toBeUndefined();
    expect(skipped.messages).toEqual([{ id: 'post-skipped', at: '1:1', fatal: undefined, reason: expect.any(String) }]);
    const missing = await parse('content/posts/x.md', 'Just text\n', { missing: 'error' });
    expect(missing.messages.map((m) => [m.id, m.fatal])).toEqual([['front-matter-missing', true]]);
  });

  it('still gives a body for a post whose front matter does not parse, marked invalid', async () => {
    const { result, messages } = await parse('_posts/2019-02-28-x.md', '---\ntitle: Step 1: begin\n---\nBody\n');
    expect(messages.map((m) => [m.id, m.at])).toEqual([['yaml-syntax', '2:8']]);
    expect(result!.valid).toBe(false);
    expect(String(result!.body.value)).toContain('Body');
  });

  it('drops Eleventy collection tags', async () => {
    const { result } = await parse('posts/x.md', '---\ntitle: X\ndate: 2020-01-01\ntags: [posts, x]\n---\n', {
      generator: 'eleventy',
    });
    expect(result!.front.tags).toEqual(['x']);
  });
});

describe('parseFront with the front matter cache', () => {
  async function cacheDir() {
    const dir = mkdtempSync(join(tmpdir(), 'postbound-front-'));
    dirs.push(dir);
    return dir;
  }

  /** Parses `text` with a cache in `dir` that last saw the same text (as a second build does). */
  async function twice(path: string, text: string, o: Options = {}, o2: Options = o) {
    const dir = await cacheDir();
    const first = await FrontMatterCache.open(dir);
    const a = await parse(path, text, { ...o, cache: first });
    await first.save();
    const b = await parse(path, text, { ...o2, cache: await FrontMatterCache.open(dir) });
    return [a, b] as const;
  }

  it('gives the same front matter, data and positions from the cache', async () => {
    const [a, b] = await twice('_posts/2019-02-28-x.md', '---\ntitle: X\nexcerpt: E\ntags: [a]\n---\nBody\n');
    expect(b.result!.front).toEqual(a.result!.front);
    expect(b.result!.data).toEqual(a.result!.data);
    expect(b.result!.valid).toBe(true);
    expect(b.result!.positionOf(['summary'])).toEqual(a.result!.positionOf(['summary']));
    expect(b.messages).toEqual(a.messages);
  });

  it('gives the same messages from the cache for front matter with warnings or errors', async () => {
    for (const text of [
      '---\ntitle: X\nsumary: S\n---\n',
      '---\ntitle: X\ndate: 2019-02-30\n---\n',
      '---\ntitle: A\ntitle: B\n---\n',
    ]) {
      const [a, b] = await twice('_posts/2019-02-28-x.md', text);
      expect(b.messages, text).toEqual(a.messages);
      expect(b.result!.valid, text).toBe(a.result!.valid);
    }
  });

  it('does not take the date of one file name for another with the same front matter', async () => {
    const dir = await cacheDir();
    const first = await FrontMatterCache.open(dir);
    await parse('_posts/2019-02-28-x.md', '---\ntitle: X\n---\n', { cache: first });
    await first.save();
    const { result } = await parse('_posts/2019-03-01-x.md', '---\ntitle: X\n---\n', { cache: await FrontMatterCache.open(dir) });
    expect(result!.front.date).toBe('2019-03-01');
  });

  it("reads `date: Last Modified` from the file's time again, not the time it had before", async () => {
    const text = '---\ntitle: X\ndate: Last Modified\n---\n';
    const [a, b] = await twice(
      'posts/x.md',
      text,
      { generator: 'eleventy', fileTimes: times('2023-05-06T07:08:09Z') },
      { generator: 'eleventy', fileTimes: times('2024-06-07T08:09:10Z') },
    );
    expect(a.result!.front.date).toBe('2023-05-06T07:08:09.000Z');
    expect(b.result!.front.date).toBe('2024-06-07T08:09:10.000Z');
  });

  it("dates a Jekyll draft by the file's current time, not the one cached", async () => {
    const [, b] = await twice(
      '_drafts/idea.md',
      '---\ntitle: X\n---\n',
      { fileTimes: times('2023-05-06T07:08:09Z') },
      { fileTimes: times('2024-06-07T08:09:10Z') },
    );
    expect(b.result!.front.date).toBe('2024-06-07T08:09:10.000Z');
  });

  it('reads the same text again under another generator', async () => {
    const text = '---\ntitle: X\ndate: 2020-01-01\ndescription: D\nweight: 2\n---\n';
    const [a, b] = await twice('content/posts/x.md', text, { generator: 'jekyll' }, { generator: 'hugo' });
    expect(a.result!.front.part).toBeUndefined();
    expect(b.result!.front.part).toBe(2);
  });
});

describe('front matter as themes write it', () => {
  it('leaves out a mapped field whose value means something else to the theme, with a warning', async () => {
    const { messages, result } = await parse('_posts/2021-04-03-x.md', '---\ntitle: X\nexcerpt: false\nimage: true\n---\n', {
      generator: 'jekyll',
    });
    expect(result!.valid).toBe(true);
    expect(result!.front.summary).toBeUndefined();
    expect(result!.front.sketch).toBeUndefined();
    // `image: true` names no image: nothing to say; `excerpt: false` is a setting, not a summary
    expect(messages.map((m) => [m.id, m.at])).toEqual([['field-ignored', '3:1']]);
  });

  it('gives a post without a title the one Jekyll would: its file name, words capitalised', async () => {
    const jekyll = await parse('_posts/2021-04-03-my-first_post.md', '---\nlayout: post\n---\n', { generator: 'jekyll' });
    expect(jekyll.result!.front.title).toBe('My First Post');
    const bundle = await parse('content/posts/river-walk/index.md', '+++\ndate = 2021-04-03\n+++\n', { generator: 'hugo' });
    expect(bundle.result!.front.title).toBe('River Walk');
    // postbound's own posts still need one
    const own = await parse('content/posts/2021-04-03-x.md', '---\ndate: 2021-04-03\n---\n', { generator: 'postbound' });
    expect(own.result!.valid).toBe(false);
  });
});
