// One source's image work, done in one job: the scan is decoded once into a
// master of at most MASTER_SIDE px, every variant asked of it in that job is made
// from the nearest rung of a fixed ladder of smaller copies, and all of it is let
// go when the job ends. A job holds one source's pixels, so a build holds at most
// one decoded scan per job slot, however many sketches the book has.
import type { Sharp, SharpOptions } from 'sharp';
import type { Asset } from '../content/model.ts';
import type { ImageFormat, ImageStats, VariantSpec } from './images.ts';
import { loadSharp } from './sharp.ts';

/** Long side of the decoded copy that variants are made from (print at 300 dpi on A4 needs ~2000). */
export const MASTER_SIDE = 2400;

/**
 * Long sides of the smaller copies variants are resized from, each made from the
 * one before (the first from the master). A variant comes from the smallest copy
 * at least its size: a 600 px thumbnail is resized from 800 px, not from 2400.
 * The ladder is fixed, so a variant's pixels never depend on what else its job
 * made (a cold build gives the same bytes whatever the order of requests).
 */
const RUNGS = [1600, 800];

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

export class SourceJob {
  private master?: Promise<Bitmap>;
  private rungs = new Map<number, Promise<Bitmap>>();

  constructor(
    private readonly asset: Asset,
    private readonly onDecode: () => void = () => {},
  ) {}

  /** Whether this job has decoded its source. */
  get decoded(): boolean {
    return this.master !== undefined;
  }

  private decode(): Promise<Bitmap> {
    if (!this.master) this.onDecode();
    this.master ??= openSource(this.asset, MASTER_SIDE).then((source) =>
      source
        .rotate()
        .resize({ width: MASTER_SIDE, height: MASTER_SIDE, fit: 'inside', withoutEnlargement: true })
        .raw()
        .toBuffer({ resolveWithObject: true })
        .then(({ data, info }) => ({ data, info: { width: info.width, height: info.height, channels: info.channels } })),
    );
    return this.master;
  }

  /** The smallest copy on the ladder that is at least width×height (the master if none is). */
  private async from(width: number, height: number): Promise<Bitmap> {
    const master = await this.decode();
    const { width: mw, height: mh } = master.info;
    let best: Promise<Bitmap> = Promise.resolve(master);
    for (const side of RUNGS) {
      const scale = side / Math.max(mw, mh);
      if (scale >= 1) continue;
      const [rw, rh] = [Math.round(mw * scale), Math.round(mh * scale)];
      if (rw < width || rh < height) break;
      const above = best;
      let rung = this.rungs.get(side);
      if (!rung) {
        rung = Promise.all([above, loadSharp()]).then(([b, sharp]) =>
          sharp(b.data, { raw: b.info })
            .resize(rw, rh, { fit: 'fill' })
            .raw()
            .toBuffer({ resolveWithObject: true })
            .then(({ data, info }) => ({ data, info: { width: info.width, height: info.height, channels: info.channels } })),
        );
        this.rungs.set(side, rung);
      }
      best = rung;
    }
    return best;
  }

  /** The size `spec` gives: fitted inside its box, never enlarged beyond the master. */
  private async fitted(spec: Pick<VariantSpec, 'width' | 'height'>): Promise<[number, number]> {
    const { width, height } = (await this.decode()).info;
    const scale = Math.min(1, spec.width ? spec.width / width : 1, spec.height ? spec.height / height : 1);
    return [Math.max(1, Math.round(width * scale)), Math.max(1, Math.round(height * scale))];
  }

  async render(spec: VariantSpec): Promise<Rendered> {
    const [width, height] = await this.fitted(spec);
    let scale = 1;
    let quality = spec.quality ?? defaultQuality(spec.format);
    for (;;) {
      const w = Math.max(1, Math.round(width * scale));
      const h = Math.max(1, Math.round(height * scale));
      const [source, sharp] = await Promise.all([this.from(w, h), loadSharp()]);
      let pipeline = sharp(source.data, { raw: source.info });
      if (source.info.width !== w || source.info.height !== h) pipeline = pipeline.resize(w, h, { fit: 'fill' });
      if (spec.background || spec.format === 'jpeg') pipeline = pipeline.flatten({ background: spec.background ?? '#ffffff' });
      const data = await encode(pipeline, spec, quality).toBuffer();
      if (!spec.maxBytes || data.length <= spec.maxBytes || (quality <= 30 && scale <= 0.2)) {
        return { buffer: data, width: w, height: h };
      }
      if (quality > 45) quality -= 15;
      else scale *= 0.8;
    }
  }

  /**
   * What the pixels say (see ImageStats). For line art, a PNG and a JPEG of a small
   * copy, both on white, tell which the full size would be smaller as: at book size
   * a palette PNG costs ten times a JPEG's time, so it is made only when it wins.
   */
  stats(): Promise<ImageStats> {
    this.measured ??= this.measure();
    return this.measured;
  }

  private measured?: Promise<ImageStats>;

  private async measure(): Promise<ImageStats> {
    const { data, info } = await this.decode();
    const entropy = greyEntropy(data, info.width, info.height, info.channels);
    const transparent = anyTransparent(data, info.channels);
    let pngSmaller = false;
    if (entropy < LINE_ART_ENTROPY) {
      const trial = (format: ImageFormat) =>
        this.render({ format, width: TRIAL_SIDE, height: TRIAL_SIDE, background: '#ffffff' });
      const [png, jpeg] = [await trial('png'), await trial('jpeg')];
      pngSmaller = png.buffer.length < jpeg.buffer.length;
    }
    return { entropy, transparent, pngSmaller };
  }
}

function encode(pipeline: Sharp, spec: VariantSpec, quality: number): Sharp {
  switch (spec.format) {
    case 'jpeg':
      return spec.fast
        ? pipeline.jpeg({ quality, quantisationTable: 3, progressive: false })
        : pipeline.jpeg({ quality, mozjpeg: true, progressive: false });
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

/** Whether any pixel's alpha (the last of 2 or 4 channels) is below 255. */
export function anyTransparent(data: Uint8Array, channels: number): boolean {
  if (channels !== 2 && channels !== 4) return false;
  for (let i = channels - 1; i < data.length; i += channels) if (data[i]! < 255) return true;
  return false;
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
