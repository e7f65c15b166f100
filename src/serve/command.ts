// `postbound serve [dir] [--port N] [--books]`: runs until Ctrl-C (or `q`).
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseCommand } from '../cli/args.ts';
import { useColor } from '../cli/messages.ts';
import { terminalProgress } from '../cli/progress.ts';
import { CONFIG_FILE } from '../content/load.ts';
import { serve } from './index.ts';

export const SERVE_HELP = `postbound serve [dir] [--port N] [--books] [--no-drafts] [--strict] [--quiet]
  Builds the site into dir/dist/site/, serves it on http://127.0.0.1:N/ (default 4000,
  or the next free port), and rebuilds what each saved change touches; open pages
  reload by themselves and show build errors over the page. Drafts are shown.
  --books builds the book formats once at start; press b to rebuild them, q to stop.
  --strict makes unknown front matter fields errors; --quiet prints messages without their hints.`;

interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WriteStream | NodeJS.WritableStream;
}

export async function serveCommand(args: string[], io: Io, usage: (m: string) => number): Promise<number> {
  const options = {
    port: { type: 'string', short: 'p' },
    books: { type: 'boolean', default: false },
    'no-drafts': { type: 'boolean', default: false },
    strict: { type: 'boolean' },
    quiet: { type: 'boolean', short: 'q', default: false },
    help: { type: 'boolean', short: 'h' },
  } as const;
  const parsed = parseCommand(args, options, SERVE_HELP, io, usage);
  if (typeof parsed === 'number') return parsed;
  if (parsed.positionals.length > 1) return usage('serve takes at most one folder');
  const port = parsed.values.port === undefined ? 4000 : Number(parsed.values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    return usage(`--port takes a number from 0 to 65535, not "${parsed.values.port}"`);

  const root = parsed.positionals[0] ?? '.';
  if (!existsSync(join(root, CONFIG_FILE))) {
    io.stderr.write(
      `postbound: no ${CONFIG_FILE} in ${resolve(root)}; run \`postbound init ${root}\` for a starter project, or pass the project folder.\n`,
    );
    return 1;
  }
  const stderr = io.stderr as NodeJS.WriteStream;
  const progress = terminalProgress(stderr);
  const handle = await serve({
    root,
    port,
    books: parsed.values.books,
    drafts: !parsed.values['no-drafts'],
    strict: parsed.values.strict,
    quiet: parsed.values.quiet,
    keys: true,
    progress,
    color: useColor(stderr),
    log: (line) => {
      // a line of its own, not glued to the progress line
      progress.done();
      stderr.write(`${line}\n`);
    },
  });
  await new Promise<void>((done) => {
    const stop = () => done();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    handle.events.once('quit', stop);
  });
  await handle.close();
  return 0;
}
