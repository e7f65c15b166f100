// sharp, loaded on first use: its native library takes 0.1–0.2 s to load, and a
// build whose images all come from .cache/ (or a command that reads no image)
// never needs it. Modules that always draw (the e-book targets) import it as usual.
import type SharpDefault from 'sharp';

let loading: Promise<typeof SharpDefault> | undefined;

export function loadSharp(): Promise<typeof SharpDefault> {
  loading ??= import('sharp').then((m) => m.default);
  return loading;
}
