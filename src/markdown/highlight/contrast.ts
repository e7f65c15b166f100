// Contrast of a colour on paper, as WCAG 2.1 measures it (§1.4.3, "relative
// luminance" and "contrast ratio" in its glossary). On an e-ink screen colours
// become greys of the same luminance, so a token that passes here still reads there.

/** [r, g, b] in 0–255 of `#rgb`, `#rrggbb` or `#rrggbbaa` (alpha ignored), or undefined. */
export function parseHex(color: string): [number, number, number] | undefined {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6}|[0-9a-f]{8})$/i.exec(color.trim());
  if (!m) return undefined;
  const hex = m[1]!.length === 3 ? [...m[1]!].map((c) => c + c).join('') : m[1]!.slice(0, 6);
  return [0, 2, 4].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
}

function channel(value: number): number {
  const c = value / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

export function luminance([r, g, b]: [number, number, number]): number {
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

/** WCAG contrast ratio of two colours, from 1 (none) to 21 (black on white). */
export function contrastRatio(a: string, b: string): number {
  const ca = parseHex(a);
  const cb = parseHex(b);
  if (!ca || !cb) return Number.NaN;
  const [hi, lo] = [luminance(ca), luminance(cb)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** Normal text needs 4.5:1 (WCAG 2.1 AA, §1.4.3); code is small, so nothing less. */
export const MIN_CONTRAST = 4.5;

/**
 * `color`, or the same hue moved just enough toward black (on a light
 * `background`) or white (on a dark one) to reach `min`: a theme's faint tokens
 * (comments, punctuation) keep their hue on a colour screen and read as a grey
 * far enough from the paper on e-ink.
 */
export function readable(color: string, background = '#ffffff', min = MIN_CONTRAST): string {
  const key = `${color}\n${background}\n${min}`;
  let made = readableMemo.get(key);
  if (made === undefined) {
    made = moveToContrast(color, background, min);
    readableMemo.set(key, made);
  }
  return made;
}

// a theme repeats its few colours over hundreds of rules
const readableMemo = new Map<string, string>();

function moveToContrast(color: string, background: string, min: number): string {
  const rgb = parseHex(color);
  const paper = parseHex(background);
  if (!rgb || !paper || contrastRatio(color, background) >= min) return color;
  const paperLum = luminance(paper);
  const light = paperLum > 0.18;
  const step = (t: number) => rgb.map((c) => Math.round(light ? c * (1 - t) : c + (255 - c) * t)) as [number, number, number];
  const passes = (t: number) => {
    const lum = luminance(step(t));
    const [hi, lo] = lum > paperLum ? [lum, paperLum] : [paperLum, lum];
    return (hi + 0.05) / (lo + 0.05) >= min;
  };
  // the smallest step that passes, found by halving: contrast grows with the step
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 20; i++) {
    const mid = (lo + hi) / 2;
    if (passes(mid)) hi = mid;
    else lo = mid;
  }
  return hex(step(hi));
}

function hex(rgb: [number, number, number]): string {
  return `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;
}
