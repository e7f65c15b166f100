// The loop every fuzz script shares: inputs made from a seed (the same seed gives
// the same inputs, so a crash can be made again), each run under a time limit,
// the whole run bounded in count and time, and one line of totals at the end:
// inputs tried, crashes, hangs, peak memory. A crash or hang keeps its input in
// the output folder, to become a regression fixture.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** mulberry32: small, fast, and the same sequence on every machine. */
export function prng(seed: number): Random {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, pick: <T>(xs: readonly T[]) => xs[int(xs.length)]! };
}

export interface Random {
  /** In [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  pick<T>(xs: readonly T[]): T;
}

export interface FuzzOptions<I> {
  name: string;
  seed: number;
  count: number;
  /** Stop after this long even if `count` is not reached (the totals say how many ran). */
  totalMs: number;
  /**
   * Inputs before this index are made (so the ones after are the same as in a
   * whole run) but not run: to look at one input again, with those just before it.
   */
  from?: number;
  /** An input taking longer is a hang. */
  perInputMs: number;
  /** An input whose run raised the process's resident memory above this is a crash. */
  maxRssMb: number;
  outDir: string;
  make(random: Random, index: number): Promise<I> | I;
  /** What the input is, in a few words (printed for crashes and in the tally). */
  describe(input: I): string;
  /** Saves the input for a later look (a crash or a hang). */
  save(input: I, dir: string): void;
  /** Runs it; returns a problem (a crash: a stack trace shown, no verdict…) or undefined. */
  run(input: I): Promise<string | undefined>;
  /**
   * Called after a hang, before the next input: stops the run still going (a
   * worker process killed and started again); returns a problem the hang left,
   * if any (a crash besides the hang).
   */
  afterHang?(input: I): Promise<string | undefined>;
  /** What the run was doing when it hung (its last steps, the machine's load), read before afterHang. */
  describeHang?(): string;
  /**
   * The resident memory (now, and the peak so far) of the process the inputs
   * run in, when it is not this one: read after each input.
   */
  memory?(): { rssMb: number; peakMb: number };
}

export interface FuzzTotals {
  tried: number;
  crashes: number;
  hangs: number;
  peakRssMb: number;
  slowestMs: number;
  byKind: Record<string, number>;
}

/** Peak resident memory of this process so far (VmHWM), in MB. */
export function peakRssMb(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : Math.round(process.memoryUsage().rss / 1024 / 1024);
}

export async function fuzz<I>(options: FuzzOptions<I>): Promise<FuzzTotals> {
  const random = prng(options.seed);
  const started = Date.now();
  const totals: FuzzTotals = { tried: 0, crashes: 0, hangs: 0, peakRssMb: 0, slowestMs: 0, byKind: {} };
  mkdirSync(options.outDir, { recursive: true });
  const keep = (i: number, input: I, why: string) => {
    const dir = join(options.outDir, `${options.name}-${options.seed}-${i}`);
    mkdirSync(dir, { recursive: true });
    options.save(input, dir);
    writeFileSync(join(dir, 'problem.txt'), `${options.describe(input)}\n${why}\n`);
    console.log(`  #${i} ${options.describe(input)}: ${why.split('\n')[0]} (kept in ${dir})`);
  };
  const slowest: { i: number; ms: number; what: string }[] = [];
  for (let i = 0; i < options.count && Date.now() - started < options.totalMs; i++) {
    const input = await options.make(random, i);
    if (i < (options.from ?? 0)) continue;
    for (const kind of options.describe(input).split(':')[0]!.split(' + ')) totals.byKind[kind] = (totals.byKind[kind] ?? 0) + 1;
    const t0 = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const hang = new Promise<'hang'>((ok) => {
      timer = setTimeout(() => ok('hang'), options.perInputMs);
    });
    let outcome: string | undefined | 'hang';
    try {
      outcome = await Promise.race([options.run(input), hang]);
    } catch (error) {
      outcome = `threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
    } finally {
      clearTimeout(timer);
    }
    const ms = Date.now() - t0;
    // the slowest of the inputs that had a verdict (a hang is counted apart)
    if (outcome !== 'hang') {
      totals.slowestMs = Math.max(totals.slowestMs, ms);
      slowest.push({ i, ms, what: options.describe(input) });
      slowest.sort((a, b) => b.ms - a.ms).splice(3);
    }
    totals.tried++;
    // FUZZ_TRACE=1: one line an input, to find where a slow stretch is
    if (process.env.FUZZ_TRACE) console.log(`  #${i} ${options.describe(input)}: ${ms} ms`);
    const used = options.memory?.();
    const rss = used?.rssMb ?? Math.round(process.memoryUsage().rss / 1024 / 1024);
    totals.peakRssMb = Math.max(totals.peakRssMb, used?.peakMb ?? 0);
    if (outcome === 'hang') {
      totals.hangs++;
      const doing = options.describeHang?.();
      const left = await options.afterHang?.(input);
      if (left) totals.crashes++;
      keep(i, input, `no verdict after ${options.perInputMs} ms${doing ? ` (${doing})` : ''}${left ? `, and then ${left}` : ''}`);
    } else if (outcome) {
      totals.crashes++;
      keep(i, input, outcome);
    } else if (rss > options.maxRssMb) {
      totals.crashes++;
      keep(i, input, `resident memory ${rss} MB, above ${options.maxRssMb} MB`);
    }
    if ((i + 1) % 500 === 0)
      console.log(
        `  … ${i + 1} tried, ${totals.crashes} crashes, ${totals.hangs} hangs, ${Math.round((Date.now() - started) / 1000)} s`,
      );
  }
  totals.peakRssMb = Math.max(totals.peakRssMb, peakRssMb());
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  console.log(`\n${options.name}: seed ${options.seed}, ${totals.tried} inputs tried in ${seconds} s`);
  console.log(
    `  crashes ${totals.crashes}, hangs ${totals.hangs}, slowest ${totals.slowestMs} ms, peak memory ${totals.peakRssMb} MB`,
  );
  console.log(`  slowest with a verdict: ${slowest.map((s) => `#${s.i} ${s.what} ${s.ms} ms`).join('; ')}`);
  console.log(
    `  by kind: ${Object.entries(totals.byKind)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}`,
  );
  return totals;
}

/** Command-line numbers: `--seed N --count N --minutes N --from N` (inputs from index N up to index count). */
export function fuzzArgs(defaults: { count: number; minutes: number }): {
  seed: number;
  count: number;
  totalMs: number;
  from: number;
} {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? Number(process.argv[i + 1]) : undefined;
  };
  return {
    seed: arg('seed') ?? 20,
    count: arg('count') ?? defaults.count,
    totalMs: (arg('minutes') ?? defaults.minutes) * 60_000,
    from: arg('from') ?? 0,
  };
}

/** A stack trace in text a user would see ("    at f (file.ts:1:2)"). */
export const STACK = /\n\s+at [^\n]*[(:]\d+:\d+\)?/;
