// `postbound validate <file.epub…> [--json [file]] [--html file] [--strict] [--epubcheck]`
// Exit codes: 0 valid, 1 errors (or warnings with --strict), 2 usage.
// Loaded alone by the CLI (src/cli/main.ts imports nothing else for it), and
// itself loads only the engine's thread at first: the workers start before the
// rest of the checks and the reporters are read, sharp only if a book has images.

import { readFile, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { epubcheckTsWorker, TIERING_BUDGET } from './engine.ts';
import type { ValidationReport } from './types.ts';

export interface CommandIO {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
}

const USAGE = `Usage: postbound validate <file.epub…> [--json [file]] [--html file] [--strict] [--epubcheck]

  --json [file]  write EPUBCheck's JSON report shape (to stdout without a file)
  --html file    write the report as one page: verdict, counts, every message with its lines and hint
  --strict       warnings fail too (exit 1)
  --epubcheck    also run Java EPUBCheck (java -jar ${'/usr/share/java/epubcheck.jar'}, or $EPUBCHECK_JAR)

Several books are checked at the same time, one engine thread per processor.
`;

interface Parsed {
  files: string[];
  json?: string | true;
  html?: string;
  strict: boolean;
  epubcheck: boolean;
}

export function parseArgs(args: string[]): Parsed | string {
  const p: Parsed = { files: [], strict: false, epubcheck: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--strict') p.strict = true;
    else if (a === '--epubcheck') p.epubcheck = true;
    else if (a === '--json' || a.startsWith('--json=')) {
      const inline = a.startsWith('--json=') ? a.slice(7) : undefined;
      const next = args[i + 1];
      if (inline) p.json = inline;
      else if (next && !next.startsWith('-') && !/\.epub$/i.test(next)) {
        p.json = next;
        i++;
      } else p.json = true;
    } else if (a === '--html' || a.startsWith('--html=')) {
      const file = a.startsWith('--html=') ? a.slice(7) : args[++i];
      if (!file || file.startsWith('-')) return '--html takes the file to write, e.g. --html report.html.';
      if (/\.epub$/i.test(file)) return `--html takes the page to write, not a book ("${file}"): --html report.html.`;
      p.html = file;
    } else if (a === '--help' || a === '-h') return '';
    else if (a.startsWith('-') && a !== '-') return `Unknown option ${a}.`;
    else p.files.push(a);
  }
  if (!p.files.length) return 'Name at least one EPUB file to check.';
  return p;
}

export async function validateCommand(args: string[], io: CommandIO): Promise<number> {
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') {
    if (parsed) io.stderr.write(`${parsed}\n\n`);
    io.stderr.write(USAGE);
    return parsed ? 2 : 0;
  }
  const reports = await validateAll(parsed.files, parsed.strict, parsed.epubcheck);
  const { formatReport, toEpubcheckJson } = await import('./report.ts');
  if (parsed.json === true) io.stdout.write(`${JSON.stringify(toEpubcheckJson(reports), null, 2)}\n`);
  else {
    io.stdout.write(formatReport(reports));
    if (parsed.json) await writeFile(parsed.json, `${JSON.stringify(toEpubcheckJson(reports), null, 2)}\n`);
  }
  if (parsed.html) await writeFile(parsed.html, (await import('./report-html.ts')).htmlReport(reports));
  return reports.every((r) => r.valid) ? 0 : 1;
}

/**
 * Every file checked, at most one per processor at a time, each engine in its
 * own worker thread; the reports in the order the files were given.
 */
export async function validateAll(files: string[], strict: boolean, epubcheck: boolean): Promise<ValidationReport[]> {
  const lanes = Math.max(1, Math.min(files.length, availableParallelism()));
  const engines = Array.from({ length: lanes }, () => epubcheckTsWorker({ tieringBudget: TIERING_BUDGET }));
  for (const e of engines) e.warm(); // the workers load the engine while the books and the checks are read
  const reports: ValidationReport[] = new Array(files.length);
  let next = 0;
  try {
    const [{ validateEpub }, java] = await Promise.all([import('./validate.ts'), epubcheck ? import('./java.ts') : undefined]);
    await Promise.all(
      engines.map(async (engine) => {
        while (next < files.length) {
          const i = next++;
          const file = files[i]!;
          const built = await builtBy(file);
          let report = await validateEpub(file, { strict, engine, ...built });
          if (java) report = await java.withJava(file, report, strict, built?.sources);
          reports[i] = report;
        }
      }),
    );
  } finally {
    await Promise.all(engines.map((e) => e.close()));
  }
  return reports;
}

/**
 * For a book in a postbound dist/ (dist/book/x.epub beside dist/report.json):
 * which post each content document came from, and the posts' markdown, so a
 * message names the post and its line. Nothing for any other EPUB.
 */
async function builtBy(
  file: string,
): Promise<{ sources: Record<string, string>; readSource: (f: string) => string | undefined } | undefined> {
  const epub = resolve(file);
  const dist = dirname(dirname(epub));
  let report: { root?: string; validation?: { file?: string; sources?: Record<string, string> }[] };
  try {
    report = JSON.parse(await readFile(join(dist, 'report.json'), 'utf8'));
  } catch {
    return undefined;
  }
  const entry = report.validation?.find((v) => v.file && resolve(dist, v.file) === epub);
  if (!entry?.sources || !report.root) return undefined;
  const root = report.root;
  const texts = new Map<string, string | undefined>();
  for (const rel of new Set(Object.values(entry.sources))) {
    texts.set(rel, await readFile(join(root, rel), 'utf8').catch(() => undefined));
  }
  return { sources: entry.sources, readSource: (f) => texts.get(f) };
}
