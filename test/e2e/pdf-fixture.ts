// A synthetic book for the PDF engine's tests and benchmark: known titles,
// sections, a sketch-like figure and enough text to span many pages.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import type { TrimSize } from '../../src/config/schema.ts';
import { frontPages, labelledTitle } from '../../src/content/apparatus.ts';
import { describeLicense } from '../../src/content/license.ts';
import type { PrintBook, PrintChapter } from '../../src/pdf/book-html.ts';

const WORDS =
  'the quick sketch of a river bend shows how water finds the lowest path and carries silt toward the sea while the banks hold their shape for a season or two'.split(
    ' ',
  );

function paragraph(seed: number, words = 90): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(WORDS[(seed * 7 + i * 13) % WORDS.length] as string);
  const text = out.join(' ');
  return `<p>${text.charAt(0).toUpperCase()}${text.slice(1)}.</p>`;
}

export interface SyntheticOptions {
  chapters: number;
  /** Paragraphs per section; two sections per chapter. */
  paragraphs: number;
  trim?: TrimSize;
  /** Folder to write the figure, cover and summary images into. */
  dir: string;
}

export const chapterTitle = (i: number) => `Chapter Title ${i + 1} Zebra${String.fromCharCode(65 + (i % 26))}`;

/** A book of `chapters` chapters with two sections each and a figure in chapter 2. */
export async function syntheticBook(o: SyntheticOptions): Promise<PrintBook> {
  const figure = join(o.dir, 'figure.jpg');
  const cover = join(o.dir, 'cover.jpg');
  const summary = join(o.dir, 'summary.png');
  // a drawn-looking figure: dark strokes on paper
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1650" height="1100"><rect width="100%" height="100%" fill="#fbfaf5"/><path d="M100 900 C 500 100, 900 1000, 1550 200" stroke="#222" stroke-width="14" fill="none"/><circle cx="820" cy="560" r="220" stroke="#a33" stroke-width="10" fill="none"/></svg>`;
  await writeFile(figure, await sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer());
  await writeFile(
    cover,
    await sharp({ create: { width: 1600, height: 2560, channels: 3, background: '#1f3a5f' } })
      .jpeg()
      .toBuffer(),
  );
  await writeFile(
    summary,
    await sharp({ create: { width: 1275, height: 1650, channels: 3, background: '#e8e2d0' } })
      .png()
      .toBuffer(),
  );

  const chapters: PrintChapter[] = [];
  for (let c = 0; c < o.chapters; c++) {
    const id = `post-${c + 1}`;
    const parts: string[] = [];
    const sections = [1, 2].map((s) => ({ id: `${id}--section-${s}`, title: `Section ${c + 1}.${s}`, depth: 2 }));
    for (const [s, section] of sections.entries()) {
      parts.push(`<h2 id="${section.id}">${section.title}</h2>`);
      for (let p = 0; p < o.paragraphs; p++) parts.push(paragraph(c * 31 + s * 7 + p));
      if (c === 1 && s === 0) {
        parts.push(
          `<figure><img src="${pathToFileURL(figure).href}" alt="A river bend"><figcaption>Figure ${c + 1}: a river bend, drawn.</figcaption></figure>`,
        );
      }
    }
    if (c > 0) parts.push(`<p>See also <a href="#post-1--section-2">the second section of the first chapter</a>.</p>`);
    // a word longer than a line: it must break inside the text block, not run off the page
    if (c === 0) parts.push(`<p>The key, pasted whole: ${'QmFzZTY0IGtleSBwYXN0ZWQgd2hvbGUg'.repeat(8)}.</p>`);
    parts.push(
      '<pre><code>const answer = chapters.map((c) => c.title).filter(Boolean).join(", ") // a long line of code that has to wrap</code></pre>',
    );
    chapters.push({
      id,
      kind: 'chapter',
      label: `Part ${c + 1}`,
      title: chapterTitle(c),
      tocTitle: labelledTitle(`Part ${c + 1}`, chapterTitle(c)),
      html: parts.join('\n'),
      sections,
    });
  }
  const facts = {
    title: 'Synthetic Field Guide',
    subtitle: 'A test book',
    author: 'Ada Example',
    date: '2024-05-01',
    license: 'CC-BY-4.0',
    identifier: 'urn:uuid:00000000-0000-4000-8000-000000000000',
  };
  return {
    ...facts,
    language: 'en',
    license: describeLicense('CC-BY-4.0'),
    apparatus: frontPages(facts),
    trim: o.trim ?? '6x9',
    tocDepth: 2,
    coverSrc: pathToFileURL(cover).href,
    summarySrc: pathToFileURL(summary).href,
    chapters,
  };
}

/**
 * Stand-ins for the cover and summary targets' pictures (tested in their own
 * folders): what the PDF tests need is only that the book places them.
 */
export async function standInPictures(): Promise<{ cover: Buffer; summary: Buffer }> {
  const cover = await sharp({ create: { width: 1600, height: 2560, channels: 3, background: '#1f3a5f' } })
    .jpeg()
    .toBuffer();
  const summary = await sharp({ create: { width: 2550, height: 3300, channels: 3, background: '#eeeeee' } })
    .png()
    .toBuffer();
  return { cover, summary };
}
