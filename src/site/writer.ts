// The site target's file writer: many writes in flight, the list of what was written.
import { copyFile, link, mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { OutputFile } from '../pipeline/context.ts';
import { writing } from '../pipeline/disk-faults.ts';

/**
 * Writes files under outDir/site and remembers what it wrote. Pages are made one
 * after another, but written in the background, many at once: awaiting each
 * write in turn left the thread idle for most of a 1000-post build.
 */
export class Writer {
  files: OutputFile[] = [];
  pages: string[] = [];
  private dirs = new Map<string, Promise<unknown>>();
  private inFlight = new Set<Promise<void>>();
  private failed: unknown;
  /** `wanted` leaves out pages the caller already has (the dev server); content is made only for pages written. */
  constructor(
    private outDir: string,
    private wanted: (rel: string) => boolean = () => true,
  ) {}

  async file(rel: string, data: string | Buffer | (() => string | Buffer), always = false): Promise<void> {
    if (!always && !this.wanted(rel)) return;
    const bytes = typeof data === 'function' ? data() : data;
    const path = join(this.outDir, 'site', rel);
    this.files.push({ path: `site/${rel}`, bytes: Buffer.byteLength(bytes) });
    const dir = dirname(path);
    let made = this.dirs.get(dir);
    if (!made) {
      made = mkdir(dir, { recursive: true });
      this.dirs.set(dir, made);
    }
    const write = made
      .then(() => writing(path, () => writeFile(path, bytes)))
      .catch((error: unknown) => {
        this.failed ??= error;
      })
      .finally(() => this.inFlight.delete(write));
    this.inFlight.add(write);
    if (this.inFlight.size >= MAX_WRITES) await Promise.race(this.inFlight);
  }

  async page(rel: string, html: string | (() => string)): Promise<void> {
    this.pages.push(rel);
    await this.file(rel, html);
  }

  /** A file of the build (a book) served by the site too. */
  async copy(fromOut: string, rel: string): Promise<void> {
    await this.link(join(this.outDir, fromOut), rel);
  }

  /**
   * A file postbound made (a book, an image variant in .cache/) placed at `rel`
   * as a hard link: no bytes written (a copy across disks). Never a writer's own
   * file: a tool that rewrites dist/ in place would change it.
   */
  async link(from: string, rel: string): Promise<void> {
    const to = join(this.outDir, 'site', rel);
    this.files.push({ path: `site/${rel}`, bytes: (await stat(from)).size });
    let made = this.dirs.get(dirname(to));
    if (!made) {
      made = mkdir(dirname(to), { recursive: true });
      this.dirs.set(dirname(to), made);
    }
    await made;
    await writing(to, () => link(from, to).catch(() => copyFile(from, to)));
  }

  /** Waits for every write; throws the first that failed. */
  async done(): Promise<OutputFile[]> {
    await Promise.all(this.inFlight);
    if (this.failed) throw this.failed;
    return this.files;
  }
}

/** Writes in flight at once: enough to keep libuv's four threads busy, few enough to bound memory. */
const MAX_WRITES = 32;
