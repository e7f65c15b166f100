// The media folder that goes with test/fixtures/import/blog.wxr.xml: a copy of
// wp-content/uploads as a writer would download it, generated with sharp.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import sharp from 'sharp';

export const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'import');

const picture = (background: string) => sharp({ create: { width: 320, height: 200, channels: 3, background } });

export async function makeMedia(): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), 'postbound-media-'));
  const files: [string, () => Promise<unknown>][] = [
    ['2024/02/trays.jpg', () => picture('#a0c4a0').jpeg().toFile(join(root, '2024/02/trays.jpg'))],
    ['2024/03/dibber.png', () => picture('#c4a0a0').png().toFile(join(root, '2024/03/dibber.png'))],
    ['2024/04/frame.webp', () => picture('#a0a0c4').webp().toFile(join(root, '2024/04/frame.webp'))],
    ['2024/05/bags.jpg', () => picture('#c4c4a0').jpeg().toFile(join(root, '2024/05/bags.jpg'))],
  ];
  for (const [rel, write] of files) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    await write();
  }
  return root;
}

export function tempDir(prefix = 'postbound-import-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
