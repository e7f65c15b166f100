// Finding the post files of a blog where its generator keeps them: postbound's
// content/posts/, Jekyll's _posts/ (markdown and .html posts) and _drafts/,
// Hugo's sections with page bundles (<slug>/index.md, resources beside it) and
// _index.md section pages, Eleventy and Astro folders. What is passed over on
// purpose is listed, so that the loader can say so.
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { basename, dirname, extname, join, relative, sep } from 'node:path';
import type { Config } from '../config/schema.ts';

export const POSTS_DIR = join('content', 'posts');

const MARKDOWN = new Set(['.md', '.markdown', '.mdown', '.mkdn', '.mkd', '.mdx']);
const HTML = new Set(['.html', '.htm']);
/** Formats Hugo and Jekyll plugins render that postbound does not: reported, not silently passed over. */
const OTHER_MARKUP = new Set(['.adoc', '.asciidoc', '.ad', '.org', '.rst', '.pandoc', '.pdc', '.textile', '.ipynb']);
const BUNDLE_INDEX = /^index\.(md|markdown|mdown|mkdn|mkd|mdx|html?)$/i;
const SECTION_INDEX = /^_index\.(md|markdown|mdown|mkdn|mkd|html?)$/i;
/** Folders no blog keeps posts in (tools' output and dependencies). */
const NEVER = new Set(['node_modules', '_site', 'dist', '.cache', '.git']);

export interface PostSource {
  /** Absolute path of the file. */
  abs: string;
  /** Path relative to the project folder, forward slashes. */
  rel: string;
  format: 'markdown' | 'html';
  /** The folder of a page bundle (`posts/<slug>/index.md`), whose name is the post's slug. */
  bundle?: string;
  /** Found in a drafts folder (Jekyll's _drafts). */
  draft: boolean;
}

export interface Skipped {
  rel: string;
  why: string;
}

/** Every post file under the config's post and draft folders, in path order, and what was passed over. */
export async function findPosts(root: string, config: Config): Promise<{ posts: PostSource[]; skipped: Skipped[] }> {
  const posts: PostSource[] = [];
  const skipped: Skipped[] = [];
  const seen = new Set<string>();
  const exclude = new Set(config.content.exclude.map((name) => name.replace(/\/+$/, '')));
  const folders = [
    ...config.content.posts.map((dir) => ({ dir, draft: false })),
    ...config.content.drafts.map((dir) => ({ dir, draft: true })),
  ];
  for (const { dir, draft } of folders) {
    const abs = join(root, dir);
    if (!existsSync(abs)) continue;
    const entries = await readdir(abs, { recursive: true, withFileTypes: true });
    const files = entries
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath ?? (e as unknown as { path: string }).path, e.name))
      .sort();
    // a folder holding index.md is a page bundle: its other files are the post's resources
    // (not the posts folder itself: its index.md is the folder's own page)
    const bundles = new Set(
      files
        .filter((f) => BUNDLE_INDEX.test(basename(f)))
        .map((f) => dirname(f))
        .filter((d) => d !== abs),
    );
    for (const file of files) {
      if (seen.has(file)) continue;
      seen.add(file);
      const rel = relative(root, file).split(sep).join('/');
      const parts = relative(abs, file).split(sep);
      const name = parts.at(-1)!;
      const ext = extname(name).toLowerCase();
      const isPost = MARKDOWN.has(ext) || HTML.has(ext);
      if (parts.some((p) => exclude.has(p)) || parts.slice(0, -1).some((p) => NEVER.has(p) || p.startsWith('.'))) continue;
      if (OTHER_MARKUP.has(ext)) {
        skipped.push({ rel, why: `postbound reads markdown and HTML posts, not ${ext}: convert it (pandoc does) to use it` });
        continue;
      }
      if (!isPost) continue;
      if (SECTION_INDEX.test(name)) {
        skipped.push({ rel, why: "a section's own page (Hugo's _index.md), not a post" });
        continue;
      }
      if (/^[._#~]/.test(name) || name.endsWith('~')) {
        skipped.push({ rel, why: 'its name starts with _ or . (generators leave such files out)' });
        continue;
      }
      const folder = dirname(file);
      if (BUNDLE_INDEX.test(name) && folder === abs) {
        skipped.push({ rel, why: 'the index page of the posts folder, not a post' });
        continue;
      }
      const inBundle = [...bundles].find((b) => folder === b || folder.startsWith(b + sep));
      if (inBundle && !(BUNDLE_INDEX.test(name) && folder === inBundle)) {
        skipped.push({ rel, why: `a resource of the page bundle ${relative(root, inBundle).split(sep).join('/')}/` });
        continue;
      }
      posts.push({
        abs: file,
        rel,
        format: HTML.has(ext) ? 'html' : 'markdown',
        bundle: BUNDLE_INDEX.test(name) && folder !== abs ? folder : undefined,
        draft,
      });
    }
  }
  return { posts, skipped };
}
