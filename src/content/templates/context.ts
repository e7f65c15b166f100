// What the loader gives the template expansion for one post, and what each
// generator's expander gives back to the leftover scan.
import type { Point } from 'unist';
import type { VFile } from 'vfile';
import type { Generator } from '../../config/schema.ts';

export interface TemplateContext {
  generator: Generator;
  /** The absolute project folder. */
  root: string;
  /** The post's vfile: messages go on it, positions are lines and columns of the post file. */
  file: VFile;
  /** Jekyll allows .html posts with front matter. */
  format: 'markdown' | 'html';
  /** Jekyll's `site` (_config.yml, plus url and baseurl), Eleventy's global data, Hugo's .Site.Params. */
  site: Record<string, unknown>;
  /** The post's front matter as written, plus url, date and slug. */
  page: Record<string, unknown>;
  /** The absolute folder of Liquid includes (Jekyll's and Eleventy's `_includes`). */
  includes?: string;
  /** Absolute folders holding NAME.eta shortcode templates, first wins. */
  shortcodeDirs: string[];
  /** The site's base path: '/blog/' or '/'. */
  basePath: string;
  lookup: {
    /**
     * Site-root URL of a post (e.g. '/blog/2019/02/28/first-part/'), named as Jekyll's post_url
     * (2019-02-28-first-part, or a path below _posts), Jekyll's link (a path from the project root,
     * e.g. _posts/2019-02-28-first-part.md), or Hugo's ref/relref ("first-part", "posts/first-part.md",
     * "posts/river-walk/index.md", "/posts/first-part"); undefined when no post matches.
     */
    postUrl(ref: string, from: 'post_url' | 'link' | 'ref'): string | undefined;
  };
}

/** An expander's result: text with literal parts marked (see `protect`), and where its offsets come from. */
export interface Expansion {
  marked: string;
  /** The point in the post file of an offset in `marked`; undefined when output lines follow input lines. */
  sourcePoint?: (offset: number) => Point;
}
