// The targets' output follows from their inputs alone (src/pipeline/input-keys.ts).
// When none changed since a build, the files it made are taken back from
// .cache/<kind>/ instead of being made again, with the messages that build gave:
// the books (seconds of Chromium and image work; made together or not at all,
// since a book's files share the cover and summary) and the site.
//
// An entry is written as a copy of what the build made, and each file's SHA-256
// is kept beside it; taking it back checks every file, then hard-links it into
// the new build (no bytes written). dist/ then shares those files with the cache:
// nothing writes a built file again in place, and an entry altered through
// either name fails its check and is made again.
import { copyFile, link, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { VFile } from 'vfile';
import { digest, parseSealed, seal } from '../content/sealed.ts';
import { replayMessage, type StoredMessage, storeMessage } from '../content/stored-messages.ts';
import type { OutputFile } from './context.ts';

/** Cache entries kept of each kind; older ones are removed. */
const KEEP = 2;

/** A stored message and the file it belongs to (a post's `rel`, or postbound.yaml). */
export interface CachedMessage extends StoredMessage {
  file: string;
}

interface Manifest {
  outputs: OutputFile[];
  messages: CachedMessage[];
  /** The validation results of the EPUBs, for report.json. */
  validation: unknown[];
  /** Each output's SHA-256, checked when it is taken back. */
  sums: Record<string, string>;
}

export interface CachedOutputs {
  outputs: OutputFile[];
  validation: unknown[];
}

export class OutputCache {
  private dir: string;
  constructor(cacheDir: string, kind: 'books' | 'site') {
    this.dir = join(cacheDir, kind);
  }

  /** Puts the files of a previous build with this key into outDir; undefined when there is none. */
  async restore(key: string, outDir: string, files: VFile[]): Promise<CachedOutputs | undefined> {
    const entry = join(this.dir, key);
    let manifest: Manifest | undefined;
    try {
      manifest = parseSealed<Manifest>(await readFile(join(entry, 'manifest.json'), 'utf8'));
    } catch {
      return undefined;
    }
    if (!manifest?.sums) return undefined;
    // every file is read and checked before any is placed: an output cut short or
    // altered in the cache is made again, and outDir gets all of them or none
    const checked = await Promise.all(
      manifest.outputs.map(async (output) => {
        const data = await readFile(join(entry, 'files', output.path)).catch(() => undefined);
        return data !== undefined && digest(data) === manifest.sums[output.path];
      }),
    );
    if (checked.includes(false)) {
      await rm(entry, { recursive: true, force: true });
      return undefined;
    }
    const dirs = new Set(manifest.outputs.map((o) => dirname(join(outDir, o.path))));
    for (const dir of dirs) await mkdir(dir, { recursive: true });
    await Promise.all(
      manifest.outputs.map((output) => {
        const [from, to] = [join(entry, 'files', output.path), join(outDir, output.path)];
        // (a copy where the cache and the output are on different disks)
        return link(from, to).catch(() => copyFile(from, to));
      }),
    );
    for (const m of manifest.messages) {
      const file = files.find((f) => f.path === m.file) ?? files.find((f) => f.path === 'postbound.yaml');
      if (!file) continue;
      replayMessage(file, m);
    }
    return { outputs: manifest.outputs, validation: manifest.validation };
  }

  /** Keeps a copy of the files the targets wrote, with the messages they gave. */
  async store(key: string, outDir: string, made: CachedOutputs, messages: CachedMessage[]): Promise<void> {
    const { outputs, validation } = made;
    await mkdir(this.dir, { recursive: true });
    const tmp = join(this.dir, `${key}.${process.pid}.tmp`);
    await rm(tmp, { recursive: true, force: true });
    const sums: Record<string, string> = {};
    const dirs = new Set(outputs.map((o) => dirname(join(tmp, 'files', o.path))));
    for (const dir of dirs) await mkdir(dir, { recursive: true });
    await Promise.all(
      outputs.map(async (output) => {
        const data = await readFile(join(outDir, output.path));
        sums[output.path] = digest(data);
        await writeFile(join(tmp, 'files', output.path), data);
      }),
    );
    const manifest: Manifest = { outputs, messages, validation, sums };
    await writeFile(join(tmp, 'manifest.json'), seal(JSON.stringify(manifest)));
    await rm(join(this.dir, key), { recursive: true, force: true });
    await rename(tmp, join(this.dir, key));
    await this.prune(key);
  }

  private async prune(keep: string): Promise<void> {
    const entries = await Promise.all(
      (await readdir(this.dir)).map(async (name) => ({ name, mtime: (await stat(join(this.dir, name))).mtimeMs })),
    );
    const old = entries
      .filter((e) => e.name !== keep)
      .sort((a, b) => b.mtime - a.mtime)
      .slice(KEEP - 1);
    for (const e of old) await rm(join(this.dir, e.name), { recursive: true, force: true });
  }
}

/** Messages added to `files` since `counts` was taken, in a form that can be stored. */
export function messagesSince(files: VFile[], counts: Map<VFile, number>): CachedMessage[] {
  return files.flatMap((file) =>
    file.messages.slice(counts.get(file) ?? 0).map((m) => ({ file: file.path, ...storeMessage(m) })),
  );
}
