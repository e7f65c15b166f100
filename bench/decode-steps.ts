// Issue 15: the CPU time of each step a scan with alpha goes through on its way to
// the books' 1600 px JPEG, with sharp on one thread, on generated 3000×2250 RGBA
// scans: decoding with and without flattening on white, resizing a four-channel copy
// against a flattened one, and mozjpeg with and without overshoot deringing. The
// figures behind the choices in src/assets/render.ts.
//   node --import tsx bench/decode-steps.ts [sketches]   (default 6)
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp, { type OutputInfo, type Sharp } from 'sharp';
import { machine } from './lib/measure.ts';
import { cachedScan, subjectOf } from './lib/sketch-project.ts';

type Raw = { data: Buffer; info: OutputInfo };
const raw = (s: Sharp): Promise<Raw> => s.raw().toBuffer({ resolveWithObject: true });
const fromRaw = (r: Raw) => sharp(r.data, { raw: { width: r.info.width, height: r.info.height, channels: r.info.channels } });

export async function decodeSteps(count = 6): Promise<void> {
  sharp.cache(false);
  sharp.concurrency(1);
  console.log(`decode steps on ${machine()}, load average ${loadavg()[0]!.toFixed(1)}, sharp on one thread`);
  const scans = await Promise.all(Array.from({ length: count }, (_, k) => cachedScan(subjectOf(k), 15 * 7919 + k)));
  const white = { background: '#ffffff' };
  const masters4 = await Promise.all(scans.map((s) => raw(sharp(s).resize(2400, 2400, { fit: 'inside' }))));
  const masters3 = await Promise.all(scans.map((s) => raw(sharp(s).flatten(white).resize(2400, 2400, { fit: 'inside' }))));
  const copies = await Promise.all(masters3.map((m) => raw(fromRaw(m).resize(1600, 1200, { fit: 'fill' }))));
  const steps: [string, (k: number) => Promise<Buffer | Raw>][] = [
    ['decode 3000 px RGBA PNG → 2400 px raw (4 channels)', (k) => raw(sharp(scans[k]!).resize(2400, 2400, { fit: 'inside' }))],
    [
      'decode, flattened on white → 2400 px raw (3 channels)',
      (k) => raw(sharp(scans[k]!).flatten(white).resize(2400, 2400, { fit: 'inside' })),
    ],
    [
      'decode, flattened on white → 1600 px raw',
      (k) => raw(sharp(scans[k]!).flatten(white).resize(1600, 1600, { fit: 'inside' })),
    ],
    ['2400 px 4-channel copy → 1600 px', (k) => raw(fromRaw(masters4[k]!).resize(1600, 1200, { fit: 'fill' }))],
    ['2400 px flattened copy → 1600 px', (k) => raw(fromRaw(masters3[k]!).resize(1600, 1200, { fit: 'fill' }))],
    ['1600 px mozjpeg q80', (k) => fromRaw(copies[k]!).jpeg({ quality: 80, mozjpeg: true, progressive: false }).toBuffer()],
    [
      '1600 px mozjpeg q80, no overshoot deringing',
      (k) => fromRaw(copies[k]!).jpeg({ quality: 80, mozjpeg: true, progressive: false, overshootDeringing: false }).toBuffer(),
    ],
  ];
  console.log(`\nMean of ${count} scans`);
  console.log('| step | ms CPU | output KB |');
  console.log('| --- | ---: | ---: |');
  for (const [label, step] of steps) {
    let cpu = 0;
    let bytes = 0;
    for (let k = 0; k < count; k++) {
      const t = process.cpuUsage();
      const out = await step(k);
      const used = process.cpuUsage(t);
      cpu += (used.user + used.system) / 1000;
      bytes += Buffer.isBuffer(out) ? out.length : out.data.length;
    }
    console.log(`| ${label} | ${(cpu / count).toFixed(0)} | ${(bytes / count / 1024).toFixed(1)} |`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  await decodeSteps(Number(process.argv[2] ?? 6));
}
