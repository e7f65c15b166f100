// `postbound validate <file.epub…> [--json [file]] [--strict] [--epubcheck]`
// Exit codes: 0 valid, 1 errors (or warnings with --strict), 2 usage.
import { writeFile } from 'node:fs/promises';
import { withJava } from './java.ts';
import { formatReport, toEpubcheckJson } from './report.ts';
import type { ValidationReport } from './types.ts';
import { validateEpub } from './validate.ts';

export interface CommandIO {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
}

const USAGE = `Usage: postbound validate <file.epub…> [--json [file]] [--strict] [--epubcheck]

  --json [file]  write EPUBCheck's JSON report shape (to stdout without a file)
  --strict       warnings fail too (exit 1)
  --epubcheck    also run Java EPUBCheck (java -jar ${'/usr/share/java/epubcheck.jar'}, or $EPUBCHECK_JAR)
`;

interface Parsed {
  files: string[];
  json?: string | true;
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
  const reports: ValidationReport[] = [];
  for (const file of parsed.files) {
    let report = await validateEpub(file, { strict: parsed.strict });
    if (parsed.epubcheck) report = await withJava(file, report, parsed.strict);
    reports.push(report);
  }
  if (parsed.json === true) io.stdout.write(`${JSON.stringify(toEpubcheckJson(reports), null, 2)}\n`);
  else {
    io.stdout.write(formatReport(reports));
    if (parsed.json) await writeFile(parsed.json, `${JSON.stringify(toEpubcheckJson(reports), null, 2)}\n`);
  }
  return reports.every((r) => r.valid) ? 0 : 1;
}
