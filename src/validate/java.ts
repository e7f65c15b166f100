// The reference EPUBCheck (Java), run as a child process when asked for with
// --epubcheck and by the agreement tests. Its messages keep their ids.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pbMessage } from './catalogue.ts';
import { countSeverities, type Severity, type ValidationMessage, type ValidationReport } from './types.ts';
import { mergeMessages } from './validate.ts';

export const DEFAULT_JAR = '/usr/share/java/epubcheck.jar';

export interface JavaResult {
  messages: ValidationMessage[];
  version: string;
  /** The report exactly as EPUBCheck wrote it. */
  raw: unknown;
}

interface JavaJson {
  messages: {
    ID: string;
    severity: string;
    message: string;
    suggestion: string | null;
    locations: { path: string; line: number; column: number; context: string | null }[];
  }[];
  checker: { checkerVersion: string };
}

export function javaAvailable(jar = process.env.EPUBCHECK_JAR ?? DEFAULT_JAR): string | undefined {
  if (!existsSync(jar)) return `${jar} does not exist`;
  return undefined;
}

/** Runs `java -jar epubcheck.jar file --json out` and reads its report back. */
export async function runJavaEpubcheck(file: string, options: { jar?: string; timeoutMs?: number } = {}): Promise<JavaResult> {
  const jar = options.jar ?? process.env.EPUBCHECK_JAR ?? DEFAULT_JAR;
  const dir = await mkdtemp(join(tmpdir(), 'postbound-epubcheck-'));
  const out = join(dir, 'report.json');
  try {
    await new Promise<void>((resolve, reject) => {
      // Exit code 1 only means the book has errors; a missing report is the real failure.
      execFile(
        'java',
        ['-Xss4m', '-jar', jar, file, '--json', out],
        { timeout: options.timeoutMs ?? 120_000, maxBuffer: 16 * 1024 * 1024 },
        (err) =>
          err && (err as NodeJS.ErrnoException).code === 'ENOENT' ? reject(new Error('java is not installed')) : resolve(),
      );
    });
    let raw: JavaJson;
    try {
      raw = JSON.parse(await readFile(out, 'utf8')) as JavaJson;
    } catch {
      throw new Error('EPUBCheck wrote no JSON report');
    }
    return { raw, version: `EPUBCheck ${raw.checker.checkerVersion}`, messages: raw.messages.flatMap(fromJava) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function fromJava(m: JavaJson['messages'][number]): ValidationMessage[] {
  return [
    {
      id: m.ID,
      severity: m.severity.toLowerCase() as Severity,
      message: m.message,
      ...(m.suggestion ? { hint: m.suggestion } : {}),
      locations: m.locations.map((l) => ({
        path: l.path,
        ...(l.line > 0 ? { line: l.line } : {}),
        ...(l.column > 0 ? { column: l.column } : {}),
        ...(l.context ? { context: l.context } : {}),
      })),
      origin: 'epubcheck-java',
    },
  ];
}

/** Merges Java EPUBCheck's findings into `report`, or says why it could not run. */
export async function withJava(
  path: string,
  report: ValidationReport,
  strict = false,
  sources?: Record<string, string>,
): Promise<ValidationReport> {
  try {
    const missing = javaAvailable();
    if (missing) throw new Error(missing);
    const java = await runJavaEpubcheck(path);
    if (sources) {
      for (const m of java.messages) {
        const file = m.locations.map((l) => sources[l.path]).find(Boolean);
        if (file) m.source = { file };
      }
    }
    return mergeMessages(report, java.messages, java.version, strict);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    const messages = [...report.messages, pbMessage('javaUnavailable', { reason }, [{ path: '' }])];
    return { ...report, messages, counts: countSeverities(messages) };
  }
}
