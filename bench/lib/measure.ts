// Runs a command several times under GNU time and reports the median wall time
// and the peak resident memory, so every benchmark measures the same way.
import { spawnSync } from 'node:child_process';
import { resolveBrowser } from '../../src/browser/browser.ts';

export interface Measurement {
  label: string;
  runs: number[];
  medianMs: number;
  peakMb: number;
  /** Median user + system CPU time of the runs (what a loaded machine does not inflate as much as wall time). */
  cpuMs: number;
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Work done before each run and not timed (e.g. clearing a cache). */
  before?: () => void;
  /** Exit codes that still count as a run (EPUBCheck exits 1 when it finds errors). */
  okStatus?: number[];
  /** A run that takes longer is killed and the benchmark stops (default 15 minutes): a hang is a finding, not a wait. */
  timeoutMs?: number;
}

interface Run {
  ms: number;
  cpuMs: number;
  peakKb: number;
}

/** One run of `cmd args` under GNU time; throws when the command fails or is killed. */
function runOnce(label: string, cmd: string, args: string[], options: RunOptions): Run {
  options.before?.();
  const started = process.hrtime.bigint();
  const result = spawnSync('/usr/bin/time', ['-v', cmd, ...args], {
    cwd: options.cwd,
    env: { ...process.env, CI: 'true', ...options.env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: options.timeoutMs ?? 15 * 60_000,
    killSignal: 'SIGKILL',
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.signal) {
    throw new Error(
      `${label}: \`${cmd} ${args.join(' ')}\` ran ${(ms / 1000).toFixed(0)} s and was killed (${result.signal}): a hang?`,
    );
  }
  if (!(options.okStatus ?? [0]).includes(result.status ?? -1)) {
    throw new Error(`${label}: \`${cmd} ${args.join(' ')}\` failed (${result.status})\n${result.stderr.slice(-3000)}`);
  }
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(result.stderr);
  const user = /User time \(seconds\): ([\d.]+)/.exec(result.stderr);
  const sys = /System time \(seconds\): ([\d.]+)/.exec(result.stderr);
  return { ms, cpuMs: (Number(user?.[1] ?? 0) + Number(sys?.[1] ?? 0)) * 1000, peakKb: rss ? Number(rss[1]) : 0 };
}

function summary(label: string, runs: Run[]): Measurement {
  return {
    label,
    runs: runs.map((r) => r.ms),
    medianMs: median(runs.map((r) => r.ms)),
    peakMb: Math.max(0, ...runs.map((r) => r.peakKb)) / 1024,
    cpuMs: median(runs.map((r) => r.cpuMs)),
  };
}

/** Times `cmd args` `times` times; throws when the command fails. */
export function measure(label: string, cmd: string, args: string[], times: number, options: RunOptions = {}): Measurement {
  return summary(
    label,
    Array.from({ length: times }, () => runOnce(label, cmd, args, options)),
  );
}

export interface Command {
  label: string;
  cmd: string;
  args: string[];
  options?: RunOptions;
}

/**
 * Two commands in turn, A B A B …, `times` pairs after one not counted: each pair ran under the same
 * load, so the median of the pairs' ratios (B / A: how many times faster A is)
 * holds when the machine's speed drifts during the runs.
 */
export function measurePair(
  a: Command,
  b: Command,
  times: number,
): { a: Measurement; b: Measurement; wallRatio: number; cpuRatio: number } {
  const ra: Run[] = [];
  const rb: Run[] = [];
  // one pair first, not counted: files read from disk, the JIT of a JVM's class data sharing, and so on
  runOnce(a.label, a.cmd, a.args, a.options ?? {});
  runOnce(b.label, b.cmd, b.args, b.options ?? {});
  for (let i = 0; i < times; i++) {
    ra.push(runOnce(a.label, a.cmd, a.args, a.options ?? {}));
    rb.push(runOnce(b.label, b.cmd, b.args, b.options ?? {}));
  }
  return {
    a: summary(a.label, ra),
    b: summary(b.label, rb),
    wallRatio: median(rb.map((r, i) => r.ms / ra[i]!.ms)),
    cpuRatio: median(rb.map((r, i) => r.cpuMs / ra[i]!.cpuMs)),
  };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Prints measurements as a table, with each row's ratio to `baseline` when given. */
export function table(title: string, rows: Measurement[], baseline?: Measurement): void {
  const lines = [`\n${title}`, '| what | median | runs | peak memory | ratio |', '| --- | ---: | --- | ---: | ---: |'];
  for (const r of rows) {
    const ratio = baseline ? `${(r.medianMs / baseline.medianMs).toFixed(2)}×` : '';
    lines.push(
      `| ${r.label} | ${(r.medianMs / 1000).toFixed(2)} s | ${r.runs.map((x) => (x / 1000).toFixed(2)).join(', ')} | ${r.peakMb.toFixed(0)} MB | ${ratio} |`,
    );
  }
  console.log(lines.join('\n'));
}

/** The Chromium a build would drive here (its path, which says whether it is the headless shell). */
function browserName(): string {
  try {
    return `Chromium ${resolveBrowser()}`;
  } catch {
    return 'no Chromium';
  }
}

export function machine(): string {
  const cpus = spawnSync('nproc', { encoding: 'utf8' }).stdout.trim();
  const mem = spawnSync('sh', ['-c', "free -g | awk '/Mem:/ {print $2}'"], { encoding: 'utf8' }).stdout.trim();
  return `${cpus} cores, ${mem} GiB, Node ${process.version}, ${browserName()}, ${new Date().toISOString().slice(0, 16)}Z`;
}
