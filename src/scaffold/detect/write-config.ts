// The postbound.yaml init writes for a blog it detected: every block says what
// it is, every value where it came from, and a value that was not found is a
// placeholder marked TODO that still validates, so the blog builds at once.
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parse } from 'yaml';
import { type Config, configSchema } from '../../config/schema.ts';
import { PRESETS } from '../../content/fields.ts';
import type { DetectedBlog } from './index.ts';

export const CONFIG_NAME = 'postbound.yaml';
const COMMENT_COLUMN = 38;

const NAMES = { jekyll: 'Jekyll', hugo: 'Hugo', eleventy: 'Eleventy', astro: 'Astro' } as const;

/** Thrown when postbound.yaml is already there and --force was not given. */
export class ConfigExistsError extends Error {
  override name = 'ConfigExistsError';
  constructor(readonly path: string) {
    super(`${path} already exists; init does not replace it. Run with --force to write it again from the blog.`);
  }
}

/** Words a YAML 1.1 reader takes for a boolean or null: quoted, whichever YAML reads the file. */
const YAML11_WORDS = /^(?:y|n|yes|no|on|off|true|false|null|~)$/i;

/** A scalar as YAML that reads back as the same string (plain when that is safe, else double-quoted). */
export function yamlString(value: string, flow = false): string {
  const plain = flow ? `[${value}]` : value;
  if (YAML11_WORDS.test(value)) return JSON.stringify(value);
  try {
    const back = parse(plain) as unknown;
    if (flow ? Array.isArray(back) && back.length === 1 && back[0] === value : back === value) {
      if (!/^\s|\s$|#|^[-?:,[\]{}&*!|>'"%@`.]/.test(value)) return value;
    }
  } catch {}
  return JSON.stringify(value);
}

function list(values: string[]): string {
  return `[${values.map((v) => yamlString(v, true)).join(', ')}]`;
}

/** `line`, with `comment` after it in the comment column (or one space after a long line). */
function withComment(line: string, comment?: string): string {
  if (!comment) return line;
  const pad = line.length < COMMENT_COLUMN ? ' '.repeat(COMMENT_COLUMN - line.length) : ' ';
  return `${line}${pad}# ${comment}`;
}

/** `text` as comment lines of at most 88 characters. */
function wrap(text: string, first: string, rest: string): string[] {
  const lines: string[] = [];
  let current = first;
  for (const word of text.split(/\s+/)) {
    if (current.length + word.length > 88 && current.trim() !== first.trim()) {
      lines.push(current.trimEnd());
      current = rest;
    }
    current += `${word} `;
  }
  lines.push(current.trimEnd());
  return lines;
}

function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}

/** The text of postbound.yaml for `blog`. It always validates against the config schema (checked here). */
export function configText(blog: DetectedBlog): string {
  const name = NAMES[blog.generator];
  const { site, content } = blog;
  const source = blog.sources.length ? blog.sources.join(' or ') : `the ${name} blog's files`;
  const out: string[] = [];
  const line = (text = '', comment?: string) => out.push(withComment(text, comment));

  line(`# postbound.yaml for the ${name} blog in this folder, written by \`postbound init --from\`.`);
  line(`# postbound builds the blog where it is: no post, template or ${name} setting is changed,`);
  line('# and everything it makes goes into dist/ and .cache/. Every key is checked when you');
  line('# build; `postbound schema` prints every setting with its description. A value marked');
  line('# TODO is a placeholder that was not found in the blog: replace it with the real one.');
  if (blog.notes.length) {
    line('#');
    line('# To check:');
    for (const note of blog.notes) out.push(...wrap(note, '# - ', '#   '));
  }
  line();

  line('# The blog as a whole: its pages, its feed, and the defaults of every book.');
  line('site:');
  const title = site.title
    ? withComment(`  title: ${yamlString(site.title.value)}`, site.title.from)
    : withComment(`  title: ${yamlString(titleFromFolder(blog.root))}`, `TODO: your blog's name (none found in ${source})`);
  out.push(title);
  if (site.description) line(`  description: ${yamlString(site.description.value)}`, site.description.from);
  else line('  description: ""', `one line about the blog (optional; none found in ${source})`);
  if (site.author) line(`  author: ${yamlString(site.author.value)}`, `${site.author.from}; books inherit it`);
  else line('  author: Your Name', `TODO: your name (none found in ${source}); books inherit it`);
  if (site.url) line(`  url: ${yamlString(site.url.value)}`, site.url.from);
  else line('  url: https://example.org/', `TODO: your blog's address (none found in ${source})`);
  if (site.language) line(`  language: ${yamlString(site.language.value)}`, site.language.from);
  else line('  language: en', `a BCP 47 tag; none found in ${source}: check it`);
  line();

  line(`# Where the posts are, and whose conventions they follow: front matter names,`);
  line(
    `# ${blog.generator === 'jekyll' ? 'Liquid includes, ' : blog.generator === 'hugo' ? 'shortcodes, page bundles, ' : ''}permalinks as ${name} reads them.`,
  );
  line('content:');
  line(`  generator: ${blog.generator}`);
  const inFolder = (folder: string) => blog.posts.filter((p) => folder === '.' || p.rel.startsWith(`${folder}/`));
  const published = content.posts.value.reduce((n, f) => n + inFolder(f).filter((p) => !p.draft).length, 0);
  line(`  posts: ${list(content.posts.value)}`, `${content.posts.from} (${count(published, 'post')})`);
  if (content.drafts.value.length) {
    const drafts = content.drafts.value.reduce((n, f) => n + inFolder(f).length, 0);
    line(
      `  drafts: ${list(content.drafts.value)}`,
      `${content.drafts.from} (${count(drafts, 'post')}): shown by serve, built with --drafts`,
    );
  } else line('  drafts: []', content.drafts.from);
  const servedAt = "a post's /images/x.png is looked up in each";
  line(
    `  static: ${list(content.static.value)}`,
    content.static.value.length ? `${content.static.from}; ${servedAt}` : content.static.from,
  );
  if (content.includes) line(`  includes: ${yamlString(content.includes.value)}`, content.includes.from);
  line(`  permalink: ${yamlString(content.permalink.value)}`, content.permalink.from);
  if (content.exclude.value.length)
    line(`  exclude: ${list(content.exclude.value)}`, `names left out of the posts, ${content.exclude.from}`);
  line();

  const preset = Object.entries(PRESETS[blog.generator]);
  line(`# Front matter: the ${blog.generator} preset already maps the fields below onto postbound's`);
  line("# (their name: postbound's), so nothing needs writing. To change one or add the blog's");
  line('# own, uncomment `fields:` and the lines you need; they are added to the preset.');
  line('frontMatter:');
  line('  strict: false', 'true: a field postbound does not know is an error instead of being kept');
  line('  # fields:');
  for (const [from, to] of preset) line(`  #   ${yamlString(from)}: ${to}`);
  if (blog.otherFields.length) {
    const shown = blog.otherFields.slice(0, 12).map((f) => `${f.name} (${f.count})`);
    const more = blog.otherFields.length > 12 ? `, and ${blog.otherFields.length - 12} more` : '';
    line(`  # Kept as they are, for templates (map one above if it means a postbound field):`);
    line(`  #   ${shown.join(', ')}${more}`);
  }
  line();

  if (blog.series.length) {
    line('# Books: one per series of two or more posts found in the blog. Each becomes');
    line('# dist/book/<slug>.epub, .pdf, .mobi and .azw3, with a cover and a one-page summary.');
    line('# Delete an entry to leave it out, or the whole list to make only the blog.');
    line('books:');
    for (const s of blog.series) {
      line(`  - slug: ${yamlString(s.slug)}`, 'the file name in dist/book/');
      line(`    title: ${yamlString(s.title)}`);
      if (s.series) {
        const how = s.from === 'taxonomy' ? 'series taxonomy' : 'series field';
        line(`    series: ${yamlString(s.series)}`, `the ${how} of ${count(s.posts.length, 'post')}: its parts are the chapters`);
      } else {
        line(`    posts: ${list(s.posts)}`, 'titles numbered "part N" (no series field), in date order');
      }
      if (s.drafts) line(`    # ${count(s.drafts, 'draft')} of this series will join it when published`);
      line('    license: CC-BY-4.0', 'your choice: an SPDX id (CC-BY-SA-4.0, CC-BY-NC-4.0, CC-BY-NC-ND-4.0…)');
    }
  } else {
    line('# Books: none found (no series field, no numbered titles shared by two posts).');
    line('# Each book becomes dist/book/<slug>.epub, .pdf, .mobi and .azw3. To make one:');
    line('#   - slug: my-book');
    line('#     title: My Book');
    line('#     series: my-series              # the slug of a series title; or posts: [slug, …]');
    line('#     license: CC-BY-4.0');
    line('books: []');
  }
  line();
  line('# Switches for the build itself.');
  line('build:');
  line('  drafts: false', 'true builds drafts too (`postbound serve` always shows them)');
  line('  allowRemoteImages: false', 'an image from the web is an error unless this is true');
  const textOut = `${out.join('\n')}\n`;
  parseConfig(textOut);
  return textOut;
}

/** The config in `text`, validated; throws with the schema's issues when it does not validate. */
export function parseConfig(text: string): Config {
  const result = configSchema.safeParse(parse(text));
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`postbound wrote a config that does not validate (a bug): ${issues}`);
  }
  return result.data;
}

/** The settings written as placeholders, to fill in: `site.author`, `site.url`… */
export function placeholders(blog: DetectedBlog): string[] {
  const missing = (['title', 'author', 'url'] as const).filter((k) => !blog.site[k]).map((k) => `site.${k}`);
  if (blog.content.posts.from.includes('TODO')) missing.push('content.posts');
  return missing;
}

/** A title from the folder's name: `my-blog` → `My Blog`. */
function titleFromFolder(root: string): string {
  const words = basename(root)
    .replace(/[-_.]+/g, ' ')
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1));
  return words.join(' ') || 'My Blog';
}

/** Writes postbound.yaml into the blog (the only file init writes); refuses to replace one unless `force`. */
export async function writeConfigFile(root: string, text: string, options: { force?: boolean } = {}): Promise<string> {
  const path = join(root, CONFIG_NAME);
  if (!options.force && existsSync(path)) throw new ConfigExistsError(path);
  try {
    await writeFile(path, text, { flag: options.force ? 'w' : 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new ConfigExistsError(path);
    throw error;
  }
  return path;
}
