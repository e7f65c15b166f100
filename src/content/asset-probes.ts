// What probing an image found (format, size, alpha, the SHA-256 of its bytes),
// kept in .cache/assets.json while the file keeps its size, modification time
// and inode: a warm build of a book of 35 scans read and hashed 51 MB to learn
// that nothing had changed. An editor that saves a file writes it anew (a new
// time, and often a new inode); a file put back with its old time by hand is the
// one case this misses, as it is for make, Hugo and Eleventy. Holds the entries
// of the last load only, so it never grows past the project.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Asset } from './model.ts';
import { parseSealed, saveSealed } from './sealed.ts';

/** Bump when Asset or the probe changes what it records. */
const VERSION = 1;

interface Entry {
  stamp: string;
  asset: Asset;
}

export class AssetProbes {
  private used = new Map<string, Entry>();
  private changed = false;

  private constructor(
    private readonly file: string | undefined,
    private readonly known: Record<string, Entry>,
  ) {}

  /** The probes kept in `cacheDir`; an empty set that is never written when there is no cache folder. */
  static async open(cacheDir: string | undefined): Promise<AssetProbes> {
    if (!cacheDir) return new AssetProbes(undefined, {});
    const file = join(cacheDir, 'assets.json');
    let known: Record<string, Entry> = {};
    try {
      // a damaged file is dropped whole (src/content/sealed.ts)
      const stored = parseSealed<{ version: number; entries: Record<string, Entry> }>(await readFile(file, 'utf8'));
      if (stored?.version === VERSION) known = stored.entries;
    } catch {
      // first build, or a damaged file: every image is probed again
    }
    return new AssetProbes(file, known);
  }

  /** The asset probed at `abs` when the file had this stamp. */
  get(abs: string, stamp: string): Asset | undefined {
    const entry = this.known[abs];
    if (!entry || entry.stamp !== stamp) return undefined;
    this.used.set(abs, entry);
    return entry.asset;
  }

  set(abs: string, stamp: string, asset: Asset): void {
    if (!this.file) return;
    this.used.set(abs, { stamp, asset });
    this.changed = true;
  }

  /** Writes the probes of this load, when any is new or any old one went unused. */
  async save(): Promise<void> {
    if (!this.file) return;
    if (!this.changed && this.used.size === Object.keys(this.known).length) return;
    await saveSealed(this.file, JSON.stringify({ version: VERSION, entries: Object.fromEntries(this.used) }));
  }
}
