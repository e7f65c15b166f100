// The sample project, built at most once per test run into a temp copy (so tests
// never touch the repository's own dist/). The first test file that asks builds
// it; the others, in other worker processes, wait for that build and reuse it.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { reporter } from 'vfile-reporter';
import { inject } from 'vitest';
import { buildProject } from '../../src/pipeline/build.ts';

export const REPO = resolve(import.meta.dirname, '..', '..');

/** Copies the sample (postbound.yaml and content/) into a new temp folder. */
export function copySample(): string {
  const root = mkdtempSync(join(tmpdir(), 'postbound-sample-'));
  cpSync(join(REPO, 'postbound.yaml'), join(root, 'postbound.yaml'));
  cpSync(join(REPO, 'content'), join(root, 'content'), { recursive: true });
  return root;
}

/** The folder of the built sample (its outputs in dist/); throws with the build's report if it failed. */
export async function builtSample(): Promise<string> {
  const lock = join(tmpdir(), `postbound-sample-${inject('runId')}`);
  const result = join(lock, 'result.json');
  let owner = false;
  try {
    mkdirSync(lock);
    owner = true;
  } catch {
    // another worker builds it
  }
  if (owner) {
    const root = copySample();
    let error = '';
    try {
      const built = await buildProject({ root });
      if (!built.ok) error = reporter(built.files, { quiet: true });
    } catch (e) {
      error = e instanceof Error ? (e.stack ?? e.message) : String(e);
    }
    writeFileSync(`${result}.tmp`, JSON.stringify({ root, error }));
    renameSync(`${result}.tmp`, result);
  }
  while (!existsSync(result)) await sleep(250);
  const { root, error } = JSON.parse(readFileSync(result, 'utf8')) as { root: string; error: string };
  if (error) throw new Error(`The sample did not build:\n${error}`);
  return root;
}

declare module 'vitest' {
  export interface ProvidedContext {
    runId: string;
  }
}
