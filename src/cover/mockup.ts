// The cover shown as a printed book (CSS 3D in the shared Chromium): a large
// transparent PNG for the downloads page and a 1200×630 Open Graph picture.
import sharp from 'sharp';
import { closePage } from '../browser/browser.ts';
import { openHtml, screenshotOf } from '../browser/html-page.ts';
import { drawCached } from '../browser/render-cache.ts';
import type { Book } from '../content/model.ts';
import { digest } from '../content/sealed.ts';
import type { BuildContext } from '../pipeline/context.ts';
import { fontFaceCss } from '../summary/fonts.ts';
import { readTemplate, renderTemplate } from '../summary/template.ts';
import { darken, inkFor } from './colour.ts';

export interface Picture {
  buffer: Buffer;
  width: number;
  height: number;
}

export const MOCKUP_SIZE = { width: 1600, height: 1200 } as const;
export const OG_SIZE = { width: 1200, height: 630 } as const;

/** Words per printed page of a trade paperback, to guess the book's thickness. */
const WORDS_PER_PAGE = 280;

/** Thickness of the book in px for a cover `height` px tall, from its length. */
export function spineThickness(book: Book, height: number): number {
  const words = [...book.front, ...book.chapters, ...book.back].reduce((n, p) => n + (p.words ?? 0), 0);
  const pages = Math.max(40, words / WORDS_PER_PAGE);
  // a 6×9 in book is about 1/400 in thick per page (uncoated paper)
  const ratio = pages / 400 / 9;
  return Math.round(Math.min(0.14, Math.max(0.06, ratio)) * height);
}

async function mockupHtml(book: Book, ctx: BuildContext, mode: 'mockup' | 'og'): Promise<string> {
  const root = ctx.site?.root;
  const height = mode === 'og' ? 470 : 960;
  const [fonts, css] = await Promise.all([fontFaceCss(), readTemplate('mockup.css', root)]);
  const spine = darken(book.coverColor, 0.25);
  return renderTemplate(
    'mockup.eta',
    {
      mode,
      lang: book.language,
      title: book.title,
      subtitle: book.subtitle ?? '',
      author: book.author,
      accent: book.coverColor,
      spine,
      spineInk: inkFor(spine).ink,
      // written beside the page by openHtml (the cover is made in this build, not kept in .cache/images/)
      cover: 'cover.jpg',
      book: { width: Math.round(height / 1.6), height, thickness: spineThickness(book, height) },
      turn: 28,
      fonts,
      css,
    },
    root,
  );
}

/** Renders the mock-up (transparent) and the Open Graph picture from a cover JPEG. */
export async function renderMockup(book: Book, ctx: BuildContext, cover: Buffer): Promise<{ mockup: Picture; og: Picture }> {
  const [mockupPage, ogPage] = await Promise.all([mockupHtml(book, ctx, 'mockup'), mockupHtml(book, ctx, 'og')]);
  const sizes = [MOCKUP_SIZE.width, MOCKUP_SIZE.height, OG_SIZE.width, OG_SIZE.height];
  // the cover is not in the pages' HTML: its bytes are part of the key
  const drawn = await drawCached(ctx.cacheDir, 'mockup', [mockupPage, ogPage, digest(cover), ...sizes], async () => {
    const browser = await ctx.browser.get();
    const page = await browser.newPage();
    try {
      const shoot = async (html: string, mode: 'mockup' | 'og', size: { width: number; height: number }) => {
        await page.setViewport({ ...size, deviceScaleFactor: 1 });
        await openHtml(page, html, { 'cover.jpg': cover });
        // Chromium's fast PNG, then sharp's deflate: quicker than Chromium's default, and smaller
        const shot = await ctx.browser.oneAtATime(() =>
          screenshotOf(page, {
            type: 'png',
            optimizeForSpeed: true,
            omitBackground: mode === 'mockup',
            clip: { x: 0, y: 0, ...size },
          }),
        );
        return sharp(shot).png().toBuffer();
      };
      const mockup = await shoot(mockupPage, 'mockup', MOCKUP_SIZE);
      const og = await shoot(ogPage, 'og', OG_SIZE);
      return { files: { mockup, og }, keep: true };
    } finally {
      await closePage(page);
    }
  });
  return { mockup: { buffer: drawn.mockup, ...MOCKUP_SIZE }, og: { buffer: drawn.og, ...OG_SIZE } };
}
