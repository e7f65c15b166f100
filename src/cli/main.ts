// The command line: `postbound <command> [dir]`. Exit codes: 0 success,
// 1 content or validation errors, 2 usage errors.

import type { TargetName } from '../pipeline/build.ts';
import { parseCommand } from './args.ts';
import { collectMessages, formatMessages, REPORTERS, type ReporterName, useColor } from './messages.ts';
import { terminalProgress } from './progress.ts';

const HELP = `postbound: turn a folder of markdown posts and sketches into a blog and a book

Usage:
  postbound build [dir] [--only site,epub,pdf,mobi,summary,cover] [--drafts] [--epubcheck]
                  [--strict] [--quiet] [--reporter text|json|github]
      --only       build only these targets
      --drafts     include posts marked \`draft: true\`
      --epubcheck  also run Java EPUBCheck on every EPUB, when installed
      --strict     unknown front matter fields are errors
      --quiet      print warnings and errors without their hints
      --reporter   text (default: file:line:column, severity, message, id, then a hint),
                   json (one JSON document on stdout) or github (GitHub Actions annotations)
  postbound serve [dir] [--port N] [--books] [--no-drafts] [--strict] [--quiet]
                                    build the site, serve it on 127.0.0.1 and rebuild on save
  postbound init [dir] [--force]    a starter project that builds at once; in a Jekyll, Hugo,
                                    Eleventy or Astro blog, only a postbound.yaml made from it
  postbound init --from <blog> [--force]
                                    write postbound.yaml for that blog, which builds in place
  postbound new post "Title" [--series name] [dir]
                                    a new post (a draft) in content/posts/
  postbound validate <file.epub…> [--json [file]] [--html file] [--strict] [--epubcheck]
  postbound import <export-or-feed> [dir] [--media DIR] [--fetch] [--series-from category|tag|<taxonomy>] [--force] [--dry-run]
  postbound schema [config|front-matter]   print the JSON Schema of postbound.yaml or of front matter
  postbound --help | --version

dir is the project folder (it holds postbound.yaml and content/); it defaults
to the current folder. Output goes to dir/dist/, the image cache to dir/.cache/.

Exit codes: 0 success, 1 content or validation errors, 2 usage errors.`;

export interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WriteStream | NodeJS.WritableStream;
}

export async function main(argv: string[], io: Io = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const [command, ...rest] = argv;
  const usage = (message: string) => {
    io.stderr.write(`postbound: ${message}\nRun \`postbound --help\` for usage.\n`);
    return 2;
  };
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    io.stdout.write(`${HELP}\n`);
    return command ? 0 : 2;
  }
  if (command === '--version' || command === '-v') {
    io.stdout.write('0.1.0\n');
    return 0;
  }
  switch (command) {
    case 'build':
      return buildCommand(rest, io, usage);
    case 'serve': {
      const { serveCommand } = await import('../serve/command.ts');
      return serveCommand(rest, io, usage);
    }
    case 'init': {
      const { initCommand } = await import('../scaffold/command.ts');
      return initCommand(rest, io, usage);
    }
    case 'new': {
      const { newCommand } = await import('../scaffold/command.ts');
      return newCommand(rest, io, usage);
    }
    case 'validate': {
      const { validateCommand } = await import('../validate/command.ts');
      return validateCommand(rest, io as never);
    }
    case 'import': {
      const { importCommand } = await import('../import/index.ts');
      return importCommand(rest, io);
    }
    case 'schema': {
      const which = rest[0] ?? 'config';
      const schemas = (await import('../config/schema.ts')).jsonSchemas();
      if (which !== 'config' && which !== 'front-matter') return usage('schema takes `config` or `front-matter`');
      io.stdout.write(`${JSON.stringify(which === 'config' ? schemas.config : schemas.frontMatter, null, 2)}\n`);
      return 0;
    }
    default:
      return usage(`unknown command "${command}"`);
  }
}

async function buildCommand(args: string[], io: Io, usage: (m: string) => number): Promise<number> {
  const options = {
    only: { type: 'string' },
    drafts: { type: 'boolean', default: false },
    epubcheck: { type: 'boolean', default: false },
    strict: { type: 'boolean' },
    quiet: { type: 'boolean', short: 'q', default: false },
    reporter: { type: 'string', default: 'text' },
    help: { type: 'boolean', short: 'h' },
  } as const;
  const parsed = parseCommand(args, options, HELP, io, usage);
  if (typeof parsed === 'number') return parsed;
  if (parsed.positionals.length > 1) return usage('build takes at most one folder');
  const reporter = parsed.values.reporter as ReporterName;
  if (!REPORTERS.includes(reporter)) return usage(`--reporter takes ${REPORTERS.join(', ')}, not "${reporter}"`);
  // loaded here, not at the top: `--version`, `validate` and the others do not need the build
  const { buildProject, TARGETS } = await import('../pipeline/build.ts');
  let only: TargetName[] | undefined;
  if (parsed.values.only) {
    const names = parsed.values.only
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const unknown = names.filter((n) => !(TARGETS as readonly string[]).includes(n));
    if (unknown.length) return usage(`unknown target ${unknown.join(', ')}; targets are ${TARGETS.join(', ')}`);
    only = names as TargetName[];
  }
  const progress = terminalProgress(io.stderr as NodeJS.WriteStream);
  const result = await buildProject({
    root: parsed.positionals[0] ?? '.',
    only,
    progress,
    drafts: parsed.values.drafts,
    epubcheck: parsed.values.epubcheck,
    strict: parsed.values.strict,
  });
  progress.done();
  // text goes to stderr beside the progress; json and github are read from stdout,
  // and json keeps stdout to itself (the summary goes to stderr then)
  const messages = collectMessages(result.files);
  const text = formatMessages(reporter, messages, result.ok, {
    quiet: parsed.values.quiet,
    color: reporter === 'text' && useColor(io.stderr as NodeJS.WriteStream),
  });
  if (text) (reporter === 'text' ? io.stderr : io.stdout).write(`${text}\n`);
  if (!result.ok) {
    io.stderr.write('Build failed; dist/ was left as it was.\n');
    return 1;
  }
  const summary = reporter === 'json' ? io.stderr : io.stdout;
  const r = result.report!;
  const bytes = r.files.reduce((sum, f) => sum + f.bytes, 0);
  summary.write(
    `Built ${r.files.length} files (${(bytes / 1024 / 1024).toFixed(1)} MB) into dist/ in ${(r.totalMs / 1000).toFixed(1)} s\n`,
  );
  for (const f of r.files.filter((f) => f.path.startsWith('book/'))) summary.write(`  dist/${f.path}\n`);
  return 0;
}
