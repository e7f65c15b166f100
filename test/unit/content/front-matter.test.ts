// The front matter block at the top of a post (YAML, TOML or JSON), and its
// data read with the position of each key in the file.
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { parseFrontMatterData, splitFrontMatter } from '../../../src/content/front-matter.ts';
import { parseToml } from '../../../src/content/toml.ts';

function data(text: string) {
  const file = new VFile({ path: 'post.md' });
  const block = splitFrontMatter(text);
  if (!block) throw new Error('no block');
  const parsed = parseFrontMatterData(file, block);
  const messages = file.messages.map((m) => ({ id: m.ruleId, at: `${m.line}:${m.column}`, fatal: m.fatal, reason: m.reason }));
  return { parsed, messages };
}

describe('splitFrontMatter', () => {
  it('finds a YAML block between --- lines, starting on line 2', () => {
    expect(splitFrontMatter('---\ntitle: A\ndate: 2020-01-01\n---\n\nBody\n')).toEqual({
      format: 'yaml',
      source: 'title: A\ndate: 2020-01-01',
      line: 2,
      raw: '---\ntitle: A\ndate: 2020-01-01\n---\n',
    });
  });

  it('ends a YAML block at a ... line', () => {
    const block = splitFrontMatter('---\ntitle: A\n...\nBody\n');
    expect(block).toMatchObject({ format: 'yaml', source: 'title: A', raw: '---\ntitle: A\n...\n' });
  });

  it('finds a TOML block between +++ lines', () => {
    const block = splitFrontMatter('+++\ntitle = "A"\n+++\nBody\n');
    expect(block).toEqual({ format: 'toml', source: 'title = "A"', line: 2, raw: '+++\ntitle = "A"\n+++\n' });
  });

  it('finds a JSON object at the top, braces inside strings included', () => {
    const text = '{\n  "title": "A {b} }",\n  "s": "quote \\" }"\n}\nBody {x}\n';
    const block = splitFrontMatter(text)!;
    expect(block.format).toBe('json');
    expect(block.line).toBe(1);
    expect(JSON.parse(block.source)).toEqual({ title: 'A {b} }', s: 'quote " }' });
    expect(block.raw).toBe(text.slice(0, text.indexOf('Body')));
  });

  it('finds nested JSON objects to the closing brace of the outer one', () => {
    const block = splitFrontMatter('{"a": {"b": {}}, "c": 1}\nBody\n')!;
    expect(block.source).toBe('{"a": {"b": {}}, "c": 1}');
  });

  it('does not take a JSON object followed by text on its line as front matter', () => {
    expect(splitFrontMatter('{"title": "A"} and more\n')).toBeUndefined();
    expect(splitFrontMatter('{"title": "A"\n')).toBeUndefined();
  });

  it('skips a byte order mark', () => {
    expect(splitFrontMatter('\uFEFF---\ntitle: A\n---\n')).toMatchObject({ format: 'yaml', source: 'title: A' });
    expect(splitFrontMatter('\uFEFF+++\ntitle = "A"\n+++\n')).toMatchObject({ format: 'toml', source: 'title = "A"' });
    expect(splitFrontMatter('\uFEFF{"title":"A"}\n')).toMatchObject({ format: 'json', source: '{"title":"A"}' });
  });

  it('reads CRLF files, keeping the whole block in raw', () => {
    const text = '---\r\ntitle: A\r\ndate: 2020-01-01\r\n---\r\nBody\r\n';
    const block = splitFrontMatter(text)!;
    expect(block.source).toBe('title: A\r\ndate: 2020-01-01');
    expect(block.raw).toBe('---\r\ntitle: A\r\ndate: 2020-01-01\r\n---\r\n');
    expect(splitFrontMatter('+++\r\ntitle = "A"\r\n+++\r\n')!.source).toBe('title = "A"');
  });

  it('takes an empty block, and a block at the end of the file', () => {
    expect(splitFrontMatter('---\n---\nBody')).toMatchObject({ source: '', raw: '---\n---\n' });
    expect(splitFrontMatter('---\ntitle: A\n---')).toMatchObject({ source: 'title: A', raw: '---\ntitle: A\n---' });
  });

  it('ends the block at the first fence, not at a --- inside a block scalar', () => {
    const block = splitFrontMatter('---\ntitle: A\nsummary: |\n  ---\n  x\n---\n')!;
    expect(block.source).toBe('title: A\nsummary: |\n  ---\n  x');
  });

  it('allows spaces after a fence', () => {
    expect(splitFrontMatter('---  \ntitle: A\n---\t\nBody')).toMatchObject({ source: 'title: A' });
  });

  it('finds no block when there is none, it is not closed, or it is not at the top', () => {
    expect(splitFrontMatter('# Just text\n')).toBeUndefined();
    expect(splitFrontMatter('---\ntitle: A\n')).toBeUndefined();
    expect(splitFrontMatter('text\n---\ntitle: A\n---\n')).toBeUndefined();
    expect(splitFrontMatter('\n---\ntitle: A\n---\n')).toBeUndefined();
    expect(splitFrontMatter('----\ntitle: A\n----\n')).toBeUndefined();
    expect(splitFrontMatter('+++\ntitle = "A"\n')).toBeUndefined();
    expect(splitFrontMatter('')).toBeUndefined();
  });
});

describe('parseFrontMatterData', () => {
  it('gives the line of a YAML key in the file', () => {
    const { parsed, messages } = data('---\ndate: 2020-01-01\ntitle: A\n---\n');
    expect(parsed.ok).toBe(true);
    expect(parsed.value).toEqual({ date: '2020-01-01', title: 'A' });
    expect(parsed.positionOf(['title']).start).toMatchObject({ line: 3, column: 1 });
    expect(messages).toEqual([]);
  });

  it('gives the line of a TOML key in the file', () => {
    const { parsed } = data('+++\ndate = 2020-01-01\n  title = "A"\n+++\n');
    expect(parsed.value).toEqual({ date: '2020-01-01', title: 'A' });
    expect(parsed.positionOf(['title']).start).toEqual({ line: 3, column: 3 });
    expect(parsed.positionOf(['date']).start).toEqual({ line: 2, column: 1 });
  });

  it('finds a quoted TOML key, and not a key that only starts the same', () => {
    const { parsed } = data('+++\ntitles = ["x"]\n"title" = "A"\n+++\n');
    expect(parsed.positionOf(['title']).start.line).toBe(3);
  });

  it('gives the line of a JSON key in the file', () => {
    const { parsed } = data('{\n  "date": "2020-01-01",\n  "title": "A"\n}\nBody\n');
    expect(parsed.value).toEqual({ date: '2020-01-01', title: 'A' });
    expect(parsed.positionOf(['title']).start).toEqual({ line: 3, column: 3 });
  });

  it('points a missing key at the whole block', () => {
    const toml = data('+++\ntitle = "A"\n+++\n').parsed.positionOf(['date']);
    expect(toml.start.line).toBe(2);
    const json = data('{\n  "title": "A"\n}\n').parsed.positionOf(['date']);
    expect(json.start.line).toBe(1);
    expect(json.end.line).toBe(3);
  });

  it('reads TOML dates as the ISO text written, on the day written', () => {
    const { parsed } = data(
      '+++\nd1 = 2021-04-03T09:00:00+02:00\nd2 = 2021-04-03\nd3 = 2021-04-03T00:30:00+01:00\nd4 = 2021-04-03T09:00:00\n+++\n',
    );
    const v = parsed.value!;
    expect(v.d1).toMatch(/^2021-04-03T09:00:00(\.000)?\+02:00$/);
    expect(v.d2).toBe('2021-04-03');
    expect(v.d3).toMatch(/^2021-04-03T00:30:00(\.000)?\+01:00$/);
    expect(v.d4).toMatch(/^2021-04-03T09:00:00(\.000)?$/);
  });

  it('reads TOML dates inside tables and arrays as text too', () => {
    const { parsed } = data('+++\ndates = [2020-01-01, 2020-02-02]\n[params]\nwhen = 2020-03-03\n+++\n');
    expect(parsed.value).toEqual({ dates: ['2020-01-01', '2020-02-02'], params: { when: '2020-03-03' } });
  });

  it('reports a TOML syntax error at its line in the file', () => {
    const { parsed, messages } = data('+++\ndate = 2020-01-01\ntitle = "A\n+++\n');
    expect(parsed.ok).toBe(false);
    expect(parsed.value).toBeUndefined();
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ id: 'toml-syntax', fatal: true });
    expect(messages[0]!.at).toMatch(/^3:/);
    expect(messages[0]!.reason).toMatch(/^TOML front matter: /);
  });

  it('reports a YAML-style line in TOML front matter at its line', () => {
    const { messages } = data('+++\ntitle = "A"\ndate: 2020-01-01\n+++\n');
    expect(messages.map((m) => [m.id, m.at.split(':')[0]])).toEqual([['toml-syntax', '3']]);
  });

  it('reports a JSON syntax error at its line', () => {
    const { parsed, messages } = data('{\n  "date": "2020-01-01"\n  "title": "A"\n}\n');
    expect(parsed.ok).toBe(false);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ id: 'json-syntax', at: '3:3', fatal: true });
  });

  it('takes an empty YAML block as no fields, and a YAML list as no fields either', () => {
    expect(data('---\n---\n').parsed).toMatchObject({ ok: true, value: {} });
    expect(data('---\n- a\n- b\n---\n').parsed).toMatchObject({ ok: true, value: {} });
  });

  it('reports YAML syntax errors at the line in the file', () => {
    const { parsed, messages } = data('---\ntitle: A\nsummary: Step 1: begin\n---\n');
    expect(parsed.ok).toBe(false);
    expect(parsed.value).toBeUndefined();
    expect(messages.map((m) => [m.id, m.at])).toEqual([['yaml-syntax', '3:10']]);
  });

  it('reads YAML front matter in a CRLF file with its lines', () => {
    const { parsed } = data('---\r\ndate: 2020-01-01\r\ntitle: A\r\n---\r\nBody\r\n');
    expect(parsed.value).toEqual({ date: '2020-01-01', title: 'A' });
    expect(parsed.positionOf(['title']).start.line).toBe(3);
  });
});

describe('parseToml', () => {
  it('counts lines from the offset given', () => {
    const file = new VFile({ path: 'x.md' });
    const parsed = parseToml(file, 'a = 1\nb = = 2\n', 5);
    expect(parsed.ok).toBe(false);
    expect(file.messages.map((m) => m.line)).toEqual([7]);
  });
});
