// A multi-chapter book for the MOBI tests: markdown → hast the way the real pipeline
// does it (remark-gfm for tables and footnotes), images made with sharp.
import type { Root } from 'hast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import sharp from 'sharp';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import type { MobiBook } from '../../../src/mobi/writer.ts';

export async function hastOf(markdown: string): Promise<Root> {
  const proc = unified().use(remarkParse).use(remarkGfm).use(remarkRehype);
  const tree = (await proc.run(proc.parse(markdown))) as Root;
  // The real pipeline gives headings ids (rehype-slug); do the same by hand.
  visit(tree, 'element', (el) => {
    if (/^h[2-6]$/.test(el.tagName) && !el.properties.id) {
      el.properties.id = textOf(el)
        .toLowerCase()
        .replace(/[^\p{L}\p{N}]+/gu, '-')
        .replace(/^-|-$/g, '');
    }
  });
  return tree;
}

function textOf(node: { type: string; value?: string; children?: unknown[] }): string {
  if (node.type === 'text') return node.value ?? '';
  return ((node.children ?? []) as (typeof node)[]).map(textOf).join('');
}

export async function jpeg(width: number, height: number, color: string, quality = 80): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: color } })
    .composite([
      {
        input: Buffer.from(
          `<svg width="${width}" height="${height}"><circle cx="${width / 2}" cy="${height / 2}" r="${Math.min(width, height) / 3}" fill="#fff"/></svg>`,
        ),
      },
    ])
    .jpeg({ quality })
    .toBuffer();
}

const filler = (n: number, word: string) =>
  Array.from(
    { length: n },
    (_, i) => `${word} ${i}: the quick brown fox — ça va, naïve café, 日本語のテキスト, emoji 🎉 here.`,
  ).join(' ');

export const CHAPTERS = [
  {
    id: 'first-steps',
    title: 'First Steps — Überblick',
    md: `Opening paragraph with *emphasis*, **strong**, \`code\` and a footnote.[^a]

## Getting started

${filler(40, 'Sentence')}

![A red sketch](img-red)

| Name | Größe | Note |
|------|------:|------|
| Äpfel | 3 | crisp |
| 日本 | 12 | far |

## Lists and quotes

- one
- two with [a link to chapter two](#to-two)
- three

> A quote from somewhere, “curly” and ‘single’.

\`\`\`
function x() {
  return 1 < 2 && 3 > 2;
}
\`\`\`

[^a]: The footnote text, with a [link](https://example.org/?a=1&b=2).
`,
  },
  {
    id: 'second-chapter',
    title: 'Second Chapter: Ñandú',
    md: `${filler(80, 'Long')}

## A section with 中文

![A blue sketch](img-blue)

1. first
2. second

### Deeper heading

${filler(30, 'Deep')}[^b]

[^b]: Second footnote.
`,
  },
  {
    id: 'last-words',
    title: 'Last Words',
    md: `Short closing chapter. Back to [the start](#back).

## Thanks

Merci, danke, ありがとう.
`,
  },
];

export async function fixtureBook(): Promise<MobiBook> {
  const chapters = await Promise.all(
    CHAPTERS.map(async (c) => {
      const hast = await hastOf(c.md);
      const sections: { id: string; title: string; depth: number }[] = [];
      visit(hast, 'element', (el) => {
        const m = /^h([2-6])$/.exec(el.tagName);
        if (m && el.properties.id !== 'footnote-label')
          sections.push({ id: String(el.properties.id), title: textOf(el), depth: Number(m[1]) });
      });
      // Cross-chapter links as the markdown pipeline marks them.
      visit(hast, 'element', (el) => {
        if (el.tagName === 'a' && el.properties.href === '#to-two') {
          el.properties = { href: '../second-chapter/', dataPostRef: 'second-chapter', dataFragment: 'a-section-with-中文' };
        }
        if (el.tagName === 'a' && el.properties.href === '#back') {
          el.properties = { href: '../first-steps/', dataPostRef: 'first-steps' };
        }
      });
      return { id: c.id, title: c.title, hast, sections };
    }),
  );
  return {
    title: 'Sketches & Notes: ein Büchlein',
    authors: ['Ada Lövelace'],
    language: 'de',
    identifier: 'https://example.org/book/sketches',
    publisher: 'Postbound Press',
    description: 'A test book with non-ASCII text — café.',
    subjects: ['drawing', 'notes'],
    date: '2024-05-01',
    rights: 'CC BY 4.0',
    modified: '2024-05-02T10:00:00Z',
    chapters,
    images: [
      { id: 'img-red', data: await jpeg(600, 400, '#c0392b'), width: 600, height: 400 },
      { id: 'img-blue', data: await jpeg(400, 600, '#2471a3'), width: 400, height: 600 },
    ],
    cover: await jpeg(800, 1280, '#1e8449'),
    thumbnail: await jpeg(150, 240, '#1e8449'),
  };
}
