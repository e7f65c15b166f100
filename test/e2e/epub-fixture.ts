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
import { loadSite } from '../../src/content/load.ts';
import type { Book } from '../../src/content/model.ts';
import type { Artifacts, BuildContext } from '../../src/pipeline/context.ts';
import { makeProject, post } from '../helpers/project.ts';

export async function stubArtifacts(): Promise<Artifacts> {
  const cover = await sharp({ create: { width: 1600, height: 2560, channels: 3, background: '#2f4858' } })
    .jpeg()
    .toBuffer();
  const png = await sharp({ create: { width: 2550, height: 3300, channels: 3, background: '#ffffff' } })
    .png()
    .toBuffer();
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
  messages
    .filter((m) => ['FATAL', 'ERROR', 'WARNING'].includes(m.severity))
    .map((m) => `${m.severity} ${m.ID} ${m.message} @ ${m.locations.map((l) => `${l.path}:${l.line}`).join(', ')}`);

export function run(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

const worldConfig = `site:
  title: Test Blog
  author: Ada Tester
  url: https://test.example.org/
  language: en
books:
  - slug: world-book
    title: "Κόσμος · 世界 · عالم"
    subtitle: A book in three scripts
    language: el
    description: Posts in Greek, Japanese and Arabic, with footnotes, tables, code and raw HTML.
    posts: [καλημερα, こんにちは, مرحبا]   # slugs lose their accents (src/content/slug.ts)
    front: [intro]
    tocDepth: 3
  - slug: arabic-book
    title: كتاب قصير
    language: ar
    posts: [مرحبا]
`;

/** Non-Latin titles and slugs, footnotes, aligned tables, code, raw HTML, task lists, a link out of the book, no images. */
export function worldFiles(): Record<string, string> {
  return {
    'content/posts/2025-02-01-καλημέρα.md': post(
      {
        title: 'Καλημέρα κόσμε',
        date: '2025-02-01',
        tags: ['ελληνικά', 'γραφή'],
        problem: 'Δεν έχω χρόνο.',
        answer: 'Δέκα λεπτά τη μέρα.',
      },
      [
        'Ένα πρώτο κείμενο με υποσημείωση[^1] και δεύτερη[^δύο].',
        '',
        '## Πίνακας',
        '',
        '| Αριστερά | Κέντρο | Δεξιά |',
        '|:---|:---:|---:|',
        '| α | β | γ |',
        '| δέκα | είκοσι | τριάντα |',
        '',
        '### Κώδικας',
        '',
        '```js',
        'const x = 1 < 2 && "ok";',
        '```',
        '',
        'Press <kbd>Ctrl</kbd>+<kbd>S</kbd> to <mark>save</mark> the page.',
        '',
        '<details><summary>Περισσότερα</summary>',
        '',
        'Κρυμμένο κείμενο μέσα σε λεπτομέρειες.',
        '',
        '</details>',
        '',
        '- [x] γράψε μια γραμμή',
        '- [ ] γράψε δεύτερη',
        '',
        'Δες το [επόμενο](2025-02-02-こんにちは.md#日本語の見出し) και τα [πρώτα βήματα](2025-01-02-first.md#begin-here).',
        '',
        '[^1]: Μια σύντομη σημείωση.',
        '[^δύο]: Άλλη σημείωση με **έμφαση**.',
      ].join('\n'),
    ),
    'content/posts/2025-02-02-こんにちは.md': post(
      { title: 'こんにちは世界', date: '2025-02-02', tags: ['日本語'], problem: '時間がない。', answer: '毎日十分。' },
      [
        '短い文章です。脚注もあります。[^注]',
        '',
        '## 日本語の見出し',
        '',
        '<div align="center">中央揃えの段落</div>',
        '',
        '1. 一つ目',
        '2. 二つ目',
        '',
        '| 左 | 右 |',
        '|---|--:|',
        '| 一 | 1 |',
        '',
        '戻る: [ギリシャ語](2025-02-01-καλημέρα.md).',
        '',
        '[^注]: 脚注の本文。',
      ].join('\n'),
    ),
    'content/posts/2025-02-03-مرحبا.md': post(
      { title: 'مرحبا بالعالم', date: '2025-02-03', tags: ['عربي'], problem: 'ليس لدي وقت.', answer: 'عشر دقائق يوميا.' },
      ['هذا نص عربي قصير للاختبار.', '', '## عنوان فرعي', '', '> اقتباس قصير.', '', '`code` و <kbd>Enter</kbd>.'].join('\n'),
    ),
  };
}

export const worldProject = () => makeProject(worldFiles(), { config: worldConfig });

const galleryConfig = `site:
  title: Test Blog
  author: Ada Tester
  url: https://test.example.org/
  language: en
books:
  - slug: gallery-book
    title: The Gallery Book
    series: getting-started
    front: [intro]
    back: [outside-note]
    pwyw: https://test.example.org/pay/
`;

/** A chapter with many images (line art as PNG, tone as JPEG, one without alt text). */
export async function galleryFiles(): Promise<Record<string, string | Buffer>> {
  const files: Record<string, string | Buffer> = {};
  const lines: string[] = ['A chapter that is mostly pictures.', ''];
  for (let i = 1; i <= 12; i++) {
    const name = i % 3 === 0 ? `tone-${i}.jpg` : `line-${i}.png`;
    // line art: a few black strokes on white; tone: a smooth gradient with noise
    const svg =
      i % 3 === 0
        ? `<svg xmlns="http://www.w3.org/2000/svg" width="1400" height="1000"><defs><linearGradient id="g"><stop offset="0" stop-color="#${(i * 20).toString(16).padStart(2, '0')}4060"/><stop offset="1" stop-color="#e0d0b0"/></linearGradient></defs><rect width="1400" height="1000" fill="url(#g)"/><circle cx="${300 + i * 40}" cy="500" r="200" fill="#806040" opacity="0.6"/></svg>`
        : `<svg xmlns="http://www.w3.org/2000/svg" width="2000" height="1500"><rect width="2000" height="1500" fill="#fff"/><path d="M100 ${100 + i * 50} L1900 ${1400 - i * 40} M300 1300 Q1000 ${i * 60} 1700 1300" stroke="#111" stroke-width="6" fill="none"/></svg>`;
    const img = sharp(Buffer.from(svg));
    files[`content/sketches/${name}`] = await (i % 3 === 0 ? img.jpeg({ quality: 90 }) : img.png()).toBuffer();
    const alt = i === 7 ? '' : `Drawing number ${i}`;
    lines.push(`![${alt}](../sketches/${name} "Figure ${i}")`, '', `Text after figure ${i}.`, '');
  }
  files['content/posts/2025-01-04-gallery.md'] = post(
    {
      title: 'A gallery',
      date: '2025-01-04',
      series: 'Getting Started',
      part: 3,
      tags: ['pictures'],
      problem: 'Too many pictures.',
      answer: 'Show them all.',
    },
    lines.join('\n'),
  );
  files['content/posts/2025-01-05-outside-note.md'] = post(
    { title: 'A note at the end', date: '2025-01-05' },
    'Read [the blog-only post](2025-01-06-blog-only.md) for more.',
  );
  files['content/posts/2025-01-06-blog-only.md'] = post({ title: 'Blog only', date: '2025-01-06' }, 'Only on the blog.');
  return files;
}

export const galleryProject = async () => makeProject(await galleryFiles(), { config: galleryConfig });
