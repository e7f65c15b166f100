// Progress on the terminal: one line that rewrites itself, and nothing at all
// when output is not a terminal or CI is set (logs stay clean).
import type { Progress } from '../pipeline/context.ts';

export function terminalProgress(stream: NodeJS.WriteStream = process.stderr, env = process.env): Progress & { done(): void } {
  const quiet = !stream.isTTY || Boolean(env.CI);
  const started = Date.now();
  let shown = false;
  return {
    step(message: string) {
      if (quiet) return;
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const line = `postbound ${seconds}s ${message}`.slice(0, (stream.columns ?? 80) - 1);
      stream.write(`\r\x1b[2K${line}`);
      shown = true;
    },
    done() {
      if (shown) stream.write('\r\x1b[2K');
      shown = false;
    },
  };
}
