// Image variants made with sharp (render.ts) and cached under .cache/images by
// content hash and variant, so a second build does no image work at all.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Asset } from '../content/model.ts';
import { digest, parseSealed, seal } from '../content/sealed.ts';
import { MASTER_SIDE, type Rendered, SourceJob } from './render.ts';

export { greyEntropy, openSource } from './render.ts';

export type ImageFormat = 'webp' | 'jpeg' | 'png' | 'avif';

export interface VariantSpec {
  format: ImageFormat;
  /** Fit inside this width (never enlarges). */
  width?: number;
  /** Fit inside this height (never enlarges). */
  height?: number;
  quality?: number;
  /** Shrink quality, then size, until the file is at most this many bytes (MOBI: 127 KB). */
  maxBytes?: number;
  /** Flatten transparency onto this colour (JPEG has no alpha). */
  background?: string;
  /** Encoder effort for WebP (0 fastest … 6 smallest; sharp's default is 4). */
  effort?: number;
  /**
   * JPEG from libjpeg-turbo with the perceptual quantisation table instead of
   * mozjpeg: six times quicker, about a quarter larger at the same quality.
   */
  fast?: boolean;
  /**
   * Made from the scan's own pixels even where the shared base JPEG would do
   * (fromBase): for a small variant wanted before the books' images, made in its
   * source's job from the copies that job decodes anyway, instead of waiting for
   * the base to be encoded and then decoding it (the summary's thumbnails).
   */
  fromSource?: boolean;
}

/**
 * The one JPEG the books share: e-readers (EPUB) and print (the PDF, when it is
 * wide enough for 300 dpi across the text block). Asking for exactly this spec
 * encodes the image once for both.
 */
export const SHARED_JPEG: VariantSpec = { format: 'jpeg', width: 1600, height: 1600 };

export interface ImageVariant {
  buffer: Buffer;
  width: number;
  height: number;
  format: ImageFormat;
  /** File name that is stable for the same source and variant. */
  name: string;
  /** Where the variant is kept in .cache/ (what a Chromium page loads by file URL). */
  file: string;
}

/**
 * Order of image work: `urgent` first (the cover's sketch and the summary's
 * thumbnails, which Chromium and then every book wait for), then the books'
 * images, then `background` work nothing waits for until the end (the site's).
 */
export type Priority = 'urgent' | 'normal' | 'background';
const RANK: Record<Priority, number> = { urgent: 0, normal: 1, background: 2 };

export interface ImageStats {
  /** Grey-level entropy in bits (0 to 8): near 0 for clean line art on white, 3 and more for pencil on textured paper or photos. */
  entropy: number;
  /** Line art (low entropy) that is smaller as a palette PNG than as a JPEG, both on white. */
  pngSmaller: boolean;
}

/** How pressing a piece of work is; raised in place when a caller asks again more urgently. */
interface Urgency {
  rank: number;
}

/** One thing asked of a source: a variant, or its stats (no spec). */
interface Request {
  spec?: VariantSpec;
  urgency: Urgency;
  resolve: (made: Rendered | ImageStats) => void;
  reject: (error: unknown) => void;
}

/** A source with work waiting, and what is asked of it. */
interface Waiting {
  asset: Asset;
  requests: Request[];
}

/** Bump when what a variant's bytes are made from changes, so old cache entries are not taken for new ones. */
const RECIPE = 'ladder-white-2';

export class ImageCache {
  readonly dir: string;
  hits = 0;
  misses = 0;
  /** Source files decoded (the shared base JPEG counts as one when a variant is made from it). */
  decodes = 0;
  private pending = new Map<string, Promise<ImageVariant>>();
  private urgency = new Map<string, Urgency>();
  private statsPending = new Map<string, Promise<ImageStats>>();

  // Work waits by source, in order of arrival. A job takes one source, decodes it
  // once and makes what is asked of it (render.ts), so at most `jobs` scans are
  // decoded at a time: memory does not grow with the number of sketches. sharp
  // runs each job on one of libuv's four threads, which file reads and writes
  // share: one job per core keeps the cores busy and leaves threads free for I/O.
  private waiting = new Map<string, Waiting>();
  // what each running job still has to make, by source: a request for a source
  // whose job is running joins it (its pixels are decoded already)
  private active = new Map<string, Request[]>();
  private running = 0;
  private pumpSoon = false;
  private stopped: Error | undefined;

  constructor(
    cacheDir: string,
    private readonly jobs = Math.max(1, Math.min(availableParallelism(), 3)),
  ) {
    this.dir = join(cacheDir, 'images');
  }

  /**
   * The variant of `asset` described by `spec`, from the cache or made now.
   * `priority` orders its work among the rest (see Priority); asked again more
   * urgently while it waits, it moves up.
   */
  variant(asset: Asset, spec: VariantSpec, options: { priority?: Priority } = {}): Promise<ImageVariant> {
    const rank = RANK[options.priority ?? 'normal'];
    const key = variantKey(asset, spec);
    let job = this.pending.get(key);
    if (!job) {
      const urgency = { rank };
      this.urgency.set(key, urgency);
      job = this.load(key, asset, spec, urgency);
      this.pending.set(key, job);
    } else {
      const urgency = this.urgency.get(key)!;
      urgency.rank = Math.min(urgency.rank, rank);
      // a variant made from the base: the base moves up too, if it is being made
      const base = fromBase(asset, spec) ? this.urgency.get(variantKey(asset, SHARED_JPEG)) : undefined;
      if (base) base.rank = Math.min(base.rank, rank);
    }
    return job;
  }

  private async load(key: string, asset: Asset, spec: VariantSpec, urgency: Urgency): Promise<ImageVariant> {
    const ext = spec.format === 'jpeg' ? 'jpg' : spec.format;
    const name = `${asset.stem}-${key.slice(0, 8)}.${ext}`;
    const file = join(this.dir, `${key}.${ext}`);
    try {
      const [buffer, meta] = await Promise.all([readFile(file), readFile(`${file}.json`, 'utf8')]);
      // a variant cut short or altered on disk is made again (src/content/sealed.ts)
      const kept = parseSealed<{ width: number; height: number; sha256: string }>(meta);
      if (kept && kept.sha256 === digest(buffer)) {
        this.hits++;
        return { buffer, width: kept.width, height: kept.height, format: spec.format, name, file };
      }
    } catch {
      // not cached yet
    }
    this.misses++;
    let source = asset;
    if (fromBase(asset, spec)) {
      // made from the shared 1600 px JPEG (decoded in a few ms) rather than from the scan
      const priority = PRIORITIES[urgency.rank]!;
      const base = await this.variant(asset, SHARED_JPEG, { priority });
      source = {
        ...asset,
        path: join(this.dir, `${variantKey(asset, SHARED_JPEG)}.jpg`),
        format: 'jpeg',
        width: base.width,
        height: base.height,
        hash: `${asset.hash}:base`,
        alpha: false,
      };
    }
    const made = (await this.ask(source, spec, urgency)) as Rendered;
    await mkdir(this.dir, { recursive: true });
    // write then rename, so an interrupted build never leaves half a file in the cache
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, made.buffer);
    await rename(tmp, file);
    await writeFile(
      `${file}.json`,
      seal(JSON.stringify({ width: made.width, height: made.height, sha256: digest(made.buffer) })),
    );
    return { ...made, format: spec.format, name, file };
  }

  /**
   * What the pixels say, beyond the header (see ImageStats). Measured whenever the
   * source is decoded, and kept on disk beside the variants, so a warm build
   * decodes nothing; asked before any variant, it costs a decode of its own.
   */
  stats(asset: Asset, options: { priority?: Priority } = {}): Promise<ImageStats> {
    let job = this.statsPending.get(asset.hash);
    if (!job) {
      job = this.loadStats(asset, { rank: RANK[options.priority ?? 'normal'] });
      this.statsPending.set(asset.hash, job);
    }
    return job;
  }

  private statsFile(asset: Asset): string {
    return join(this.dir, `${asset.hash.slice(0, 20)}.${RECIPE}.stats.json`);
  }

  private async loadStats(asset: Asset, urgency: Urgency): Promise<ImageStats> {
    try {
      // (cut short or altered on disk: measured again, src/content/sealed.ts)
      const kept = parseSealed<Partial<ImageStats>>(await readFile(this.statsFile(asset), 'utf8')) ?? {};
      if (typeof kept.entropy === 'number' && typeof kept.pngSmaller === 'boolean') {
        return kept as ImageStats;
      }
    } catch {
      // not measured yet
    }
    return (await this.ask(asset, undefined, urgency)) as ImageStats;
  }

  private async keepStats(asset: Asset, stats: ImageStats): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const tmp = `${this.statsFile(asset)}.${process.pid}.tmp`;
    await writeFile(tmp, seal(JSON.stringify(stats)));
    await rename(tmp, this.statsFile(asset));
  }

  /**
   * Stops all waiting work (a failed build): what waits is refused with `reason`,
   * and so is what is asked from now on; a job already running finishes the
   * variant it is making.
   */
  stop(reason: Error): void {
    this.stopped = reason;
    for (const { requests } of this.waiting.values()) for (const r of requests) r.reject(reason);
    this.waiting.clear();
    // a running job finishes what it is making, and makes nothing more
    for (const queue of this.active.values()) for (const r of queue.splice(0)) r.reject(reason);
  }

  private ask(asset: Asset, spec: VariantSpec | undefined, urgency: Urgency): Promise<Rendered | ImageStats> {
    if (this.stopped) return Promise.reject(this.stopped);
    return new Promise((resolve, reject) => {
      const running = this.active.get(asset.hash);
      if (running) {
        running.push({ spec, urgency, resolve, reject });
        return;
      }
      let waiting = this.waiting.get(asset.hash);
      if (!waiting) {
        waiting = { asset, requests: [] };
        this.waiting.set(asset.hash, waiting);
      }
      waiting.requests.push({ spec, urgency, resolve, reject });
      // started on the next turn of the event loop, so what the targets ask of
      // the same source together is made in one job, from one decode
      if (!this.pumpSoon) {
        this.pumpSoon = true;
        setImmediate(() => {
          this.pumpSoon = false;
          this.pump();
        });
      }
    });
  }

  /**
   * Starts jobs while slots are free: the source with the most pressing request
   * (then the one waiting longest). Its job makes those requests and the books'
   * (which every build waits for, and which the decode it makes anyway serves),
   * and its others too when nothing more pressing waits elsewhere: the site's
   * variants ride along with a decode only once the books have what they need.
   */
  private pump(): void {
    while (this.running < this.jobs && this.waiting.size) {
      let best: Waiting | undefined;
      let bestRank = Number.POSITIVE_INFINITY;
      for (const w of this.waiting.values()) {
        const r = minRank(w);
        if (r < bestRank) [best, bestRank] = [w, r];
      }
      const chosen = best!;
      let elsewhere = Number.POSITIVE_INFINITY;
      for (const w of this.waiting.values()) if (w !== chosen) elsewhere = Math.min(elsewhere, minRank(w));
      const take = chosen.requests.filter((r) => r.urgency.rank <= Math.max(bestRank, elsewhere, RANK.normal));
      chosen.requests = chosen.requests.filter((r) => !take.includes(r));
      if (!chosen.requests.length) this.waiting.delete(chosen.asset.hash);
      this.running++;
      void this.run(chosen.asset, take).finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  /** Resolves once no job runs or waits (what a job keeps on disk after its answers is written by then). */
  async whenIdle(): Promise<void> {
    while (this.running || this.waiting.size) await new Promise((r) => setTimeout(r, 5));
  }

  private async run(asset: Asset, requests: Request[]): Promise<void> {
    const job = new SourceJob(asset, () => this.decodes++);
    // the most pressing first (a summary thumbnail before the books' 1600 px copy of
    // the same scan), then the largest; every copy comes from the same fixed ladder
    // (render.ts), so the order changes no variant's bytes
    const area = (r: Request) => (r.spec ? (r.spec.width ?? MASTER_SIDE) * (r.spec.height ?? MASTER_SIDE) : 0);
    const order = (a: Request, b: Request) => a.urgency.rank - b.urgency.rank || area(b) - area(a);
    const queue = requests;
    this.active.set(asset.hash, queue);
    let asked = false;
    // (what is asked of this source while the job runs is added to the queue)
    while (queue.length) {
      const r = queue.sort(order).shift()!;
      asked ||= !r.spec;
      try {
        r.resolve(r.spec ? await job.render(r.spec) : await job.stats());
      } catch (error) {
        r.reject(error);
      }
    }
    this.active.delete(asset.hash);
    // a scan decoded for its variants is measured too, while its pixels are here
    // (a few ms): the EPUB's question about it then needs no decode of its own
    if (asked || (job.measurable && !asset.hash.endsWith(':base') && !this.statsPending.has(asset.hash))) {
      const stats = await job.stats().catch(() => undefined);
      if (!stats) return;
      if (!this.statsPending.has(asset.hash)) this.statsPending.set(asset.hash, Promise.resolve(stats));
      await this.keepStats(asset, stats).catch(() => undefined);
    }
  }
}

const PRIORITIES = Object.keys(RANK) as Priority[];

function variantKey(asset: Asset, spec: VariantSpec): string {
  return createHash('sha256')
    .update(RECIPE)
    .update(asset.hash)
    .update(JSON.stringify(spec, Object.keys(spec).sort()))
    .digest('hex')
    .slice(0, 20);
}

/**
 * Whether `spec` is made from the shared base JPEG (SHARED_JPEG, which the books
 * make of every raster sketch anyway) instead of from the source: a JPEG or a WebP
 * on white that fits inside the base, at a quality the base can give. Decoding a
 * 1600 px JPEG takes a tenth of a 3000 px PNG's time, and the source is then
 * decoded once per build however many targets ask for it. An SVG, a GIF, a PNG
 * variant, a WebP that keeps alpha, a cover at q90, and a print size wider than
 * the base come from the source.
 */
function fromBase(asset: Asset, spec: VariantSpec): boolean {
  if (asset.format === 'svg' || asset.format === 'gif' || spec.fromSource || sameSpec(spec, SHARED_JPEG)) return false;
  if (spec.format !== 'jpeg' && !(spec.format === 'webp' && spec.background)) return false;
  if ((spec.quality ?? 80) > 85) return false;
  const base = fitInside(asset, SHARED_JPEG);
  const want = fitInside(asset, spec);
  return want[0] <= base[0] && want[1] <= base[1];
}

const sameSpec = (a: VariantSpec, b: VariantSpec) =>
  JSON.stringify(a, Object.keys(a).sort()) === JSON.stringify(b, Object.keys(b).sort());

/** The size of `spec` for `asset` before any master: fitted inside its box, never enlarged. */
function fitInside(asset: Pick<Asset, 'width' | 'height'>, spec: Pick<VariantSpec, 'width' | 'height'>): [number, number] {
  const scale = Math.min(1, spec.width ? spec.width / asset.width : 1, spec.height ? spec.height / asset.height : 1);
  return [Math.round(asset.width * scale), Math.round(asset.height * scale)];
}

const minRank = (w: Waiting) => w.requests.reduce((min, r) => Math.min(min, r.urgency.rank), Number.POSITIVE_INFINITY);

/**
 * Width of the variant `spec` would give for `asset` (fit inside, never enlarged).
 * An SVG has no pixels of its own: it is drawn at MASTER_SIDE on its long side,
 * and variants are fitted from that.
 */
export function variantWidth(
  asset: Pick<Asset, 'width' | 'height'> & { format?: Asset['format'] },
  spec: Pick<VariantSpec, 'width' | 'height'>,
): number {
  const drawn = asset.format === 'svg' ? MASTER_SIDE / Math.max(asset.width, asset.height) : 1;
  const width = asset.width * drawn;
  const height = asset.height * drawn;
  const scale = Math.min(1, spec.width ? spec.width / width : 1, spec.height ? spec.height / height : 1);
  return Math.round(width * scale);
}
