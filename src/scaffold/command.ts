// `postbound init [dir]` and `postbound new post "Title" [--series name] [dir]`.
// Both refuse to overwrite a file: exit code 2, with the path in the message.
import { relative, resolve } from 'node:path';
import { parseCommand } from '../cli/args.ts';
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

export async function initCommand(args: string[], io: Io, usage: Usage): Promise<number> {
  if (args.length > 1 || args.some((a) => a.startsWith('-'))) return usage('init takes one folder: `postbound init [dir]`');
  const dir = args[0] ?? '.';
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
