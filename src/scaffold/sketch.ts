// The starter project's sketch: an open notebook with a pencil, drawn as SVG
// and rendered to a 2000 px PNG, so a new project has a real image to build.
import sharp from 'sharp';

const WIDTH = 2000;
const HEIGHT = 1400;

/** A slightly irregular line, so the drawing looks made by hand rather than by a ruler. */
function wobble(x1: number, y1: number, x2: number, y2: number, seed: number): string {
  const steps = 12;
  const points: string[] = [];
  for (let i = 0; i <= steps; i++) {
    const t = i / steps;
    const jitter = Math.sin((i + 1) * 12.9898 * seed) * 3;
    points.push(`${(x1 + (x2 - x1) * t).toFixed(1)},${(y1 + (y2 - y1) * t + jitter).toFixed(1)}`);
  }
  return `<polyline points="${points.join(' ')}" fill="none" stroke="#3b3a36" stroke-width="5" stroke-linecap="round" stroke-linejoin="round"/>`;
}

export function sketchSvg(): string {
  const lines: string[] = [];
  for (let i = 0; i < 9; i++) {
    const y = 470 + i * 70;
    lines.push(wobble(380, y, 940, y + 6, i + 1), wobble(1080, y + 6, 1620, y, i + 11));
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}">
  <rect width="100%" height="100%" fill="#f6f1e6"/>
  <path d="M300 360 Q660 300 1000 380 Q1340 300 1700 360 L1700 1160 Q1340 1100 1000 1180 Q660 1100 300 1160 Z" fill="#fffdf8" stroke="#3b3a36" stroke-width="7" stroke-linejoin="round"/>
  ${wobble(1000, 380, 1000, 1180, 7)}
  ${lines.join('\n  ')}
  <g transform="rotate(-28 1300 900)">
    <rect x="900" y="860" width="760" height="70" rx="10" fill="#f2c14e" stroke="#3b3a36" stroke-width="6"/>
    <rect x="1600" y="860" width="80" height="70" fill="#e58f8f" stroke="#3b3a36" stroke-width="6"/>
    <path d="M900 860 L800 895 L900 930 Z" fill="#e9d3a8" stroke="#3b3a36" stroke-width="6" stroke-linejoin="round"/>
    <path d="M832 884 L800 895 L832 906 Z" fill="#3b3a36"/>
  </g>
</svg>`;
}

export async function sketchPng(): Promise<Buffer> {
  return sharp(Buffer.from(sketchSvg())).resize({ width: WIDTH }).png({ compressionLevel: 9 }).toBuffer();
}
