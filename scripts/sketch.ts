// Deterministic "pencil on paper" drawings, built as SVG and rasterised by sharp
// (librsvg). The same subject, seed and size always give the same bytes, so the
// sample sketches can be regenerated and the benchmark pool is reproducible.
import sharp from 'sharp';

export type Pt = [number, number];

/** mulberry32: tiny, fast, and good enough for wobble; the seed fixes every stroke. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A stable 32-bit seed from a name, so "clock" always wobbles the same way. */
export function seedOf(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

// Every subject is drawn in this design space; the SVG viewBox is widened or
// heightened around it to fit the requested aspect ratio.
export const DESIGN_W = 1200;
export const DESIGN_H = 900;

export interface StrokeOptions {
  /** Line width in design units (1 unit = 2 px at 2400 px wide). */
  w?: number;
  /** How many times the pencil goes over the line. */
  passes?: number;
  /** Perpendicular wobble amplitude in design units. */
  wobble?: number;
  /** Close the outline back to its first point. */
  close?: boolean;
  opacity?: number;
}

const f = (n: number) => (Math.round(n * 10) / 10).toString();

/** An SVG canvas that draws like an unsteady hand: every line is a little off. */
export class Sketch {
  readonly rnd: () => number;
  private readonly body: string[] = [];
  private readonly defs: string[] = [];
  private clipCount = 0;
  readonly ink: string;

  constructor(seed: number, ink = '#2a2622') {
    this.rnd = prng(seed);
    this.ink = ink;
  }

  r(min: number, max: number): number {
    return min + (max - min) * this.rnd();
  }

  /** A freehand line through the points: jittered, overshooting, gone over more than once. */
  stroke(points: Pt[], o: StrokeOptions = {}): this {
    const passes = o.passes ?? 2;
    const w = o.w ?? 2.2;
    for (let p = 0; p < passes; p++) {
      const pts = this.wobbly(points, o.wobble ?? 1.6, o.close ?? false, p > 0);
      const width = p === 0 ? w : w * this.r(0.45, 0.75);
      const op = (o.opacity ?? 0.86) * (p === 0 ? 1 : this.r(0.45, 0.7));
      this.body.push(
        `<path d="${smoothPath(pts)}" fill="none" stroke="${this.ink}" stroke-width="${f(width)}" stroke-linecap="round" stroke-linejoin="round" opacity="${Math.round(op * 100) / 100}"/>`,
      );
    }
    return this;
  }

  line(a: Pt, b: Pt, o: StrokeOptions = {}): this {
    return this.stroke([a, b], o);
  }

  poly(points: Pt[], o: StrokeOptions = {}): this {
    return this.stroke(points, { ...o, close: true });
  }

  rect(x: number, y: number, w: number, h: number, o: StrokeOptions = {}): this {
    // Drawn as four separate strokes, the way a hand lifts the pencil at corners.
    const c: Pt[] = [
      [x, y],
      [x + w, y],
      [x + w, y + h],
      [x, y + h],
    ];
    for (let i = 0; i < 4; i++) this.line(c[i], c[(i + 1) % 4], o);
    return this;
  }

  /** An ellipse drawn in one go, ending a little past where it started. */
  ellipse(cx: number, cy: number, rx: number, ry: number, o: StrokeOptions & { from?: number; to?: number } = {}): this {
    const from = o.from ?? this.r(0, Math.PI * 2);
    const to = o.to ?? from + Math.PI * 2 + this.r(0.15, 0.45);
    const n = Math.max(12, Math.ceil((Math.abs(to - from) * (rx + ry)) / 2 / 22));
    const drift = this.r(0.985, 1.015);
    const pts: Pt[] = [];
    for (let i = 0; i <= n; i++) {
      const t = from + ((to - from) * i) / n;
      const k = 1 + (drift - 1) * (i / n);
      pts.push([cx + Math.cos(t) * rx * k, cy + Math.sin(t) * ry * k]);
    }
    return this.stroke(pts, { ...o, close: false });
  }

  /** Parallel pencil strokes inside a polygon, the classic way to shade by hand. */
  hatch(poly: Pt[], o: { angle?: number; gap?: number; w?: number; opacity?: number } = {}): this {
    const id = `c${this.clipCount++}`;
    this.defs.push(`<clipPath id="${id}"><path d="${straightPath(poly)}Z"/></clipPath>`);
    const angle = ((o.angle ?? 45) * Math.PI) / 180;
    const gap = o.gap ?? 12;
    const xs = poly.map((p) => p[0]);
    const ys = poly.map((p) => p[1]);
    const cx = (Math.min(...xs) + Math.max(...xs)) / 2;
    const cy = (Math.min(...ys) + Math.max(...ys)) / 2;
    const half = Math.hypot(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys)) / 2 + 10;
    const dx = Math.cos(angle);
    const dy = Math.sin(angle);
    const lines: string[] = [];
    for (let d = -half; d <= half; d += gap * this.r(0.8, 1.2)) {
      const ox = cx - dy * d;
      const oy = cy + dx * d;
      const a: Pt = [ox - dx * half * this.r(0.9, 1.1), oy - dy * half * this.r(0.9, 1.1)];
      const b: Pt = [ox + dx * half * this.r(0.9, 1.1), oy + dy * half * this.r(0.9, 1.1)];
      lines.push(smoothPath(this.wobbly([a, b], 1.2, false, true)));
    }
    this.body.push(
      `<g clip-path="url(#${id})" fill="none" stroke="${this.ink}" stroke-width="${f(o.w ?? 1.3)}" stroke-linecap="round" opacity="${o.opacity ?? 0.55}"><path d="${lines.join('')}"/></g>`,
    );
    return this;
  }

  /** A soft graphite smudge: tone that only survives well in JPEG-sized budgets. */
  smudge(poly: Pt[], opacity = 0.16): this {
    if (!this.defs.some((d) => d.startsWith('<filter id="smudge"'))) {
      this.defs.push(
        '<filter id="smudge" x="-20%" y="-20%" width="140%" height="140%"><feGaussianBlur stdDeviation="7"/></filter>',
      );
    }
    this.body.push(`<path d="${straightPath(poly)}Z" fill="${this.ink}" opacity="${opacity}" filter="url(#smudge)"/>`);
    return this;
  }

  /** Handwriting-like squiggles from a to b, standing in for a line of text. */
  scribble(a: Pt, b: Pt, o: StrokeOptions & { size?: number } = {}): this {
    const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
    const ux = (b[0] - a[0]) / len;
    const uy = (b[1] - a[1]) / len;
    const size = o.size ?? 5;
    const pts: Pt[] = [];
    let t = 0;
    while (t < len) {
      // Words: runs of small up-and-down marks separated by gaps where the pen lifts.
      const word = this.r(25, 70);
      const run: Pt[] = [];
      for (let u = 0; u < word && t + u < len; u += this.r(4, 8)) {
        const h = (run.length % 2 ? -1 : 1) * size * this.r(0.4, 1.2);
        run.push([a[0] + ux * (t + u) - uy * h, a[1] + uy * (t + u) + ux * h]);
      }
      if (run.length > 1) this.stroke(run, { w: 1.3, passes: 1, wobble: 0.6, ...o });
      pts.push(...run);
      t += word + this.r(8, 16);
    }
    return this;
  }

  private wobbly(points: Pt[], amp: number, close: boolean, secondPass: boolean): Pt[] {
    const src = close ? [...points, points[0]] : points;
    const out: Pt[] = [];
    const phase = this.r(0, Math.PI * 2);
    const freq = this.r(0.008, 0.02);
    const shift = secondPass ? this.r(0.8, 2.2) * (this.rnd() < 0.5 ? -1 : 1) : 0;
    let travelled = 0;
    for (let s = 0; s < src.length - 1; s++) {
      let [ax, ay] = src[s];
      let [bx, by] = src[s + 1];
      const len = Math.hypot(bx - ax, by - ay) || 1;
      const ux = (bx - ax) / len;
      const uy = (by - ay) / len;
      // Overshoot at the ends of open lines: a hand rarely stops exactly on the mark.
      if (s === 0 && !close) {
        const o = this.r(-2, 6);
        ax -= ux * o;
        ay -= uy * o;
      }
      if (s === src.length - 2) {
        const o = close ? this.r(2, 10) : this.r(-2, 7);
        bx += ux * o;
        by += uy * o;
      }
      const seg = Math.hypot(bx - ax, by - ay);
      const n = Math.max(1, Math.ceil(seg / 35));
      for (let i = s === 0 ? 0 : 1; i <= n; i++) {
        const t = i / n;
        const along = travelled + seg * t;
        const off = (Math.sin(along * freq + phase) + 0.5 * Math.sin(along * freq * 2.7 + phase * 1.3)) * amp + shift;
        out.push([ax + (bx - ax) * t - uy * off + this.r(-0.35, 0.35), ay + (by - ay) * t + ux * off + this.r(-0.35, 0.35)]);
      }
      travelled += seg;
    }
    return out;
  }

  /** The finished SVG at `width`×`height` pixels, the subject centred on paper. */
  svg(width: number, height: number, paper: PaperOptions = {}): string {
    const aspect = width / height;
    let vw = DESIGN_W;
    let vh = DESIGN_H;
    if (aspect > DESIGN_W / DESIGN_H) vw = DESIGN_H * aspect;
    else vh = DESIGN_W / aspect;
    const vx = (DESIGN_W - vw) / 2;
    const vy = (DESIGN_H - vh) / 2;
    const tone = paper.tone ?? '#f5f0e4';
    const grain = paper.grain ?? 0;
    const prnd = prng(seedOf(`paper${tone}`) ^ Math.round(this.r(0, 1e6)));
    // Paper fibres: a few hundred faint flecks, cheap for PNG, and enough to read as paper.
    const flecks: string[] = [];
    for (let i = 0; i < (paper.flecks ?? 260); i++) {
      const x = vx + prnd() * vw;
      const y = vy + prnd() * vh;
      const a = prnd() * Math.PI;
      const l = 2 + prnd() * 7;
      flecks.push(`M${f(x)} ${f(y)}l${f(Math.cos(a) * l)} ${f(Math.sin(a) * l)}`);
    }
    const defs = [
      `<radialGradient id="vignette" cx="50%" cy="45%" r="75%"><stop offset="0.55" stop-color="#7a6540" stop-opacity="0"/><stop offset="1" stop-color="#7a6540" stop-opacity="${paper.vignette ?? 0.16}"/></radialGradient>`,
      ...this.defs,
    ];
    if (grain > 0) {
      // Low-frequency blotches rather than per-pixel noise: paper tone without bloating the file.
      defs.push(
        `<filter id="grain" x="0" y="0" width="100%" height="100%"><feTurbulence type="fractalNoise" baseFrequency="0.012" numOctaves="3" seed="${Math.round(this.r(1, 999))}"/><feColorMatrix type="matrix" values="0 0 0 0 0.45  0 0 0 0 0.38  0 0 0 0 0.25  0 0 0 ${grain} 0"/></filter>`,
      );
    }
    return [
      `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="${f(vx)} ${f(vy)} ${f(vw)} ${f(vh)}">`,
      `<defs>${defs.join('')}</defs>`,
      `<rect x="${f(vx)}" y="${f(vy)}" width="${f(vw)}" height="${f(vh)}" fill="${tone}"/>`,
      grain > 0 ? `<rect x="${f(vx)}" y="${f(vy)}" width="${f(vw)}" height="${f(vh)}" filter="url(#grain)"/>` : '',
      `<rect x="${f(vx)}" y="${f(vy)}" width="${f(vw)}" height="${f(vh)}" fill="url(#vignette)"/>`,
      `<path d="${flecks.join('')}" stroke="#8a7a5a" stroke-width="1" stroke-linecap="round" opacity="0.22" fill="none"/>`,
      ...this.body,
      '</svg>',
    ].join('\n');
  }
}

export interface PaperOptions {
  tone?: string;
  /** Opacity of the blotchy paper texture (0 = none). Costs bytes in PNG. */
  grain?: number;
  vignette?: number;
  flecks?: number;
}

function straightPath(pts: Pt[]): string {
  return pts.map((p, i) => `${i ? 'L' : 'M'}${f(p[0])} ${f(p[1])}`).join('');
}

/** Catmull-Rom through the points, as cubic Béziers: smooth like a moving hand. */
function smoothPath(pts: Pt[]): string {
  if (pts.length < 3) return straightPath(pts);
  let d = `M${f(pts[0][0])} ${f(pts[0][1])}`;
  for (let i = 0; i < pts.length - 1; i++) {
    const p0 = pts[i - 1] ?? pts[i];
    const p1 = pts[i];
    const p2 = pts[i + 1];
    const p3 = pts[i + 2] ?? p2;
    d += `C${f(p1[0] + (p2[0] - p0[0]) / 6)} ${f(p1[1] + (p2[1] - p0[1]) / 6)} ${f(p2[0] - (p3[0] - p1[0]) / 6)} ${f(p2[1] - (p3[1] - p1[1]) / 6)} ${f(p2[0])} ${f(p2[1])}`;
  }
  return d;
}

export interface RenderOptions {
  width: number;
  height: number;
  format: 'png' | 'jpeg';
  /** JPEG quality (default 85). */
  quality?: number;
  /** Shading with soft smudges; meant for JPEG, where tone is cheap. */
  tone?: boolean;
  paper?: PaperOptions;
  /** Cheaper PNG encoding (bigger files), for throwaway benchmark images. */
  fast?: boolean;
}

/** Rasterise an SVG string with sharp; PNGs are palette-quantised to stay small. */
export async function rasterise(svg: string, o: RenderOptions): Promise<Buffer> {
  const img = sharp(Buffer.from(svg), { density: 72 });
  if (o.format === 'jpeg') {
    return img.jpeg({ quality: o.quality ?? 85, mozjpeg: true, chromaSubsampling: '4:2:0' }).toBuffer();
  }
  if (o.fast) return img.png({ palette: true, colours: 32, dither: 0, compressionLevel: 6, effort: 1 }).toBuffer();
  return img.png({ palette: true, colours: 48, dither: 0, compressionLevel: 9, effort: 7 }).toBuffer();
}
