// What every target receives besides the model: where to write, the shared
// image cache and browser, and a place to report progress and problems.
import type { VFile } from 'vfile';
import type { ImageCache } from '../assets/images.ts';
import type { SharedBrowser } from '../browser/browser.ts';
import type { Book, Site } from '../content/model.ts';

export interface Progress {
  /** One line of what is happening now; quiet without a TTY or with CI set. */
  step(message: string): void;
}

export interface BuildContext {
  site: Site;
  /** The temporary output folder that becomes dist/ when the build succeeds. */
  outDir: string;
  /** .cache/ under the project. */
  cacheDir: string;
  images: ImageCache;
  browser: SharedBrowser;
  progress: Progress;
  /**
   * A vfile for messages that belong to no post (the config, a book as a whole).
   * Messages about a post go on that post's `file`.
   */
  buildFile: VFile;
  /** Pictures several targets share, each made once per build on first request. */
  artifacts: Artifacts;
  /**
   * Called by the PDF target when it hands a book to Chromium: the build holds
   * the EPUB, MOBI and site targets until then (src/pipeline/print-gate.ts).
   */
  printing?: () => void;
}

export interface Artifacts {
  /** The book's cover, 1600×2560 JPEG (src/cover). */
  cover(book: Book): Promise<Buffer>;
  /**
   * The summary as PNG (its first page), every page as PNG (`pngs`, the first
   * included; a stand-in may leave it out) and a PDF of every page (src/summary).
   */
  summary(book: Book): Promise<{ png: Buffer; pngs?: Buffer[]; pdf: Buffer }>;
}

/** One file a target wrote, relative to outDir. */
export interface OutputFile {
  path: string;
  bytes: number;
  /** Extra facts for report.json (image totals, page count, validation counts…). */
  info?: Record<string, unknown>;
}

/** Every target module exports one entry point of this type. */
export type Target = (ctx: BuildContext) => Promise<OutputFile[]>;
