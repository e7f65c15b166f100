// The messages `build` and `serve` print: the text report with hints, --quiet,
// --reporter json and github, and a position on the messages of the targets.
import { rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import sharp from 'sharp';
import { VFile } from 'vfile';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.ts';
import {
  collectMessages,
  escapeData,
  escapeProperty,
  formatGithub,
  formatJson,
  formatText,
  useColor,
} from '../../../src/cli/messages.ts';
import { contentMessages, report } from '../../../src/content/messages.ts';
import { sink } from '../../helpers/io.ts';
import { baseConfig, makeProject, post } from '../../helpers/project.ts';

const MISSING_ALT_HINT = contentMessages['missing-alt'].hint;

/** A post with a warning and an error, and postbound.yaml twice (the config, and the build's own file). */
function sampleFiles(): VFile[] {
  const postFile = new VFile({ path: 'content/posts/a.md', cwd: '/proj' });
  const config = new VFile({ path: 'postbound.yaml', cwd: '/proj' });
  const buildFile = new VFile({ path: 'postbound.yaml', cwd: '/proj' });
  report(postFile, 'missing-link-target', '`b.md` links to a post that does not exist', {
    start: { line: 10, column: 1 },
    end: { line: 10, column: 10 },
  });
  report(
    postFile,
    'missing-alt',
    'Image `x.png` has no alt text',
    { start: { line: 8, column: 3 }, end: { line: 8, column: 20 } },
    'warning',
  );
  buildFile.message(
    'The cover image is 100%, cropped: top,\nbottom',
    { start: { line: 12, column: 7 }, end: { line: 12, column: 12 } },
    'postbound:cover-ratio',
  );
  report(config, 'unknown-series', 'Book "b": no series `x`', { start: { line: 9, column: 5 }, end: { line: 9, column: 11 } });
  const info = buildFile.info('Made 3 books', { line: 1, column: 1 }, 'postbound:books-made');
  info.note = 'nothing to do';
  return [config, postFile, buildFile];
}

describe('collectMessages', () => {
  it('should flatten, group files of one path together and sort by position within each', () => {
    const messages = collectMessages(sampleFiles(), '/proj');
    expect(messages.map((m) => [m.file, m.line, m.column, m.severity, m.id])).toEqual([
      ['postbound.yaml', 1, 1, 'info', 'books-made'],
      ['postbound.yaml', 9, 5, 'error', 'unknown-series'],
      ['postbound.yaml', 12, 7, 'warning', 'cover-ratio'],
      ['content/posts/a.md', 8, 3, 'warning', 'missing-alt'],
      ['content/posts/a.md', 10, 1, 'error', 'missing-link-target'],
    ]);
    const alt = messages.find((m) => m.id === 'missing-alt')!;
    expect(alt).toEqual({
      file: 'content/posts/a.md',
      line: 8,
      column: 3,
      endLine: 8,
      endColumn: 20,
      severity: 'warning',
      id: 'missing-alt',
      message: 'Image `x.png` has no alt text',
      hint: MISSING_ALT_HINT,
      url: 'https://github.com/postbound/postbound#missing-alt',
    });
    expect(messages.find((m) => m.id === 'cover-ratio')?.hint).toBeNull();
  });

  it('should give paths relative to the current folder, and take a missing hint from the catalogue', () => {
    const file = new VFile({ path: 'content/posts/a.md', cwd: '/home/me/blog' });
    file.message('No alt', { line: 3, column: 1 }, 'postbound:missing-alt');
    const [m] = collectMessages([file], '/home/me');
    expect(m!.file).toBe('blog/content/posts/a.md');
    expect(m!.hint).toBe(MISSING_ALT_HINT);
  });
});

describe('formatText', () => {
  it('should print file:line:column, severity, message and id, the hint below, a blank line between files, then the count', () => {
    expect(formatText(collectMessages(sampleFiles(), '/proj'))).toBe(
      [
        'postbound.yaml:1:1       info     Made 3 books  books-made',
        '  hint: nothing to do',
        'postbound.yaml:9:5       error    Book "b": no series `x`  unknown-series',
        `  hint: ${contentMessages['unknown-series'].hint}`,
        'postbound.yaml:12:7      warning  The cover image is 100%, cropped: top,\nbottom  cover-ratio',
        '',
        'content/posts/a.md:8:3   warning  Image `x.png` has no alt text  missing-alt',
        `  hint: ${MISSING_ALT_HINT}`,
        'content/posts/a.md:10:1  error    `b.md` links to a post that does not exist  missing-link-target',
        `  hint: ${contentMessages['missing-link-target'].hint}`,
        '',
        '2 errors, 2 warnings, 1 note',
      ].join('\n'),
    );
  });

  it('should leave out hints and notes with quiet, and print nothing without messages', () => {
    const text = formatText(collectMessages(sampleFiles(), '/proj'), { quiet: true });
    expect(text).not.toContain('hint:');
    expect(text).not.toContain('books-made');
    expect(text.split('\n').at(-1)).toBe('2 errors, 2 warnings');
    expect(formatText([])).toBe('');
  });

  it('should colour only when asked', () => {
    const messages = collectMessages(sampleFiles(), '/proj');
    expect(formatText(messages)).not.toContain('\x1b[');
    expect(formatText(messages, { color: true })).toContain('\x1b[31merror  \x1b[0m');
  });
});

describe('useColor', () => {
  it('should colour a terminal only, and never with NO_COLOR or CI set', () => {
    expect(useColor({ isTTY: true }, {})).toBe(true);
    expect(useColor({ isTTY: false }, {})).toBe(false);
    expect(useColor({}, {})).toBe(false);
    expect(useColor({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(useColor({ isTTY: true }, { CI: 'true' })).toBe(false);
  });
});

describe('formatGithub', () => {
  it('should write one workflow command per message, the hint after a dash, escaped as GitHub documents', () => {
    const lines = formatGithub(collectMessages(sampleFiles(), '/proj')).split('\n');
    expect(lines).toEqual([
      '::notice file=postbound.yaml,line=1,col=1,title=books-made::Made 3 books — nothing to do',
      `::error file=postbound.yaml,line=9,col=5,endLine=9,endColumn=11,title=unknown-series::Book "b": no series \`x\` — ${contentMessages['unknown-series'].hint}`,
      '::warning file=postbound.yaml,line=12,col=7,endLine=12,endColumn=12,title=cover-ratio::The cover image is 100%25, cropped: top,%0Abottom',
      `::warning file=content/posts/a.md,line=8,col=3,endLine=8,endColumn=20,title=missing-alt::Image \`x.png\` has no alt text — ${MISSING_ALT_HINT}`,
      `::error file=content/posts/a.md,line=10,col=1,endLine=10,endColumn=10,title=missing-link-target::\`b.md\` links to a post that does not exist — ${contentMessages['missing-link-target'].hint}`,
    ]);
    expect(formatGithub(collectMessages(sampleFiles(), '/proj'), { quiet: true })).not.toContain(' — ');
  });

  it('should escape %, CR and LF in messages, and : and , too in properties', () => {
    expect(escapeData('50% a\r\nb: c, d')).toBe('50%25 a%0D%0Ab: c, d');
    expect(escapeProperty('C:\\a,b%\n')).toBe('C%3A\\a%2Cb%25%0A');
    const file = new VFile({ path: 'posts/a,b:c.md', cwd: '/proj' });
    file.message('x', { line: 2, column: 3 }, 'postbound:some-id').fatal = true;
    expect(formatGithub(collectMessages([file], '/proj'))).toBe('::error file=posts/a%2Cb%3Ac.md,line=2,col=3,title=some-id::x');
  });
});

describe('formatJson', () => {
  it('should write the messages, the counts and ok', () => {
    const doc = JSON.parse(formatJson(collectMessages(sampleFiles(), '/proj'), false));
    expect(Object.keys(doc)).toEqual(['messages', 'errors', 'warnings', 'ok']);
    expect(doc.errors).toBe(2);
    expect(doc.warnings).toBe(2);
    expect(doc.ok).toBe(false);
    expect(doc.messages).toHaveLength(5);
    expect(Object.keys(doc.messages[0])).toEqual([
      'file',
      'line',
      'column',
      'endLine',
      'endColumn',
      'severity',
      'id',
      'message',
      'hint',
      'url',
    ]);
    expect(JSON.parse(formatJson([], true))).toEqual({ messages: [], errors: 0, warnings: 0, ok: true });
  });
});

async function run(args: string[]) {
  const out = sink();
  const err = sink();
  const code = await main(args, { stdout: out.stream, stderr: err.stream });
  return { code, stdout: out.text(), stderr: err.text() };
}

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

async function project(...args: Parameters<typeof makeProject>): Promise<string> {
  const root = await makeProject(...args);
  roots.push(root);
  return root;
}

describe('postbound build', () => {
  // line 8 of the post: the opening ---, title, date, closing ---, a blank line, Text, a blank line, the image
  const broken = () =>
    project({
      'content/posts/2025-01-05-a.md': post(
        { title: 'A', date: '2025-01-05' },
        'Text\n\n![](../sketches/one.png)\n\n[y](missing.md)',
      ),
    });
  const where = (root: string) => relative(process.cwd(), join(root, 'content/posts/2025-01-05-a.md'));

  it('should print each message with its hint, grouped by file, and the count (text)', async () => {
    const root = await broken();
    const { code, stdout, stderr } = await run(['build', root, '--only', 'site']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    const lines = stderr.split('\n');
    const alt = lines.findIndex((l) => l.startsWith(`${where(root)}:8:1 `));
    expect(lines[alt], stderr).toMatch(/^\S+:8:1\s+warning {2}Image `\.\.\/sketches\/one\.png` has no alt text {2}missing-alt$/);
    expect(lines[alt + 1]).toBe(`  hint: ${MISSING_ALT_HINT}`);
    expect(lines[alt + 2]).toMatch(
      /^\S+:10:1\s+error {4}`missing\.md` links to a post that does not exist {2}missing-link-target$/,
    );
    expect(stderr).toContain('\n1 error, 1 warning\nBuild failed; dist/ was left as it was.\n');
  });

  it('should leave the hints out with --quiet', async () => {
    const root = await broken();
    const { code, stderr } = await run(['build', root, '--only', 'site', '--quiet']);
    expect(code).toBe(1);
    expect(stderr).toContain('missing-alt');
    expect(stderr).not.toContain('hint:');
  });

  it('should write GitHub workflow commands on stdout with --reporter github', async () => {
    const root = await broken();
    const { code, stdout } = await run(['build', root, '--only', 'site', '--reporter', 'github']);
    expect(code).toBe(1);
    expect(stdout.split('\n')).toEqual([
      `::warning file=${where(root)},line=8,col=1,endLine=8,endColumn=25,title=missing-alt::Image \`../sketches/one.png\` has no alt text — ${MISSING_ALT_HINT}`,
      `::error file=${where(root)},line=10,col=1,endLine=10,endColumn=16,title=missing-link-target::\`missing.md\` links to a post that does not exist — ${contentMessages['missing-link-target'].hint}`,
      '',
    ]);
  });

  it('should write one JSON document and nothing else on stdout with --reporter json', async () => {
    const root = await broken();
    const failed = await run(['build', root, '--only', 'site', '--reporter', 'json']);
    expect(failed.code).toBe(1);
    const doc = JSON.parse(failed.stdout);
    expect(doc).toMatchObject({ errors: 1, warnings: 1, ok: false });
    expect(doc.messages[0]).toEqual({
      file: where(root),
      line: 8,
      column: 1,
      endLine: 8,
      endColumn: 25,
      severity: 'warning',
      id: 'missing-alt',
      message: 'Image `../sketches/one.png` has no alt text',
      hint: MISSING_ALT_HINT,
      url: 'https://github.com/postbound/postbound#missing-alt',
    });

    const good = await project();
    const built = await run(['build', good, '--only', 'site', '--reporter', 'json']);
    expect(built.code, built.stderr).toBe(0);
    expect(JSON.parse(built.stdout)).toEqual({ messages: [], errors: 0, warnings: 0, ok: true });
    expect(built.stderr).toMatch(/^Built \d+ files/m);
  });

  it('should refuse an unknown reporter with a usage error, and describe the flags in --help', async () => {
    const { code, stderr } = await run(['build', '.', '--reporter', 'xml']);
    expect(code).toBe(2);
    expect(stderr).toContain('--reporter takes text, json, github, not "xml"');
    const help = await run(['build', '--help']);
    for (const flag of ['--strict', '--quiet', '--reporter']) expect(help.stdout).toContain(flag);
  });

  it('should point cover-ratio at books[].cover.image in postbound.yaml and summary-missing-problem at the post', async () => {
    const config = `${baseConfig}    cover:\n      image: content/sketches/cover.png\n`;
    // line 12, column 7: `image` under `cover` of the first book
    expect(config.split('\n')[11]).toBe('      image: content/sketches/cover.png');
    const root = await project(
      {
        'content/sketches/cover.png': await sharp({
          create: { width: 1600, height: 1000, channels: 3, background: '#335577' },
        })
          .png()
          .toBuffer(),
        // no `problem:`: the message points at the front matter block (line 2, after the opening ---)
        'content/posts/2025-01-03-second.md': post(
          { title: 'Second steps', date: '2025-01-03', series: 'Getting Started', part: 2, answer: 'Keep a list.' },
          '## Go on\n\nBack to [the first part](2025-01-02-first.md).',
        ),
      },
      { config },
    );
    const { code, stdout, stderr } = await run(['build', root, '--only', 'cover,summary', '--reporter', 'json']);
    expect(code, stderr).toBe(0);
    const { messages } = JSON.parse(stdout) as { messages: Record<string, unknown>[] };
    const byId = (id: string) => messages.find((m) => m.id === id);
    expect(byId('cover-ratio'), stdout).toMatchObject({
      file: relative(process.cwd(), join(root, 'postbound.yaml')),
      line: 12,
      column: 7,
      severity: 'warning',
    });
    expect(byId('summary-missing-problem'), stdout).toMatchObject({
      file: relative(process.cwd(), join(root, 'content/posts/2025-01-03-second.md')),
      line: 2,
      column: 1,
      severity: 'warning',
    });
    for (const m of messages) expect(m.line, JSON.stringify(m)).toEqual(expect.any(Number));
  }, 180_000);
});
