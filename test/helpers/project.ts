// Small throwaway projects for tests: a valid base that each test can break.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import sharp from 'sharp';

export interface ProjectFiles {
  [path: string]: string | Buffer;
}

export const baseConfig = `site:
  title: Test Blog
  author: Ada Tester
  url: https://test.example.org/
  language: en
books:
  - slug: test-book
    title: The Test Book
    series: getting-started
    front: [intro]
`;

export function post(front: Record<string, unknown>, body: string): string {
  const yaml = Object.entries(front)
    .map(
      ([k, v]) =>
        `${k}: ${typeof v === 'string' ? JSON.stringify(v) : Array.isArray(v) ? `[${v.map((x) => JSON.stringify(x)).join(', ')}]` : v}`,
    )
    .join('\n');
  return `---\n${yaml}\n---\n\n${body}\n`;
}

export function basePosts(): ProjectFiles {
  return {
    'content/posts/2025-01-01-intro.md': post({ title: 'Intro', date: '2025-01-01' }, 'Welcome to the test book.'),
    'content/posts/2025-01-02-first.md': post(
      {
        title: 'First steps',
        date: '2025-01-02',
        series: 'Getting Started',
        part: 1,
        tags: ['basics'],
        sketch: '../sketches/one.png',
        problem: 'No time.',
        answer: 'Ten minutes a day.',
      },
      '## Begin here\n\n![a box with a lid](../sketches/one.png "The first box")\n\nSee [the next part](2025-01-03-second.md#go-on).[^1]\n\n[^1]: A footnote.',
    ),
    'content/posts/2025-01-03-second.md': post(
      {
        title: 'Second steps',
        date: '2025-01-03',
        series: 'Getting Started',
        part: 2,
        tags: ['basics', 'more'],
        problem: 'No ideas.',
        answer: 'Keep a list.',
      },
      '## Go on\n\nBack to [the first part](2025-01-02-first.md).\n\n| a | b |\n|---|---|\n| 1 | 2 |',
    ),
  };
}

/** Writes a project into a new temp folder and returns its path. */
export async function makeProject(
  files: ProjectFiles = {},
  options: { config?: string; images?: boolean } = {},
): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), 'postbound-test-'));
  const all: ProjectFiles = { 'postbound.yaml': options.config ?? baseConfig, ...basePosts(), ...files };
  if (options.images !== false) {
    all['content/sketches/one.png'] ??= await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#f4efe3' } })
      .png()
      .toBuffer();
  }
  for (const [path, data] of Object.entries(all)) {
    if (data === '') continue;
    const abs = join(root, path);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, data);
  }
  return root;
}
