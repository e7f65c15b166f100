// The smart-quotes plugin is held to remark-smartypants 3 (kept as a dev
// dependency for this): the comparisons compute their expected value by running
// the old plugin on the same input; the few literal strings are sanity checks.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Root as MdastRoot } from 'mdast';
import { toString as mdastToString } from 'mdast-util-to-string';
import { ParseLatin } from 'parse-latin';
import rehypeRaw from 'rehype-raw';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import remarkSmartypants from 'remark-smartypants';
import { type PluggableList, unified } from 'unified';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateBlog } from '../../../bench/gen-blog.ts';
// parse-latin's character tables (not in its package exports, so by path).
import * as latin from '../../../node_modules/parse-latin/lib/expressions.js';
import { smartText } from '../../../src/markdown/pipeline.ts';
import { characterClasses, remarkSmartQuotes, smartenText } from '../../../src/markdown/plugins/smartypants.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');

function mdast(markdown: string, plugin: PluggableList): MdastRoot {
  const processor = unified().use(remarkParse).use(remarkGfm).use(plugin);
  return processor.runSync(processor.parse(markdown)) as MdastRoot;
}

/** Markdown through both plugins; the trees compared without positions. */
function both(markdown: string) {
  const strip = (tree: MdastRoot) => JSON.stringify(tree, (key, value) => (key === 'position' ? undefined : value));
  return { expected: strip(mdast(markdown, [remarkSmartypants])), actual: strip(mdast(markdown, [remarkSmartQuotes])) };
}

function hast(markdown: string, plugin: PluggableList) {
  const processor = unified()
    .use(remarkParse)
    .use(remarkGfm)
    .use(plugin)
    .use(remarkRehype, { allowDangerousHtml: true, clobberPrefix: '' })
    .use(rehypeRaw);
  const tree = processor.runSync(processor.parse(markdown));
  return JSON.stringify(tree, (key, value) => (key === 'position' ? undefined : value));
}

/** Front matter blanked out, as the content stage hands posts to the pipeline. */
function body(source: string): string {
  const match = /^---\r?\n[\s\S]*?\r?\n---\r?\n/.exec(source);
  return match ? match[0].replace(/[^\n]/g, '') + source.slice(match[0].length) : source;
}

const cases: [string, string][] = [
  ['double quotes around a sentence', '"Hello," she said, "it\'s late."'],
  ['a quote at the very start and end', '"Yes"'],
  ['a single quote alone', "'"],
  ['nested quotes', 'He said, "\'Quoted\' words in a larger quote."'],
  ['nested quotes closing together', '"She told me \'no.\'"'],
  ['quotes after brackets', '("quoted") and ["this"] and {\'that\'}'],
  ['quotes after dashes', 'word--"quoted" and word -- "spaced"'],
  ['a closing quote then a dash', '"Stop!"--she cried. "Go."--and he went.'],
  ['apostrophes', "don't can't won't it's o'clock"],
  ['decades', "the '80s and '90s, back in '69"],
  ['possessive plurals', "the students' books and the Joneses' car"],
  ['rock and roll', "rock 'n' roll"],
  ["a sentence that starts with 's", "Look. 's not it. 'Twas the night"],
  ['quotes around emphasis', '"*Hello*" and \'**bold**\' and "_x_".'],
  ['quotes around a link', '"[link](https://example.com)" and \'[ref][r]\'\n\n[r]: https://example.com'],
  ['quotes around inline code', "\"`code`\" and `x`'s value and '`y`'"],
  ['a quote between inline nodes', '*a*"*b*" **c**\'**d**\''],
  ['html between quotes', '"<b>bold</b>" and a<br>"b"'],
  ['a hard break', '"first\\\nsecond" and \'third  \nfourth\''],
  ['ellipses', 'Wait... what.... and . . . and . . . . and ..'],
  ['spaced ellipses followed by dashes', 'So . . . -- then -- more'],
  ['dashes', 'a--b, a -- b, a---b, a----b and -'],
  ['backticks', "``quoted'' and `` spaced '' and ```three```"],
  ['non-English text', 'Él dijo "¿qué?" y \'ça va\' — «déjà» „so“ 日本語"テスト"'],
  ['emoji beside quotes', '"😀" and \'😀\'s and ``😀 and ``'],
  ['initialisms and abbreviations', 'The U.S. "deal" e.g. \'this\' etc. "that" c. 1900 \'s'],
  ['headings and table cells', '# "Title"\n\n| "a" | \'b\' |\n|---|---|\n| x\'s | "y" |'],
  ['lists and quotes', '- "one"\n- \'two\'\n\n> "quoted" block'],
  ['a block after one that ended its sentence', "An end here.\n\n's next block"],
  ['empty nodes', '**\n\n""\n\n\'\'\n\n"" \'\''],
  ['code blocks are untouched', '```\n"code" -- don\'t...\n```\n\n    "indented"'],
  ['footnotes', 'Text "here"[^1].\n\n[^1]: A \'note\' -- done.'],
];

describe('remarkSmartQuotes', () => {
  it.each(cases)('should match remark-smartypants on %s', (_, markdown) => {
    const { expected, actual } = both(markdown);
    expect(actual).toBe(expected);
  });

  // The accepted differences, all of one kind. remark-smartypants joins the
  // text of every block of the document into one string, so the start of a
  // block can be read as part of the last sentence of the block before: when
  // that sentence is unfinished (no full stop), or when the block starts without
  // words ("..."). Each block is judged alone here, like the first block of a
  // document. Only a quote at the start of a block, or right after such a
  // wordless start, can change: `'s` opens there in the old plugin, a quote
  // after "..." closes.
  it.each([
    ["no end here\n\n's next block", '’s next block', '‘s next block'],
    ["no end here\n\n...'$5' it said", '…‘$5’ it said', '…’$5’ it said'],
  ])('should judge a block without the unfinished sentence before it: %j', (markdown, ours, theirs) => {
    const text = (tree: MdastRoot) => mdastToString(tree.children[1]);
    expect(text(mdast(markdown, [remarkSmartypants]))).toBe(theirs);
    expect(text(mdast(markdown, [remarkSmartQuotes]))).toBe(ours);
    // The same block first in a document is as before.
    const block = markdown.split('\n\n')[1];
    expect(both(block).actual).toBe(both(block).expected);
  });

  it('should curl quotes and leave code alone', () => {
    const tree = mdast('"Hi" `"x"` -- it\'s...', [remarkSmartQuotes]);
    expect(mdastToString(tree)).toBe('“Hi” "x" — it’s…');
  });

  it('should match remark-smartypants on random inline markdown', () => {
    const pieces = [
      'a',
      'The',
      'word',
      's',
      '80s',
      '1',
      ' ',
      ' ',
      ' ',
      '\n',
      "'",
      "'",
      "'",
      '"',
      '"',
      '"',
      '.',
      '!',
      '?',
      ',',
      ';',
      '-',
      '--',
      '...',
      '. . .',
      '&',
      '/',
      '(',
      ')',
      '`x`',
      '``',
      "''",
      'e.g',
      'é',
      '😀',
      '*',
      '**',
      '_',
      '[',
      '](u)',
      '<i>',
      '</i>',
      '\\\n',
      'etc',
    ];
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const failures: string[] = [];
    for (let i = 0; i < 1500; i++) {
      let markdown = '';
      for (let n = 1 + Math.floor(random() * 16); n > 0; n--) markdown += pieces[Math.floor(random() * pieces.length)];
      const { expected, actual } = both(markdown);
      if (actual !== expected) failures.push(markdown);
    }
    expect(failures).toEqual([]);
  });
});

describe('character classes', () => {
  // parse-latin tests one UTF-16 code unit at a time; ours must agree on all of them.
  it('should classify every code unit as parse-latin does', () => {
    const parser = new ParseLatin();
    const differences: string[] = [];
    for (let code = 0; code < 0x10000; code++) {
      const ch = String.fromCharCode(code);
      const theirs = parser.tokenize(ch)[0].type;
      if (characterClasses.type(code) !== theirs) differences.push(`${code.toString(16)} ${theirs}`);
      if (characterClasses.numeric.test(ch) !== latin.numerical.test(ch)) differences.push(`${code.toString(16)} numeric`);
      if (characterClasses.lowerInitial.test(ch) !== latin.lowerInitial.test(ch)) differences.push(`${code.toString(16)} lower`);
      if (characterClasses.affix.test(ch) !== latin.affixSymbol.test(ch)) differences.push(`${code.toString(16)} affix`);
    }
    expect(differences).toEqual([]);
  });
});

describe('posts', () => {
  const posts: [string, string][] = [];
  let generated = '';

  beforeAll(async () => {
    const own = join(ROOT, 'content', 'posts');
    for (const name of readdirSync(own).filter((n) => n.endsWith('.md')))
      posts.push([`content/posts/${name}`, readFileSync(join(own, name), 'utf8')]);
    generated = mkdtempSync(join(tmpdir(), 'postbound-smartypants-'));
    await generateBlog({ posts: 200, dir: generated, images: 0 });
    const dir = join(generated, 'content', 'posts');
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.md')))
      posts.push([`generated/${name}`, readFileSync(join(dir, name), 'utf8')]);
  }, 60_000);

  afterAll(() => {
    if (generated) rmSync(generated, { recursive: true, force: true });
  });

  it('should give the same hast as remark-smartypants for every post of the repo and 200 generated ones', () => {
    expect(posts.length).toBeGreaterThan(200);
    const different = posts
      .filter(([, source]) => hast(body(source), [remarkSmartypants]) !== hast(body(source), [remarkSmartQuotes]))
      .map(([name]) => name);
    expect(different).toEqual([]);
  });

  it('should keep smartText as it was for every title', () => {
    const old = unified().use(remarkSmartypants);
    const before = (text: string) => {
      const root: MdastRoot = { type: 'root', children: [{ type: 'paragraph', children: [{ type: 'text', value: text }] }] };
      return mdastToString(old.runSync(root)).replace(/\s+/g, ' ').trim();
    };
    const titles = [
      ...posts.map(([, source]) => /^title:\s*(.*)$/m.exec(source)?.[1] ?? ''),
      "Don't stop -- it's only the '90s...",
      '"Quoted" title',
      '1. First',
      '# Tag',
      '  spaced   out  ',
      '',
    ];
    for (const title of titles) expect(smartText(title)).toBe(before(title));
    expect(smartText('"Don\'t"')).toBe('“Don’t”');
  });
});

describe('smartenText', () => {
  it('should treat the text as one paragraph', () => {
    expect(smartenText("'Twas the '80s -- rock 'n' roll... . . .")).toBe('‘Twas the ’80s — rock ‘n’ roll… …');
  });
});
