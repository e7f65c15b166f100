// Front matter that was read and found valid before, by the hash of its text:
// a warm build of a large blog spent most of its loading time in the YAML
// parser and the schema. Kept in one file, .cache/front-matter.json, holding
// the entries of the last load only (so it never grows past the blog).
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FrontMatter } from '../config/schema.ts';
import type { FieldTarget } from './fields.ts';

/** Front matter as validated, with the fields as written and where each mapped field came from. */
export interface KnownFront {
  front: FrontMatter;
  data: Record<string, unknown>;
  source: Partial<Record<FieldTarget, string>>;
}

import { pipelineVersion } from '../markdown/cache.ts';
import { parseSealed, saveSealed } from './sealed.ts';

export class FrontMatterCache {
  private used = new Map<string, KnownFront>();
  private changed = false;

  private constructor(
    private readonly file: string | undefined,
    private readonly known: Record<string, KnownFront>,
  ) {}

  /** The cache of `cacheDir`; an empty one that is never written when there is no cache folder. */
  static async open(cacheDir: string | undefined): Promise<FrontMatterCache> {
    if (!cacheDir) return new FrontMatterCache(undefined, {});
    const file = join(cacheDir, 'front-matter.json');
    let known: Record<string, KnownFront> = {};
    try {
      // a damaged file is dropped whole: one flipped byte could change a title
      const stored = parseSealed<{ version: string; entries: Record<string, KnownFront> }>(await readFile(file, 'utf8'));
      if (stored?.version === pipelineVersion()) known = stored.entries;
    } catch {
      // first build, or a damaged file: read every front matter again
    }
    return new FrontMatterCache(file, known);
  }

  private key(source: string): string {
    return createHash('sha1').update(source).digest('base64url');
  }

  /** The validated front matter of `source`, when it was valid before. */
  get(source: string): KnownFront | undefined {
    if (!this.file) return undefined;
    const key = this.key(source);
    const front = this.known[key];
    if (front) this.used.set(key, front);
    return front;
  }

  /** Remembers valid front matter; values JSON cannot give back as they were (dates) are not kept. */
  set(source: string, front: KnownFront): void {
    if (!this.file) return;
    if ([...Object.values(front.front), ...Object.values(front.data)].some((v) => v instanceof Date)) return;
    this.used.set(this.key(source), front);
    this.changed = true;
  }

  /** Writes the entries of this load, when any is new or any old one went unused. */
  async save(): Promise<void> {
    if (!this.file) return;
    if (!this.changed && this.used.size === Object.keys(this.known).length) return;
    await saveSealed(this.file, JSON.stringify({ version: pipelineVersion(), entries: Object.fromEntries(this.used) }));
  }
}
