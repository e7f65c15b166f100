// One source's image work, done in one job: every variant asked of it in that job
// is made from the nearest copy on a fixed ladder of sizes, each copy made once,
// and all of it is let go when the job ends. A job holds one source's pixels, so a
// build holds at most one decoded scan per job slot, however many sketches the
// book has.
import type { Sharp, SharpOptions } from 'sharp';
import type { Asset } from '../content/model.ts';
import type { ImageFormat, ImageStats, VariantSpec } from './images.ts';
import { loadSharp } from './sharp.ts';

/** Long side of the largest copy variants are made from (print at 300 dpi on A4 needs ~2000). */
export const MASTER_SIDE = 2400;

/**
 * Long sides of the copies variants are resized from: MASTER_SIDE and the first
 * rung are each decoded from the source itself (one resize, as good as it gets),
 * each smaller rung is made from the one above. A variant comes from the smallest
 * copy at least its size: the books' 1600 px JPEG from the 1600 copy, a 600 px
 * thumbnail from 800, and only a larger print size from the 2400 master. The
 * ladder is fixed, so a variant's pixels never depend on what else its job made
 * (a cold build gives the same bytes whatever the order of requests).
 */
const LADDER = [MASTER_SIDE, 1600, 800];
/** Copies at least this long are decoded from the source; smaller ones from the copy above. */
const FROM_SOURCE = 1600;

/** Below this grey-level entropy (bits) an image is line art, where a PNG may be smaller than a JPEG. */
export const LINE_ART_ENTROPY = 2;

/** Long side of the trial encodes that tell whether a line drawing is smaller as PNG or as JPEG. */
const TRIAL_SIDE = 320;

interface Bitmap {
  data: Buffer;
  info: { width: number; height: number; channels: 1 | 2 | 3 | 4 };
}

export interface Rendered {
  buffer: Buffer;
  width: number;
  height: number;
}

/**
 * What a copy is drawn on. Every target shows a scan on white (see each
 * `variant(` call), so a source with an alpha channel is flattened on white as it
 * is decoded: every copy after that has three channels, and resizing three
 * channels skips the premultiplying that four need (a 2400 px RGBA copy resized
 * to 1600 took 52 ms, its flattened copy 19 ms: bench/decode-steps.ts). A variant that
 * keeps the alpha channel, or is flattened on another colour, has copies of its
 * own, decoded again.
 */
type Ground = 'white' | 'alpha';

const WHITE = new Set(['#fff', '#ffffff', 'white', '#ffffffff']);

function groundOf(asset: Pick<Asset, 'alpha'>, spec: VariantSpec): Ground {
  if (!asset.alpha) return 'white';
  const background = spec.background ?? (spec.format === 'jpeg' ? '#ffffff' : undefined);
  return background !== undefined && WHITE.has(background.toLowerCase()) ? 'white' : 'alpha';
}

/** `width`×`height` fitted inside a square of `side`, never enlarged. */
function fitSide(width: number, height: number, side: number): [number, number] {
  const scale = Math.min(1, side / Math.max(width, height));
  return [Math.max(1, Math.round(width * scale)), Math.max(1, Math.round(height * scale))];
}

/** The size of the master: an SVG is drawn at MASTER_SIDE on its long side, a raster fitted inside it. */
function masterSize(asset: Pick<Asset, 'width' | 'height' | 'format'>): [number, number] {
  const long = Math.max(asset.width, asset.height, 1);
  const drawn = asset.format === 'svg' ? MASTER_SIDE / long : 1;
  return fitSide(asset.width * drawn, asset.height * drawn, MASTER_SIDE);
}

export class SourceJob {
  /** Each copy of the ladder made so far, by ground and long side. */
  private copies = new Map<string, Promise<Bitmap>>();
  /** The ladder's sizes for this source, largest first, without repeats (a small source is its own master). */
  private readonly sizes: { side: number; width: number; height: number }[] = [];

  constructor(
    private readonly asset: Asset,
    private readonly onDecode: () => void = () => {},
  ) {
    const [mw, mh] = masterSize(asset);
    for (const side of LADDER) {
      const [width, height] = fitSide(mw, mh, side);
      const last = this.sizes.at(-1);
      if (!last || last.width !== width || last.height !== height) this.sizes.push({ side, width, height });
    }
  }

  /** The copy at ladder position `i` on `ground`, made now if need be. */
  private copy(i: number, ground: Ground): Promise<Bitmap> {
    const key = `${ground} ${i}`;
    let made = this.copies.get(key);
    if (!made) {
      const { side, width, height } = this.sizes[i]!;
      made =
        i === 0 || side >= FROM_SOURCE
          ? this.decode(side, width, height, ground)
          : Promise.all([this.copy(i - 1, ground), loadSharp()]).then(([above, sharp]) =>
              bitmap(sharp(above.data, { raw: above.info }).resize(width, height, { fit: 'fill' })),
            );
      this.copies.set(key, made);
    }
    return made;
  }

  private decode(side: number, width: number, height: number, ground: Ground): Promise<Bitmap> {
    this.onDecode();
    return openSource(this.asset, side).then((source) => {
      let pipeline = source.rotate();
      // flattened before it is resized (sharp's order), so the resize works on three channels
      if (ground === 'white' && this.asset.alpha) pipeline = pipeline.flatten({ background: '#ffffff' });
      return bitmap(pipeline.resize(width, height, { fit: 'fill' }));
    });
  }

  /** Where on the ladder the smallest copy at least width×height is (the master if none is). */
  private index(width: number, height: number): number {
    let i = 0;
    while (i + 1 < this.sizes.length && this.sizes[i + 1]!.width >= width && this.sizes[i + 1]!.height >= height) i++;
    return i;
  }

  private from(width: number, height: number, ground: Ground): Promise<Bitmap> {
    return this.copy(this.index(width, height), ground);
  }

  /** The copy the stats are measured on: the first rung on white (the master for a small source). */
  private get statsCopy(): number {
    const { width, height } = this.sizes[0]!;
    return this.index(...fitSide(width, height, FROM_SOURCE));
  }

  /** Whether the stats would cost no decode: measured already, or their copy made. */
  get measurable(): boolean {
    return this.measured !== undefined || this.copies.has(`white ${this.statsCopy}`);
  }

  /** The size `spec` gives: fitted inside its box, never enlarged beyond the master. */
  private fitted(spec: Pick<VariantSpec, 'width' | 'height'>): [number, number] {
    const { width, height } = this.sizes[0]!;
    const scale = Math.min(1, spec.width ? spec.width / width : 1, spec.height ? spec.height / height : 1);
    return [Math.max(1, Math.round(width * scale)), Math.max(1, Math.round(height * scale))];
  }

  async render(spec: VariantSpec): Promise<Rendered> {
    const [width, height] = this.fitted(spec);
    const ground = groundOf(this.asset, spec);
    // shrinking to a byte limit keeps resizing from the copy it started from: no new decode
    const [source, sharp] = await Promise.all([this.from(width, height, ground), loadSharp()]);
    let scale = 1;
    let quality = spec.quality ?? defaultQuality(spec.format);
    for (;;) {
      const w = Math.max(1, Math.round(width * scale));
      const h = Math.max(1, Math.round(height * scale));
      let pipeline = sharp(source.data, { raw: source.info });
      if (source.info.width !== w || source.info.height !== h) pipeline = pipeline.resize(w, h, { fit: 'fill' });
      if (ground === 'alpha' && (spec.background || spec.format === 'jpeg')) {
        pipeline = pipeline.flatten({ background: spec.background ?? '#ffffff' });
      }
      const data = await encode(pipeline, spec, quality).toBuffer();
      if (!spec.maxBytes || data.length <= spec.maxBytes || (quality <= 30 && scale <= 0.2)) {
        return { buffer: data, width: w, height: h };
      }
      if (quality > 45) quality -= 15;
      else scale *= 0.8;
    }
  }

  /**
   * What the pixels say (see ImageStats), measured on the first rung on white (as
   * every target shows it). For line art, a PNG and a JPEG of a small copy, both
   * on white, tell which the full size would be smaller as: at book size a palette
   * PNG costs ten times a JPEG's time, so it is made only when it wins.
   */
  stats(): Promise<ImageStats> {
    this.measured ??= this.measure();
    return this.measured;
  }

  private measured?: Promise<ImageStats>;

  private async measure(): Promise<ImageStats> {
    const { data, info } = await this.copy(this.statsCopy, 'white');
    const entropy = greyEntropy(data, info.width, info.height, info.channels);
    let pngSmaller = false;
    if (entropy < LINE_ART_ENTROPY) {
      const trial = (format: ImageFormat) =>
        this.render({ format, width: TRIAL_SIDE, height: TRIAL_SIDE, background: '#ffffff' });
      const [png, jpeg] = [await trial('png'), await trial('jpeg')];
      pngSmaller = png.buffer.length < jpeg.buffer.length;
    }
    return { entropy, pngSmaller };
  }
}

function bitmap(pipeline: Sharp): Promise<Bitmap> {
  return pipeline
    .raw()
    .toBuffer({ resolveWithObject: true })
    .then(({ data, info }) => ({ data, info: { width: info.width, height: info.height, channels: info.channels } }));
}

// mozjpeg without overshoot deringing: a fifth quicker and a little smaller on
// these scans, at an SSIM within 0.002 of it (bench/variants.ts); the ringing it
// suppresses is at hard black-on-white edges, not seen at 3× zoom on the sample's
// ink sketches or on the generated pencil scans
function encode(pipeline: Sharp, spec: VariantSpec, quality: number): Sharp {
  switch (spec.format) {
    case 'jpeg':
      return spec.fast
        ? pipeline.jpeg({ quality, quantisationTable: 3, progressive: false })
        : pipeline.jpeg({ quality, mozjpeg: true, progressive: false, overshootDeringing: false });
    case 'png':
      return pipeline.png({ compressionLevel: 9, palette: quality < 100 });
    case 'webp':
      return pipeline.webp({ quality, effort: spec.effort });
    case 'avif':
      return pipeline.avif({ quality });
  }
}

function defaultQuality(format: ImageFormat): number {
  return format === 'avif' ? 55 : format === 'png' ? 90 : 80;
}

/**
 * Entropy of the grey levels of every third pixel in each direction: a plain
 * loop over the decoded copy, 25 times cheaper than asking sharp for the
 * statistics of a resized copy, and within 0.03 bits of it on the sample.
 */
export function greyEntropy(data: Uint8Array, width: number, height: number, channels: number, step = 3): number {
  const counts = new Float64Array(256);
  let n = 0;
  for (let y = 0; y < height; y += step) {
    for (let x = 0; x < width; x += step) {
      const i = (y * width + x) * channels;
      // Rec. 709 luma, as libvips uses for grey
      const grey = channels >= 3 ? Math.round(0.2126 * data[i]! + 0.7152 * data[i + 1]! + 0.0722 * data[i + 2]!) : data[i]!;
      counts[grey]!++;
      n++;
    }
  }
  let entropy = 0;
  for (const c of counts) {
    if (c === 0) continue;
    const p = c / n;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}

/**
 * A sharp pipeline reading `asset`'s file, whatever its format: the first frame
 * of an animated GIF or WebP (sharp's default), an SVG drawn at the density that
 * gives it `side` pixels on its long side (librsvg draws at 72 dpi otherwise, and
 * a 300-unit viewBox would be enlarged from 300 px), and decoding that tolerates
 * a damaged tail (the content loader has already turned away what cannot be
 * decoded at all: a variant is better made from what is there than not at all).
 */
export async function openSource(asset: Pick<Asset, 'path' | 'format' | 'width' | 'height'>, side = MASTER_SIDE): Promise<Sharp> {
  const sharp = await loadSharp();
  const options: SharpOptions = { limitInputPixels: 20000 * 20000, failOn: 'none' };
  if (asset.format === 'svg') {
    const long = Math.max(asset.width, asset.height, 1);
    options.density = Math.min(72 * 64, Math.max(1, (72 * side) / long));
  }
  return sharp(asset.path, options);
}
