// Shared by the EPUB e2e tests: a BuildContext around a loaded project, with
// stub cover and summary pictures (real JPEG/PNG of the right size, made with
// sharp) so these tests do not depend on Chromium, plus EPUBCheck and calibre runners.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { VFile } from 'vfile';
import { ImageCache } from '../../src/assets/images.ts';
import { SharedBrowser } from '../../src/browser/browser.ts';
import type { Artifacts, BuildContext } from '../../src/build/context.ts';
import { loadSite } from '../../src/content/load.ts';
import type { Book } from '../../src/content/model.ts';

export async function stubArtifacts(): Promise<Artifacts> {
  const cover = await sharp({ create: { width: 1600, height: 2560, channels: 3, background: '#2f4858' } }).jpeg().toBuffer();
  const png = await sharp({ create: { width: 2550, height: 3300, channels: 3, background: '#ffffff' } }).png().toBuffer();
  return { cover: async (_book: Book) => cover, summary: async (_book: Book) => ({ png, pdf: Buffer.alloc(0) }) };
}

/** Loads `root` and returns a context writing into a new temp folder. */
export async function contextFor(root: string): Promise<BuildContext> {
  const loaded = await loadSite(root);
  if (!loaded.ok || !loaded.site) {
    const messages = loaded.files.flatMap((f) => f.messages.map((m) => `${f.path}: ${m.reason}`));
    throw new Error(`the project at ${root} did not load:\n${messages.join('\n')}`);
  }
  const outDir = mkdtempSync(join(tmpdir(), 'postbound-epub-'));
  const cacheDir = join(root, '.cache');
  return {
    site: loaded.site,
    outDir,
    cacheDir,
    images: new ImageCache(cacheDir),
    browser: new SharedBrowser(),
    progress: { step() {} },
    buildFile: new VFile(),
    artifacts: await stubArtifacts(),
  };
}

export interface EpubcheckMessage {
  ID: string;
  severity: string;
  message: string;
  locations: { path: string; line: number; column: number }[];
}

/** Runs Debian's Java EPUBCheck and returns its JSON report's messages. */
export function epubcheck(file: string): EpubcheckMessage[] {
  const out = join(mkdtempSync(join(tmpdir(), 'postbound-epubcheck-')), 'report.json');
  spawnSync('java', ['-jar', '/usr/share/java/epubcheck.jar', file, '--json', out], { encoding: 'utf8' });
  const report = JSON.parse(readFileSync(out, 'utf8')) as { messages: EpubcheckMessage[] };
  return report.messages;
}

export const problems = (messages: EpubcheckMessage[]) =>
  messages.filter((m) => ['FATAL', 'ERROR', 'WARNING'].includes(m.severity)).map((m) => `${m.severity} ${m.ID} ${m.message} @ ${m.locations.map((l) => `${l.path}:${l.line}`).join(', ')}`);

export function run(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}
