// Writing one output file: every target does it the same way.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { BuildContext, OutputFile } from './context.ts';
import { writing } from './disk-faults.ts';

/** Writes `bytes` to `path` under the build's output folder and describes it for report.json. */
export async function writeOutput(
  ctx: Pick<BuildContext, 'outDir'>,
  path: string,
  bytes: Uint8Array,
  info?: Record<string, unknown>,
): Promise<OutputFile> {
  const abs = join(ctx.outDir, path);
  await mkdir(dirname(abs), { recursive: true });
  await writing(abs, () => writeFile(abs, bytes));
  return info ? { path, bytes: bytes.byteLength, info } : { path, bytes: bytes.byteLength };
}
