// The release kit inside a real build of the sample project (postbound.yaml and
// content/ at the repository root), built once per test run and shared.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSite } from '../../src/content/load.ts';
import type { Book } from '../../src/content/model.ts';
import { builtSample } from '../helpers/sample.ts';
import { readZip } from '../unit/release/zip-read.ts';

const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
const flat = (s: string) =>
  s
    .replace(/[\s\u00ad-]+/g, '')
    .replace(/[\u2018\u2019]/g, "'")
    .toLowerCase();
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

let dist = '';
let book: Book;

beforeAll(async () => {
  const root = await builtSample();
  dist = join(root, 'dist');
  const loaded = await loadSite(root);
  book = loaded.site!.books[0]!;
});

describe('release kit of the sample book', () => {
  it('should write the cover, mock-up and Open Graph picture at their sizes', async () => {
    const size = async (name: string) => {
      const m = await sharp(join(dist, 'book', name)).metadata();
      return [m.format, m.width, m.height];
    };
    expect(await size(`${book.slug}-cover.jpg`)).toEqual(['jpeg', 1600, 2560]);
    expect(await size(`${book.slug}-mockup.png`)).toEqual(['png', 1600, 1200]);
    expect(await size(`${book.slug}-og.png`)).toEqual(['png', 1200, 630]);
  });

  it("should put every chapter's problem and answer on the one-page summary", async () => {
    const png = await sharp(join(dist, 'book', `${book.slug}-summary.png`)).metadata();
    expect([png.width, png.height]).toEqual([book.config.summary.width, book.config.summary.height]);
    const pdf = join(dist, 'book', `${book.slug}-summary.pdf`);
    expect(run('pdfinfo', [pdf])).toMatch(/^Pages:\s+1$/m);
    const text = flat(run('pdftotext', [pdf, '-']));
    expect(book.chapters.length).toBeGreaterThanOrEqual(4);
    for (const post of book.chapters) {
      expect(post.answer, post.slug).toBeTruthy();
      expect(text, post.slug).toContain(flat(post.answer!));
      expect(text, post.slug).toContain(flat(post.problem!));
    }
  });

  it('should bundle every format built, with the checksums report.json gives', async () => {
    const report = JSON.parse(readFileSync(join(dist, 'report.json'), 'utf8')) as {
      files: { path: string; info?: { checksums?: Record<string, string> } }[];
    };
    const entry = report.files.find((f) => f.path === `book/${book.slug}.zip`);
    expect(entry?.info?.checksums).toBeDefined();
    const members = await readZip(readFileSync(join(dist, entry!.path)));
    const names = members.map((m) => m.name);
    for (const ext of ['.epub', '.pdf', '.mobi', '.azw3', '-summary.pdf', '-summary.png', '-cover.jpg']) {
      // the full build makes every format, so each must be in the bundle
      const file = join(dist, 'book', `${book.slug}${ext}`);
      expect(existsSync(file), file).toBe(true);
      const name = `${book.slug}/${book.slug}${ext}`;
      expect(names, name).toContain(name);
      expect(sha256(members.find((m) => m.name === name)!.data)).toBe(sha256(readFileSync(file)));
    }
    expect(names).toContain(`${book.slug}/LICENSE.txt`);
    expect(names).toContain(`${book.slug}/README.txt`);
    for (const m of members) expect(entry!.info!.checksums![m.name], m.name).toBe(sha256(m.data));
  });
});
