// The cover target: the writer's own image fitted to 1600×2560 (never cropped), or a cover
// generated from a template in the shared Chromium. It also writes the 3D
// mock-up and the Open Graph picture made from that cover.
import sharp from 'sharp';
import { openSource } from '../assets/images.ts';
import { closePage } from '../browser/browser.ts';
import { fileUrl, openHtml, screenshotOf } from '../browser/html-page.ts';
import { drawCached } from '../browser/render-cache.ts';
import type { Asset, Book } from '../content/model.ts';
import type { BuildContext, OutputFile, Target } from '../pipeline/context.ts';
import { writeOutput } from '../pipeline/output.ts';
import { fontFaceCss } from '../summary/fonts.ts';
import { readTemplate, renderTemplate } from '../summary/template.ts';
import { inkFor } from './colour.ts';
import { renderMockup } from './mockup.ts';

/** Kindle Direct Publishing's recommended cover size (1:1.6). */
export const COVER_WIDTH = 1600;
export const COVER_HEIGHT = 2560;
const COVER_QUALITY = 88;
/** Below this short side a cover looks soft on a high-density screen. */
const MIN_SHORT_SIDE = 1000;
/** How far the height/width ratio may stray from 1.6 before the image is fitted rather than filling the frame. */
const RATIO_TOLERANCE = 0.08;
/** How far it may stray and still fill the frame, stretched by that much (never cropped). */
const STRETCH_TOLERANCE = 0.02;

/** The cover of `book` as a 1600×2560 JPEG. */
export async function renderCover(book: Book, ctx: BuildContext): Promise<Buffer> {
  return book.coverImage ? fitOwnCover(book, book.coverImage, ctx) : generateCover(book, ctx);
}

async function fitOwnCover(book: Book, image: Asset, ctx: BuildContext): Promise<Buffer> {
  const short = Math.min(image.width, image.height);
  if (short < MIN_SHORT_SIDE && image.format !== 'svg') {
    ctx.buildFile.message(
      `The cover image ${image.rel} of "${book.title}" is ${image.width}×${image.height} px: it will look blurred ` +
        `when enlarged to ${COVER_WIDTH}×${COVER_HEIGHT}. Use an image at least ${COVER_WIDTH} px wide.`,
      book.configAt?.('cover', 'image'),
      'postbound:cover-small',
    );
  }
  const ratio = image.height / image.width;
  const target = COVER_HEIGHT / COVER_WIDTH;
  const off = Math.abs(ratio - target) / target;
  if (off > RATIO_TOLERANCE) {
    ctx.buildFile.message(
      `The cover image ${image.rel} of "${book.title}" is ${image.width}×${image.height} px, a height/width ratio of ` +
        `${ratio.toFixed(2)} rather than the 1.6 of an ebook cover, so the whole image is fitted on a blurred copy of itself; ` +
        `export it at ${COVER_WIDTH}×${COVER_HEIGHT} for a full-bleed cover.`,
      book.configAt?.('cover', 'image'),
      'postbound:cover-ratio',
    );
  }
  // the first frame of an animation; an SVG drawn large enough for the page,
  // not enlarged from librsvg's 72 dpi
  const scale = Math.max(COVER_WIDTH / image.width, COVER_HEIGHT / image.height);
  const source = await (await openSource(image, Math.ceil(Math.max(image.width, image.height) * scale)))
    .rotate()
    .flatten({ background: '#ffffff' })
    .toBuffer();
  // an image within 2% of 1.6 fills the frame, stretched by an invisible amount
  // rather than cut; any other is fitted whole
  if (off <= STRETCH_TOLERANCE) {
    return sharp(source)
      .resize(COVER_WIDTH, COVER_HEIGHT, { fit: 'fill' })
      .jpeg({ quality: COVER_QUALITY, mozjpeg: true })
      .toBuffer();
  }
  return fitOnBlurredCopy(source);
}

/**
 * Any other shape is never cropped: the whole image, as large as fits, centred
 * on a blurred and darkened copy of itself that fills the frame (blurred small,
 * then enlarged, which is both quicker and softer).
 */
export async function fitOnBlurredCopy(source: Buffer): Promise<Buffer> {
  const background = await sharp(source)
    .resize(COVER_WIDTH / 8, COVER_HEIGHT / 8, { fit: 'cover', position: 'centre' })
    .blur(6)
    .modulate({ brightness: 0.62, saturation: 0.85 })
    .resize(COVER_WIDTH, COVER_HEIGHT, { kernel: 'cubic' })
    .toBuffer();
  const { data: fitted, info } = await sharp(source)
    .resize(COVER_WIDTH, COVER_HEIGHT, { fit: 'inside' })
    .toBuffer({ resolveWithObject: true });
  return sharp(background)
    .composite([
      {
        input: fitted,
        left: Math.round((COVER_WIDTH - info.width) / 2),
        top: Math.round((COVER_HEIGHT - info.height) / 2),
      },
    ])
    .jpeg({ quality: COVER_QUALITY, mozjpeg: true })
    .toBuffer();
}

/** The generated cover's HTML, to open with openHtml (its sketch and fonts are file URLs). */
export async function coverHtml(book: Book, ctx: BuildContext): Promise<string> {
  const root = ctx.site?.root;
  let sketch = '';
  if (book.coverSketch) {
    // JPEG on white: the sheet shows through by multiply blending (cover.css) as
    // it would through transparency, and it encodes in a tenth of a palette PNG's
    // time; urgent, because Chromium and then every book wait for the cover
    const variant = await ctx.images.variant(
      book.coverSketch,
      { format: 'jpeg', width: 1400, quality: 90, background: '#ffffff' },
      { priority: 'urgent' },
    );
    sketch = fileUrl(variant.file);
  }
  const [fonts, css] = await Promise.all([fontFaceCss(), readTemplate('cover.css', root)]);
  return renderTemplate(
    'cover.eta',
    {
      lang: book.language,
      title: book.title,
      subtitle: book.subtitle ?? '',
      author: book.author,
      accent: book.coverColor,
      ...inkFor(book.coverColor),
      sketch,
      titleMax: 180,
      titleMin: 84,
      titleBlockMax: 820,
      fonts,
      css,
    },
    root,
  );
}

/**
 * Shrinks the title until its block is no taller than --title-block-max, then
 * sizes the sketch to the room left, keeping its proportions. Runs in the page.
 */
const FIT_COVER = `(() => {
  const block = document.querySelector('.title-block');
  const title = document.querySelector('.title');
  const root = document.documentElement;
  const style = getComputedStyle(root);
  const max = parseFloat(style.getPropertyValue('--title-block-max'));
  let lo = parseFloat(style.getPropertyValue('--title-min'));
  let hi = parseFloat(style.getPropertyValue('--title-max'));
  const fits = () => block.getBoundingClientRect().height <= max && title.scrollWidth <= title.clientWidth + 1;
  const set = (v) => root.style.setProperty('--title-fs', v + 'px');
  set(hi);
  let size = hi;
  if (!fits()) {
    for (let i = 0; i < 12; i++) { const mid = (lo + hi) / 2; set(mid); if (fits()) lo = mid; else hi = mid; }
    set(lo);
    size = lo;
  }
  const area = document.querySelector('.sketch-area');
  const img = document.querySelector('.sketch img');
  if (img && img.naturalWidth) {
    const pad = 112;
    const room = area.getBoundingClientRect();
    const scale = Math.min((room.width - pad) / img.naturalWidth, (room.height - pad) / img.naturalHeight);
    img.style.width = Math.floor(img.naturalWidth * scale) + 'px';
    img.style.height = Math.floor(img.naturalHeight * scale) + 'px';
  }
  return { size, fits: fits() };
})()`;

async function generateCover(book: Book, ctx: BuildContext): Promise<Buffer> {
  const html = await coverHtml(book, ctx);
  const { cover } = await drawCached(ctx.cacheDir, 'cover', [html, COVER_WIDTH, COVER_HEIGHT, COVER_QUALITY], async () => {
    const browser = await ctx.browser.get();
    const page = await browser.newPage();
    try {
      await page.setViewport({ width: COVER_WIDTH, height: COVER_HEIGHT, deviceScaleFactor: 1 });
      await openHtml(page, html);
      const fit = (await page.evaluate(FIT_COVER)) as { size: number; fits: boolean };
      if (!fit.fits) {
        ctx.buildFile.message(
          `The title of "${book.title}" is too long to fit on the generated cover even at ${Math.round(fit.size)} px, ` +
            'so part of it is cut off. Shorten the title (move the rest to `subtitle`) or give your own `cover.image`.',
          book.configAt?.('title'),
          'postbound:cover-title-overflow',
        );
      }
      // Chromium encodes a 4-megapixel PNG in about 2 s and a JPEG in 0.1 s: take a
      // near-lossless JPEG and let mozjpeg make the final, smaller one.
      const shot = await ctx.browser.oneAtATime(() =>
        screenshotOf(page, {
          type: 'jpeg',
          quality: 96,
          clip: { x: 0, y: 0, width: COVER_WIDTH, height: COVER_HEIGHT },
        }),
      );
      const cover = await sharp(shot).jpeg({ quality: COVER_QUALITY, mozjpeg: true }).toBuffer();
      return { files: { cover }, keep: fit.fits };
    } finally {
      await closePage(page);
    }
  });
  return cover;
}

/** Writes `book/<slug>-cover.jpg`, `-mockup.png` and `-og.png` for every book. */
export const build: Target = async (ctx) => {
  const out: OutputFile[] = [];
  for (const book of ctx.site.books) {
    ctx.progress.step(`cover: ${book.slug}`);
    const cover = await ctx.artifacts.cover(book);
    const { mockup, og } = await renderMockup(book, ctx, cover);
    const files: [string, Buffer, Record<string, unknown>][] = [
      [`book/${book.slug}-cover.jpg`, cover, { width: COVER_WIDTH, height: COVER_HEIGHT, generated: !book.coverImage }],
      [`book/${book.slug}-mockup.png`, mockup.buffer, { width: mockup.width, height: mockup.height }],
      [`book/${book.slug}-og.png`, og.buffer, { width: og.width, height: og.height }],
    ];
    for (const [path, bytes, info] of files) {
      out.push(await writeOutput(ctx, path, bytes, { book: book.slug, ...info }));
    }
  }
  return out;
};
