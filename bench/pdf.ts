// PDF paging engine vs Chromium's plain print of the same HTML, on generated books
// of about 100 and 500 pages. Run: node --import tsx bench/pdf.ts [runs]
// The engine prints twice (the second time with the contents' page numbers filled
// in) and reads the first print's named destinations; the goal is ≤ 3× plain.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SharedBrowser } from '../src/browser/browser.ts';
import { bookDocument } from '../src/pdf/book-html.ts';
import { bookCss } from '../src/pdf/index.ts';
import { paginate, printPlain } from '../src/pdf/paginate.ts';
import { SkiaPdf } from '../src/pdf/pdf-file.ts';
import { syntheticBook } from '../test/e2e/pdf-fixture.ts';

const runs = Number(process.argv[2] ?? 3);
// about 5.4 pages per generated chapter with 7 paragraphs per section
const sizes = [
  { label: '~100 pages', chapters: 18 },
  { label: '~500 pages', chapters: 92 },
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

/** The cover's rule before 24d99c5, put back over templates/pdf.css's for the comparison. */
const OBJECT_FIT_COVER =
  '.cover img { position: static; width: var(--page-width); height: var(--page-height); object-fit: cover; }';
const coverRows: string[][] = [];

const browser = new SharedBrowser();
const dir = mkdtempSync(join(tmpdir(), 'postbound-bench-pdf-'));
const rows: string[][] = [];
try {
  const chromium = await browser.get();
  const css = bookCss();
  for (const size of sizes) {
    const book = await syntheticBook({ chapters: size.chapters, paragraphs: 7, dir });
    const { html, anchors } = bookDocument(book, css);
    const plain: number[] = [];
    const plainOutline: number[] = [];
    const engine: number[] = [];
    const split: string[] = [];
    let pages = 0;
    for (let i = 0; i < runs; i++) {
      let t = performance.now();
      const pdf = await printPlain(chromium, html, dir);
      plain.push(performance.now() - t);
      pages = new SkiaPdf(pdf).pageCount;
      t = performance.now();
      await printPlain(chromium, html, dir, true);
      plainOutline.push(performance.now() - t);
      t = performance.now();
      const result = await paginate(chromium, html, { anchors, workDir: dir });
      engine.push(performance.now() - t);
      split.push([result.ms.load, ...result.ms.prints].map((ms) => (ms / 1000).toFixed(2)).join(' + '));
      if (result.pages !== pages) throw new Error(`engine printed ${result.pages} pages, plain ${pages}`);
    }
    // the cover page as templates/pdf.css places it, against the object-fit: cover it had
    // before (Chromium prints a picture that object-fit cuts far more slowly)
    if (size === sizes[0]) {
      const fitted = html.replace('</head>', `<style>${OBJECT_FIT_COVER}</style></head>`);
      for (const [label, doc] of [
        ['cover placed by templates/pdf.css', html],
        ['cover cut by object-fit: cover', fitted],
      ] as const) {
        const times: number[] = [];
        for (let i = 0; i < runs; i++) {
          const t = performance.now();
          await printPlain(chromium, doc, dir, true);
          times.push(performance.now() - t);
        }
        coverRows.push([label, `${(median(times) / 1000).toFixed(2)} s`]);
      }
    }
    const p = median(plain);
    const o = median(plainOutline);
    const e = median(engine);
    const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    rows.push([
      size.label,
      String(pages),
      s(p),
      s(o),
      s(e),
      split[engine.indexOf(e)] as string,
      `${(e / p).toFixed(2)}×`,
      `${(e / o).toFixed(2)}×`,
      `${(e / pages).toFixed(1)} ms`,
    ]);
  }
} finally {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
}

const head = [
  'book',
  'pages',
  'plain page.pdf',
  'plain + outline',
  'engine',
  'engine: load + prints',
  'engine/plain',
  'engine/plain+outline',
  'engine per page',
];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] as number)).join(' | ')} |`;
console.log(
  `median of ${runs} runs; every column includes loading the HTML; the engine prints twice (TOC numbers) with outline and tags`,
);
console.log(line(head));
console.log(line(widths.map((w) => '-'.repeat(w))));
for (const r of rows) console.log(line(r));
console.log(`\nthe ~100-page book printed with outline, median of ${runs} runs (issue 15: the cover page)`);
for (const [label, time] of coverRows) console.log(`| ${label.padEnd(33)} | ${time} |`);
