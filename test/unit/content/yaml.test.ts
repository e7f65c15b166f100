// parseYaml in tolerant mode reads front matter as Jekyll's and Hugo's readers do,
// and reports what it cannot read at the line and column where it is.
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { frontMatterSchema } from '../../../src/config/schema.ts';
import { parseYaml, repairContinuations, validateYaml } from '../../../src/content/yaml.ts';

/** Parses `source` as front matter (it starts on line 2 of the post). */
function front(source: string) {
  const file = new VFile({ path: 'post.md' });
  const parsed = parseYaml(file, source, 1, { tolerant: true });
  const messages = file.messages.map((m) => ({
    id: m.ruleId,
    at: `${m.line}:${m.column}`,
    fatal: m.fatal,
    reason: m.reason,
    note: m.note,
  }));
  return { parsed, value: parsed.value as Record<string, unknown> | undefined, messages };
}

describe('parseYaml, tolerant: values as Psych reads them', () => {
  it('reads yes/no/on/off in any usual case as booleans, but keeps y and n as letters', () => {
    const { value, messages } = front('a: yes\nb: no\nc: on\nd: off\ne: Yes\nf: NO\ng: y\nh: n\ni: Y\nj: True\nk: FALSE\n');
    expect(value).toEqual({ a: true, b: false, c: true, d: false, e: true, f: false, g: 'y', h: 'n', i: 'Y', j: true, k: false });
    expect(messages).toEqual([]);
  });

  it('keeps quoted yes and no as strings', () => {
    expect(front('a: "yes"\nb: \'no\'\n').value).toEqual({ a: 'yes', b: 'no' });
  });

  it('keeps dates and date-times as the text written, offset included', () => {
    const { value } = front('date: 2019-02-28\nat: 2019-03-12 10:11:00 -0400\niso: 2021-04-03T09:00:00+02:00\n');
    expect(value).toEqual({ date: '2019-02-28', at: '2019-03-12 10:11:00 -0400', iso: '2021-04-03T09:00:00+02:00' });
  });

  it('reads numbers and lists as usual', () => {
    expect(front('part: 2\nweight: -1\ntags: [a, b]\nlist:\n  - x\n  - y\n').value).toEqual({
      part: 2,
      weight: -1,
      tags: ['a', 'b'],
      list: ['x', 'y'],
    });
  });

  it('reads yes as a string when not tolerant (YAML 1.2, as postbound.yaml is read)', () => {
    const file = new VFile({ path: 'postbound.yaml' });
    expect(parseYaml(file, 'a: yes\nb: true\n').value).toEqual({ a: 'yes', b: true });
  });
});

describe('parseYaml, tolerant: duplicate keys', () => {
  it('keeps the last value and warns once, naming the key at the line of the second', () => {
    const { parsed, value, messages } = front('title: First\ndate: 2019-02-28\ntitle: Second\n');
    expect(parsed.ok).toBe(true);
    expect(value).toEqual({ title: 'Second', date: '2019-02-28' });
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ id: 'duplicate-key', at: '4:1', fatal: false });
    expect(messages[0]!.reason).toContain('`title`');
  });

  it('names a nested duplicate key at its own column', () => {
    const { value, messages } = front('author:\n  name: A\n  name: B\n');
    expect(value).toEqual({ author: { name: 'B' } });
    expect(messages.map((m) => [m.id, m.at, m.reason.split(' ')[0]])).toEqual([['duplicate-key', '4:3', '`name`']]);
  });

  it('warns for each key that appears twice', () => {
    const { messages } = front('title: A\ntitle: B\nsummary: x\nsummary: y\n');
    expect(messages.map((m) => [m.at, m.reason.split(' ')[0]])).toEqual([
      ['3:1', '`title`'],
      ['5:1', '`summary`'],
    ]);
  });

  it('names the duplicate at its own line when a continuation line above it was repaired', () => {
    const { parsed, value, messages } = front('title: a long\ncontinued here\nsummary: x\ntitle: B\n');
    expect(parsed.ok).toBe(true);
    expect(value).toEqual({ title: 'B', summary: 'x' });
    expect(messages.map((m) => [m.id, m.at, m.reason.split(' ')[0]])).toEqual([['duplicate-key', '5:1', '`title`']]);
  });

  it('still warns about a duplicate below a repaired continuation', () => {
    const { value, messages } = front('summary: a long\ncontinued here\nmore text\ntitle: A\ntitle: B\n');
    expect(value).toEqual({ summary: 'a long continued here more text', title: 'B' });
    expect(messages.map((m) => [m.id, m.at])).toEqual([['duplicate-key', '6:1']]);
  });

  it('does not let a duplicate key hide a real syntax error', () => {
    const { parsed, value, messages } = front('title: A\ntitle: B\nsummary: Step 1: begin\n');
    expect(parsed.ok).toBe(false);
    expect(value).toBeUndefined();
    const syntax = messages.filter((m) => m.id === 'yaml-syntax');
    expect(syntax.map((m) => [m.at, m.fatal])).toEqual([['4:10', true]]);
  });
});

describe('parseYaml, not tolerant (postbound.yaml)', () => {
  it('makes a duplicate key an error, with the hint to delete one', () => {
    const file = new VFile({ path: 'postbound.yaml' });
    const parsed = parseYaml(file, 'a: 1\na: 2\n');
    expect(parsed.ok).toBe(false);
    expect(file.messages.map((m) => [m.ruleId, `${m.line}:${m.column}`, m.fatal, m.note])).toEqual([
      ['yaml-syntax', '2:1', true, 'Delete one of the two.'],
    ]);
  });

  it('does not repair continuation lines', () => {
    const file = new VFile({ path: 'postbound.yaml' });
    expect(parseYaml(file, 'title: a long\ncontinued\n').ok).toBe(false);
  });
});

describe('repairContinuations', () => {
  it('indents the unindented continuation lines of a plain value, and nothing else', () => {
    expect(repairContinuations('title: a long\ntitle continued\ntags:\n- a\n- b\nx: y\n')).toBe(
      'title: a long\n  title continued\ntags:\n- a\n- b\nx: y\n',
    );
  });

  it('indents the lines of an open double or single quote up to the one that closes it', () => {
    expect(repairContinuations('a: "one\ntwo\nthree"\nb: c\n')).toBe('a: "one\n  two\n  three"\nb: c\n');
    expect(repairContinuations("a: 'it''s\nmore'\nb: c\n")).toBe("a: 'it''s\n  more'\nb: c\n");
  });

  it('leaves keys, list items, comments, blank lines and block scalars alone', () => {
    const text = 'a: one\n# note\nb: two\n\nc: |\n  kept\nd: [x,\n  y]\ne: >\n  folded\n';
    expect(repairContinuations(text)).toBe(text);
  });

  it('does not continue a value past a blank line', () => {
    expect(repairContinuations('a: one\n\nnot a key\n')).toBe('a: one\n\nnot a key\n');
  });

  it('keeps every line (only whitespace is added)', () => {
    const text = 'a: x\ny\nb: "p\nq"\n';
    const repaired = repairContinuations(text);
    expect(repaired.split('\n')).toHaveLength(text.split('\n').length);
    expect(repaired.replace(/ /g, '')).toBe(text.replace(/ /g, ''));
  });

  it('repairs CRLF front matter too, keeping its line ends', () => {
    expect(repairContinuations('title: a long\r\ncontinued\r\ndate: 2020-01-01')).toBe(
      'title: a long\r\n  continued\r\ndate: 2020-01-01',
    );
  });
});

describe('parseYaml, tolerant: continuation lines', () => {
  it('reads an unindented continuation of a plain value as part of it', () => {
    const { parsed, value, messages } = front('title: a long\ntitle continued\ndate: 2020-01-01\n');
    expect(parsed.ok).toBe(true);
    expect(value).toEqual({ title: 'a long title continued', date: '2020-01-01' });
    expect(messages).toEqual([]);
  });

  it('reads unindented lines of a double- and a single-quoted value', () => {
    expect(front('title: "a long\ntitle continued"\ndate: 2020-01-01\n').value).toEqual({
      title: 'a long title continued',
      date: '2020-01-01',
    });
    expect(front("title: 'it''s a long\ntitle continued'\n").value).toEqual({ title: "it's a long title continued" });
  });

  it('reads them in a CRLF file', () => {
    const { parsed, value } = front('title: a long\r\ncontinued\r\ndate: 2020-01-01');
    expect(parsed.ok).toBe(true);
    expect(value).toEqual({ title: 'a long continued', date: '2020-01-01' });
  });

  it('keeps positions at the lines of the file after a repair', () => {
    const { parsed } = front('title: a long\ncontinued\nsummary: s\n');
    expect(parsed.positionOf(['summary']).start).toMatchObject({ line: 4, column: 1 });
  });
});

describe('parseYaml: syntax errors', () => {
  it('points at a value holding ": " and says to quote it', () => {
    const { parsed, value, messages } = front('title: Step 1: begin\ndate: 2020-01-01\n');
    expect(parsed.ok).toBe(false);
    expect(value).toBeUndefined();
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ id: 'yaml-syntax', at: '2:8', fatal: true });
    expect(messages[0]!.reason).toMatch(/^YAML syntax: /);
    expect(messages[0]!.note).toContain('title: "Step 1: begin"');
  });

  it('gives one message per broken line, each at its own line', () => {
    const { messages } = front('a: 1\nb: Step 1: x\nc: fine\nd: Step 2: y\n');
    expect(messages.map((m) => [m.id, m.at])).toEqual([
      ['yaml-syntax', '3:4'],
      ['yaml-syntax', '5:4'],
    ]);
  });

  it('reports an unclosed quote where it opens, with the hint about closing it', () => {
    const { messages } = front('title: "unclosed\ndate: 2025-01-02');
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ id: 'yaml-syntax', at: '2:8' });
    expect(messages[0]!.note).toMatch(/not closed/);
  });

  it('reports an unclosed quote in a later field at that field', () => {
    const { messages } = front("title: x\ndate: 2025-01-02\nsummary: 'never closed\n");
    expect(messages.map((m) => m.at)).toEqual(['4:10']);
  });

  it('reports an unclosed bracket where it opens, with a hint about brackets', () => {
    for (const source of ['tags: [a, b\nsummary: x\n', 'author: {name: A\nsummary: x\n']) {
      const { messages } = front(source);
      expect(messages.map((m) => [m.id, m.at])).toEqual([['yaml-syntax', expect.stringMatching(/^2:\d+$/)]]);
      expect(messages[0]!.at).toBe(source.startsWith('tags') ? '2:7' : '2:9');
      expect(messages[0]!.note).toMatch(/must be closed/);
    }
  });

  it('says list items must line up, not that a value needs quotes', () => {
    const { messages } = front('tags:\n  - a\n - b\n');
    expect(messages.length).toBeGreaterThan(0);
    expect(messages[0]!.id).toBe('yaml-syntax');
    expect(messages[0]!.note).toMatch(/same column/);
    expect(messages[0]!.note).not.toMatch(/needs quotes/);
  });

  it('says to indent with spaces for a tab', () => {
    const { messages } = front('title: A\n\tdate: 2025\n');
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ id: 'yaml-syntax', at: '3:1' });
    expect(messages[0]!.note).toMatch(/spaces, not tabs/);
  });

  it('says to quote a value starting with @ or a backtick', () => {
    for (const source of ['title: @handle\n', 'title: `code`\n']) {
      const { messages } = front(source);
      expect(messages.map((m) => m.at)).toEqual(['2:8']);
      expect(messages[0]!.note).toMatch(/cannot start with @/);
    }
  });

  it('says what a stray line is when it is neither key nor continuation', () => {
    const { messages } = front('title: A\n- item\n');
    expect(messages.map((m) => [m.id, m.at])).toEqual([['yaml-syntax', '3:1']]);
    expect(messages[0]!.note).toMatch(/neither `key: value`/);
  });

  it('counts lines from the offset it is given', () => {
    const file = new VFile({ path: 'x.md' });
    parseYaml(file, 'a: 1\nb: Step 1: x\n', 10, { tolerant: true });
    expect(file.messages.map((m) => `${m.line}:${m.column}`)).toEqual(['12:4']);
  });

  it('reads a file without error as ok, with no messages', () => {
    const { parsed, messages } = front('title: Fine\n');
    expect(parsed.ok).toBe(true);
    expect(messages).toEqual([]);
  });
});

describe('parseYaml: positions', () => {
  it('gives the line of a key in the file, and of the parent for a missing key', () => {
    const { parsed } = front('title: A\nauthor:\n  name: Ann\n');
    expect(parsed.positionOf(['title']).start).toMatchObject({ line: 2, column: 1 });
    expect(parsed.positionOf(['author', 'name']).start).toMatchObject({ line: 4, column: 3 });
    expect(parsed.positionOf(['author', 'email']).start).toMatchObject({ line: 3, column: 1 });
    expect(parsed.positionOf(['nothing']).start.line).toBe(2);
  });
});

describe('validateYaml', () => {
  const check = (source: string) => {
    const file = new VFile({ path: 'post.md' });
    const parsed = parseYaml(file, source, 1, { tolerant: true });
    const value = validateYaml(file, parsed, frontMatterSchema, 'front-matter-invalid', 'the front matter');
    return { value, messages: file.messages.map((m) => [m.ruleId, `${m.line}:${m.column}`, m.reason]) };
  };

  it('says a missing field is needed', () => {
    const { value, messages } = check('date: 2020-01-01\n');
    expect(value).toBeUndefined();
    expect(messages).toEqual([['front-matter-invalid', '2:1', 'the front matter needs `title` (string)']]);
  });

  it('says a missing date is needed (a union field)', () => {
    const { messages } = check('title: A\n');
    expect(messages).toHaveLength(1);
    expect(messages[0]![2]).toMatch(/needs `date`/);
  });

  it('does not call a field that is there but of the wrong kind missing', () => {
    const { messages } = check('title: [a, b]\ndate: 2020-01-01\ndraft: maybe\n');
    expect(messages.map((m) => m[1])).toEqual(['2:1', '4:1']);
    for (const m of messages) expect(m[2]).not.toMatch(/needs/);
    expect(messages[0]![2]).toMatch(/^`title` in the front matter: /);
  });

  it('points at an invalid date', () => {
    const { messages } = check('title: A\ndate: 2019-02-30\n');
    expect(messages).toEqual([['front-matter-invalid', '3:1', expect.stringContaining('found "2019-02-30"')]]);
  });
});
