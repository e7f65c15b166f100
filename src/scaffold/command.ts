// `postbound init [dir]`, `postbound init --from <blog>` and `postbound new post
// "Title" [--series name] [dir]`. The starter and new posts never overwrite a file
// (exit code 2, with the path); a blog's postbound.yaml is replaced only with --force.
import { existsSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { parseCommand } from '../cli/args.ts';
import { type DetectedBlog, detectBlog, LOOKED_FOR } from './detect/index.ts';
import { ConfigExistsError, configText, placeholders, writeConfigFile } from './detect/write-config.ts';
import { ExistingFilesError, initProject } from './init.ts';
import { newPost, PostExistsError } from './new-post.ts';

interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WriteStream | NodeJS.WritableStream;
}

type Usage = (message: string) => number;

const NEW_HELP = `postbound new post "Title" [--series name] [dir]
  Writes content/posts/YYYY-MM-DD-<slug>.md with its front matter filled in: a draft,
  in the series when --series is given, with the next part number. Never overwrites.`;

const INIT_HELP = `postbound init [dir] [--force]
postbound init --from <blog> [--force]
  In a new or empty folder: writes a starter project (a commented postbound.yaml, a
  two-part series, a sketch) that builds at once; it never overwrites a file.
  In a Jekyll, Hugo, Eleventy or Astro blog, or the blog named by --from: detects the
  generator and writes only postbound.yaml, from the blog's own settings and posts, so
  that \`postbound build\` builds the blog where it is. No post or other file is changed.
  --force  replace the blog's postbound.yaml if there is one already`;

const NAMES = { jekyll: 'Jekyll', hugo: 'Hugo', eleventy: 'Eleventy', astro: 'Astro' } as const;

export async function initCommand(args: string[], io: Io, usage: Usage): Promise<number> {
  const options = {
    from: { type: 'string' },
    force: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h' },
  } as const;
  const parsed = parseCommand(args, options, INIT_HELP, io, usage);
  if (typeof parsed === 'number') return parsed;
  const { from, force } = parsed.values;
  const { positionals } = parsed;
  if (positionals.length > 1) return usage('init takes one folder: `postbound init [dir]` or `postbound init --from <blog>`');
  if (from !== undefined && positionals.length) return usage('--from names the blog folder; give no other folder');
  if (from !== undefined && !from.trim()) return usage('--from needs the folder of a blog');
  if (from !== undefined && !isFolder(from)) return usage(`--from ${from}: no such folder`);
  const dir = from ?? positionals[0] ?? '.';
  const blog = isFolder(dir) ? await detectBlog(dir) : undefined;
  if (blog) return initFromBlog(blog, force, io);
  if (from !== undefined) {
    const looked = LOOKED_FOR.map((l) => `  ${NAMES[l.generator]}: ${l.shown}\n`).join('');
    io.stderr.write(`postbound: ${shownDir(dir)} is not a blog postbound can read. It looked for:\n${looked}`);
    io.stderr.write(
      "Pass the folder that holds the generator's config, or run `postbound init <new-folder>` for a starter project.\n",
    );
    return 2;
  }
  if (force) return usage('--force only replaces the postbound.yaml of a detected blog; the starter never overwrites files');
  try {
    const written = await initProject(dir);
    const shown = relative(process.cwd(), resolve(dir)) || '.';
    io.stdout.write(`Created a starter project in ${shown}:\n${written.map((f) => `  ${f}\n`).join('')}`);
    io.stdout.write(
      `Next: \`postbound serve ${shown}\` to write with live reload, \`postbound build ${shown}\` for the site and the book.\n`,
    );
    return 0;
  } catch (error) {
    if (error instanceof ExistingFilesError) {
      io.stderr.write(`postbound: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

function isFolder(path: string): boolean {
  try {
    return existsSync(path) && statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function shownDir(dir: string): string {
  return relative(process.cwd(), resolve(dir)) || '.';
}

/** Writes postbound.yaml for a detected blog and says what was found; exit 1 when one is there already. */
async function initFromBlog(blog: DetectedBlog, force: boolean, io: Io): Promise<number> {
  const shown = shownDir(blog.root);
  const out = io.stdout;
  let path: string;
  try {
    path = await writeConfigFile(blog.root, configText(blog), { force });
  } catch (error) {
    if (error instanceof ConfigExistsError) {
      io.stderr.write(
        `postbound: ${relative(process.cwd(), error.path) || error.path} already exists; init leaves it as it is. ` +
          'Run `postbound build` with it, or `postbound init --from ' +
          `${shown} --force\` to write it again from the ${NAMES[blog.generator]} blog.\n`,
      );
      return 1;
    }
    throw error;
  }
  const published = blog.posts.filter((p) => !p.draft).length;
  const drafts = blog.posts.length - published;
  out.write(
    `Found ${blog.generator === 'jekyll' || blog.generator === 'hugo' ? 'a' : 'an'} ${NAMES[blog.generator]} blog in ${shown}:\n`,
  );
  out.write(`  evidence: ${blog.evidence.join(', ')}\n`);
  out.write(
    `  posts: ${published} in ${blog.content.posts.value.join(', ')}${drafts ? ` (and ${drafts} draft${drafts === 1 ? '' : 's'})` : ''}\n`,
  );
  if (blog.series.length) {
    const list = blog.series.map(
      (s) =>
        `"${s.title}" (${s.posts.length} posts, ${s.from === 'titles' ? 'numbered titles' : `${s.from === 'taxonomy' ? 'series taxonomy' : 'series field'}`})`,
    );
    out.write(`  series: ${list.join(', ')}: one book each\n`);
  } else out.write('  series: none (no book written; add one under books: in postbound.yaml)\n');
  out.write(`Wrote ${relative(process.cwd(), path) || path}: the only file init writes; no post was changed.\n`);
  const todo = placeholders(blog);
  if (todo.length) out.write(`Fill in the values marked TODO: ${todo.join(', ')}.\n`);
  if (blog.notes.length) out.write(`To check:\n${blog.notes.map((n) => `  - ${n}\n`).join('')}`);
  const next = shown === '.' ? '' : ` ${shown}`;
  out.write(
    `Next: \`postbound build${next}\` for the site and the books, or \`postbound serve${next}\` to see it with live reload.\n`,
  );
  return 0;
}

export async function newCommand(args: string[], io: Io, usage: Usage): Promise<number> {
  const [kind, ...rest] = args;
  if (kind !== 'post') return usage('the only thing `new` makes is a post: `postbound new post "Title" [--series name] [dir]`');
  const options = { series: { type: 'string', short: 's' }, help: { type: 'boolean', short: 'h' } } as const;
  const parsed = parseCommand(rest, options, NEW_HELP, io, usage);
  if (typeof parsed === 'number') return parsed;
  const [title, dir, ...extra] = parsed.positionals;
  if (!title?.trim()) return usage('new post needs a title: `postbound new post "My title"`');
  if (extra.length) return usage('new post takes a title and at most one folder; quote a title with spaces');
  if (parsed.values.series !== undefined && !parsed.values.series.trim()) return usage('--series needs a name');
  try {
    const post = await newPost({ root: dir ?? '.', title, series: parsed.values.series });
    const part = post.series ? ` (part ${post.part} of "${post.series}")` : '';
    io.stdout.write(
      `Created ${post.path}${part}: a draft, shown by \`postbound serve\`, left out of \`build\` until you remove \`draft: true\`.\n`,
    );
    return 0;
  } catch (error) {
    if (error instanceof PostExistsError) {
      io.stderr.write(`postbound: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
