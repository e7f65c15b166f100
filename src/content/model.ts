// The content model: built once by src/content, read by every target.
// Targets never parse markdown or read posts from disk; they derive their output
// from `Post.hast`, in which internal references are marked (see below).
import type { Root } from 'hast';
import type { Position } from 'unist';
import type { VFile } from 'vfile';
import type { BookConfig, Config, TrimSize } from '../config/schema.ts';
import type { Strings } from '../i18n/index.ts';

/** An image file under the project, found through a post or the config. */
export interface Asset {
  /** Stable id: the first 12 hex digits of the content hash. */
  id: string;
  /** Absolute path on disk. */
  path: string;
  /** Path relative to the project folder, with forward slashes. */
  rel: string;
  /** sha256 of the bytes, hex. */
  hash: string;
  /** Display size in CSS pixels: after EXIF orientation; an SVG's own size (what it draws, or 800×600, when it gives none). */
  width: number;
  height: number;
  /** What the bytes are, whatever the extension says. */
  format: 'png' | 'jpeg' | 'gif' | 'webp' | 'avif' | 'svg';
  /** A GIF or WebP of more than one frame (the books show the first). */
  animated?: boolean;
  /** The image has an alpha channel (always true for SVG); absent means opaque. */
  alpha?: boolean;
  /** The name without folder and extension, used in derived file names. */
  stem: string;
}

export interface Heading {
  depth: number;
  /** The id attribute of the heading in `Post.hast` (unique within the post). */
  id: string;
  text: string;
}

export interface Post {
  /** The post's vfile: messages about this post are attached to it. */
  file: VFile;
  /** Path relative to the project folder, forward slashes. */
  rel: string;
  slug: string;
  title: string;
  /** Front matter `shortTitle`: the title in the PDF's running heads. */
  shortTitle?: string;
  date: Date;
  updated?: Date;
  tags: string[];
  /** Slug of the series, when the post belongs to one. */
  series?: string;
  /** 1-based position in its series (after defaults are applied). */
  part?: number;
  summary?: string;
  draft: boolean;
  sketch?: { asset: Asset; alt: string };
  problem?: string;
  answer?: string;
  /** Names shown on the post (front matter `authors`/`author`); empty: the site's author. */
  authors: string[];
  /** Every front matter field as written, postbound's and the blog's own (for templates). */
  data: Record<string, unknown>;
  /**
   * The post's address below the site's base path, from `content.permalink` or
   * its own `permalink`: `posts/no-time/`, `2019/02/28/first-part/`, `2019/first-part.html`.
   */
  path: string;
  /** Old addresses (below the base path, like `path`) that redirect to the post. */
  aliases: string[];
  /**
   * The rendered body, built once. Internal references carry data properties:
   * - `<a data-post-ref="slug" data-fragment="id">`: a link to another post (href is the
   *   original markdown href; each target rewrites it to its own URL or chapter file)
   * - `<img data-asset="id">`: a local image (src is the original path; each target
   *   rewrites it to its own variant)
   * Footnotes follow remark-rehype's shape (`<sup><a data-footnote-ref>` and
   * `<section data-footnotes>`).
   */
  hast: Root;
  headings: Heading[];
  /** Every image the post shows (the sketch included when it appears in the body). */
  images: { asset: Asset; alt: string }[];
  words: number;
  /** Plain text of the body (for the feed summary fallback and search). */
  text: string;
  /** Where a front matter key is in `file` (the whole front matter block when the key is absent). */
  frontMatterAt?: (key: string) => Position;
}

export interface Series {
  slug: string;
  title: string;
  /** Posts in part order. */
  posts: Post[];
}

export interface Tag {
  slug: string;
  name: string;
  posts: Post[];
}

export interface Book {
  slug: string;
  config: BookConfig;
  title: string;
  subtitle?: string;
  author: string;
  language: string;
  /** Every word the book prints, in its language with the config's overrides (src/i18n). */
  strings?: Strings;
  license: string;
  /** Always set: derived from the site URL and slug when the config gives none. */
  identifier: string;
  description?: string;
  publisher?: string;
  /** Publication date, YYYY-MM-DD. */
  date: string;
  /** dcterms:modified, YYYY-MM-DDThh:mm:ssZ: fixed so two builds give the same bytes. */
  modified: string;
  front: Post[];
  chapters: Post[];
  back: Post[];
  /** The series the chapters come from, when the book is one. */
  series?: Series;
  /** The writer's own cover image, when the config names one. */
  coverImage?: Asset;
  /** The sketch used on the generated cover. */
  coverSketch?: Asset;
  coverColor: string;
  pwyw?: string;
  trim: TrimSize;
  tocDepth: number;
  /** PDF: chapters open on a right-hand page. */
  openRight?: boolean;
  /** Where a setting of this book is in postbound.yaml (`configAt('cover', 'image')`; the nearest parent when absent). */
  configAt?: (...path: PropertyKey[]) => Position | undefined;
}

export interface Site {
  /** Absolute path of the project folder. */
  root: string;
  config: Config;
  /** Published posts, newest first. */
  posts: Post[];
  series: Series[];
  tags: Tag[];
  assets: Map<string, Asset>;
  books: Book[];
  /** Files posts link to (PDFs, full-size images), by their path below the site's base: the site serves them. */
  staticFiles: Map<string, string>;
  /** Files that produced only warnings or nothing: kept for reporting. */
  files: VFile[];
}
