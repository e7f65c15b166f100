// The process bench/fuzz-build.ts runs its builds in: long-lived, so Node, the
// modules, the validator's engine and one Chromium are started once, not once
// per input. The parent writes each project, sends { root, only }, and gets back
// whether the build succeeded and the first problem found, if any; it keeps the
// time limit and kills this process when a build hangs (Chromium, driven over a
// pipe, quits with it).
//
// A problem: a stack trace in a message, an uncaught error (build-failed), a
// failed build without an error or with an error on a post without a position,
// or a build that said ok whose books do not hold up: an EPUB that the
// project's validator, run again on the bytes in dist/ and without its cache,
// finds errors in; a MOBI or AZW3 its reader cannot read; a PDF pdf-lib cannot load.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { SharedBrowser } from '../../src/browser/browser.ts';
import { readMobi } from '../../src/mobi/reader.ts';
import { buildProject, type TargetName } from '../../src/pipeline/build.ts';
import { validateEpub } from '../../src/validate/index.ts';
import { STACK } from './fuzz.ts';

export interface BuildRequest {
  root: string;
  only: TargetName[];
}

export interface BuildReply {
  ok: boolean;
  problem?: string;
  /** This process's resident memory after the build, and its peak so far, in MB. */
  rssMb: number;
  peakMb: number;
}

const browser = new SharedBrowser();

async function run({ root, only }: BuildRequest): Promise<Omit<BuildReply, 'rssMb' | 'peakMb'>> {
  // each step the build announces goes to the parent, which says the last ones when a build hangs
  const started = performance.now();
  const progress = { step: (step: string) => process.send?.({ step, ms: Math.round(performance.now() - started) }) };
  const result = await buildProject({ root, only, browser, progress });
  const messages = result.files.flatMap((f) => f.messages.map((m) => ({ file: f.path, m })));
  for (const { file, m } of messages) {
    if (STACK.test(`${m.reason}\n${m.note ?? ''}`))
      return { ok: result.ok, problem: `a stack trace in a message on ${file}: ${m.reason.slice(0, 300)}` };
    if (m.ruleId === 'build-failed')
      return {
        ok: result.ok,
        problem: `build-failed (an uncaught error) on ${file}: ${m.reason.slice(0, 500)}\n${m.cause instanceof Error ? m.cause.stack : ''}`,
      };
  }
  if (result.ok) return { ok: true, problem: await checkBooks(join(root, 'dist', 'book')) };
  const errors = messages.filter(({ m }) => m.fatal === true);
  if (!errors.length) return { ok: false, problem: 'a failed build without an error message' };
  const unplaced = errors.filter(({ file, m }) => file.endsWith('.md') && !m.place);
  if (unplaced.length)
    return {
      ok: false,
      problem: `an error on a post without a position: ${unplaced[0]!.file}: ${unplaced[0]!.m.reason.slice(0, 200)}`,
    };
  return { ok: false };
}

/** The books of a build that said ok, read back from dist/. */
async function checkBooks(dir: string): Promise<string | undefined> {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return undefined; // no book (a config without books, or only the site built)
  }
  for (const name of names) {
    const path = join(dir, name);
    try {
      if (name.endsWith('.epub')) {
        const report = await validateEpub(path);
        const bad = report.messages.filter((m) => m.severity === 'error' || m.severity === 'fatal');
        if (bad.length) return `the build said ok, and ${name} has errors: ${bad.map((m) => `${m.id} ${m.message}`).join('; ')}`;
      } else if (name.endsWith('.mobi') || name.endsWith('.azw3')) {
        if (!readMobi(readFileSync(path)).text.length) return `the build said ok, and ${name} has no text`;
      } else if (name.endsWith('.pdf')) {
        const pdf = await PDFDocument.load(readFileSync(path), { updateMetadata: false });
        if (pdf.getPageCount() < 1) return `the build said ok, and ${name} has no page`;
      }
    } catch (error) {
      return `the build said ok, and ${name} cannot be read: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  return undefined;
}

function memory(): { rssMb: number; peakMb: number } {
  const rssMb = Math.round(process.memoryUsage().rss / 1024 / 1024);
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return { rssMb, peakMb: m ? Math.round(Number(m[1]) / 1024) : rssMb };
}

/** A step of the build now running: what the build's progress line would show, and when. */
export interface BuildStep {
  step: string;
  ms: number;
}

process.on('message', (request: BuildRequest) => {
  run(request)
    .catch((error: unknown) => ({
      ok: false,
      problem: `threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    }))
    .then((reply) => process.send?.({ ...reply, ...memory() } satisfies BuildReply));
});
// loaded: the parent may start the clock
process.send?.({ ready: true });
// the parent gone (its end, or killed): Chromium goes with this process
process.on('disconnect', () => {
  void browser.close().finally(() => process.exit(0));
});
