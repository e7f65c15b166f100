// The parent's side of bench/lib/build-worker.ts: one build process at a time,
// started on the first build, replaced when it hangs (killed) or dies.
import { type ChildProcess, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromiumOf } from '../../test/helpers/faults.ts';
import type { BuildReply, BuildRequest, BuildStep } from './build-worker.ts';

/** The build process: one at a time, replaced when it hangs or dies. */
export class BuildWorker {
  private child?: ChildProcess;
  private pending?: (reply: BuildReply) => void;
  last: { rssMb: number; peakMb: number } = { rssMb: 0, peakMb: 0 };
  /** The memory of this worker's Chromium processes (their summed Pss: shared pages split among them), at its highest seen. */
  chromiumPeakMb = 0;
  private loaded = false;
  /** The steps the build now running has announced (the build's progress line). */
  steps: BuildStep[] = [];

  build(request: BuildRequest): Promise<BuildReply> {
    const child = this.start();
    this.steps = [];
    return new Promise((ok) => {
      this.pending = (reply) => {
        this.pending = undefined;
        this.last = { rssMb: reply.rssMb, peakMb: Math.max(this.last.peakMb, reply.peakMb) };
        this.chromiumPeakMb = Math.max(this.chromiumPeakMb, chromiumRssMb(child.pid!));
        ok(reply);
      };
      child.send(request);
    });
  }

  /** Starts the worker when none runs and waits until it has loaded (a build timed after this does not count Node starting). */
  warm(): Promise<void> {
    if (this.child && this.loaded) return Promise.resolve();
    const child = this.start();
    return new Promise((ok) => {
      const done = () => {
        child.off('message', onMessage);
        child.off('exit', done);
        ok();
      };
      const onMessage = (message: { ready?: boolean }) => {
        if (message.ready) done();
      };
      child.on('message', onMessage);
      child.once('exit', done);
    });
  }

  /** Kills the worker (its Chromium quits with its pipe); the next build starts a new one. */
  async kill(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise((ok) => {
      child.once('exit', ok);
      child.kill('SIGKILL');
    });
  }

  /** Ends the worker as a run ends: it closes its Chromium (and its profile folder) and exits. */
  async close(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await new Promise((ok) => {
      child.once('exit', ok);
      child.disconnect();
    });
    clearTimeout(timer);
  }

  private start(): ChildProcess {
    if (this.child) return this.child;
    this.loaded = false;
    const child = fork(join(import.meta.dirname, 'build-worker.ts'), [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.on('message', (message: BuildReply | BuildStep | { ready: true }) => {
      if (this.child !== child) return;
      if ('ready' in message) this.loaded = true;
      else if ('step' in message) this.steps.push(message);
      else this.pending?.(message);
    });
    child.on('exit', (code, signal) => {
      if (this.child !== child) return;
      this.child = undefined;
      this.pending?.({ ok: false, problem: `the build process died (exit ${code}, signal ${signal})`, ...this.last });
    });
    this.child = child;
    return child;
  }
}

function chromiumRssMb(pid: number): number {
  let kb = 0;
  for (const p of chromiumOf(pid)) {
    try {
      kb += Number(/^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${p}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
    } catch {
      // ended while being read
    }
  }
  return Math.round(kb / 1024);
}

/** The last steps a build announced, for a build that hung: `pdf: test-book at 2.1 s`. */
export function lastSteps(steps: BuildStep[]): string {
  return steps
    .slice(-4)
    .map((s) => `${s.step} at ${(s.ms / 1000).toFixed(1)} s`)
    .join(', ');
}
