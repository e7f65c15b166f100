// The targets that wait for the PDF to reach Chromium. After a post changed the
// PDF takes longest, and most of it is Chromium's loading and printing: the
// EPUB, MOBI and site targets start once the PDF has handed its book over, so
// that until then its preparation has the main thread to itself (the sample,
// one post changed: 3.65 against 3.82 s, 8 paired runs; cold the same).
import type { BuildContext } from './context.ts';

const HELD = new Set(['epub', 'mobi', 'site']);

export interface PrintGate {
  /** Resolves when `target` may start. */
  before(target: string): Promise<void>;
  /** Lets every held target start: the PDF ended or failed, or the books came from .cache/. */
  open(): void;
}

/** The gate of a build; it holds nothing when the build prints no PDF. */
export function printGate(ctx: BuildContext, printsPdf: boolean): PrintGate {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  if (printsPdf) ctx.printing = open;
  else open();
  return { before: (target) => (HELD.has(target) ? opened : Promise.resolve()), open };
}
