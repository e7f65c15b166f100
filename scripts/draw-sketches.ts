// Regenerates content/sketches/ from code: `node --import tsx scripts/draw-sketches.ts`.
// The output is byte-identical from run to run (fixed seeds, no timestamps).
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { drawSketch } from './subjects.ts';

interface Plate {
  file: string;
  subject: string;
  width: number;
  height: number;
}

// Mixed sizes and formats on purpose: the toolchain must cope with both.
export const plates: Plate[] = [
  { file: 'clock.png', subject: 'clock', width: 2400, height: 1800 },
  { file: 'lightbulb.png', subject: 'lightbulb', width: 2400, height: 1800 },
  { file: 'pages.jpg', subject: 'pages', width: 2400, height: 1800 },
  { file: 'empty-chair.png', subject: 'chair', width: 2400, height: 1800 },
  { file: 'desk.jpg', subject: 'desk', width: 3000, height: 2000 },
  { file: 'bookshelf.png', subject: 'bookshelf', width: 2400, height: 1800 },
  { file: 'calendar.png', subject: 'calendar', width: 2400, height: 1800 },
  { file: 'door.jpg', subject: 'door', width: 2700, height: 1800 },
  { file: 'cup.jpg', subject: 'cup', width: 2400, height: 1800 },
  { file: 'mountain-flag.png', subject: 'mountain', width: 3000, height: 2000 },
  { file: 'ladder.png', subject: 'ladder', width: 2400, height: 1800 },
  { file: 'pencil.png', subject: 'pencil', width: 2400, height: 1800 },
  { file: 'window.png', subject: 'window', width: 2400, height: 1800 },
  { file: 'plant.png', subject: 'plant', width: 2400, height: 1800 },
  { file: 'notebook.jpg', subject: 'notebook', width: 2400, height: 1600 },
];

async function main(): Promise<void> {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const out = join(root, 'content', 'sketches');
  await mkdir(out, { recursive: true });
  const only = process.argv.slice(2);
  for (const p of plates) {
    if (only.length && !only.includes(p.subject) && !only.includes(p.file)) continue;
    const started = performance.now();
    const format = p.file.endsWith('.jpg') ? 'jpeg' : 'png';
    const buf = await drawSketch(p.subject, { width: p.width, height: p.height, format });
    await writeFile(join(out, p.file), buf);
    console.log(
      `${p.file.padEnd(20)} ${p.width}x${p.height} ${(buf.length / 1024).toFixed(0).padStart(5)} KB ${(performance.now() - started).toFixed(0)} ms`,
    );
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
