// Every post by the names a blog uses for it, known before any body is
// rendered: Jekyll's `{% post_url 2019-02-28-slug %}` and `{% link _posts/… %}`,
// Hugo's `{{< ref "slug" >}}`, and the addresses posts had (`/2019/02/28/slug/`).
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, relative, resolve, sep } from 'node:path';
import type { Config } from '../config/schema.ts';
import { splitFrontMatter } from './front-matter.ts';
import { type PostPaths, postSlug, type ReadPost, toDate } from './read-post.ts';
import { slugify } from './slug.ts';
import { basePath, belowBase, permalinkPath, sectionOf } from './urls.ts';

/** Addresses of posts: `content.permalink`, or the post's own `permalink` when it has no template syntax in it. */
export function postPaths(root: string, config: Config): PostPaths {
  const { generator } = config.content;
  return {
    pathOf: (post, front, source) => {
      const own = front.permalink && !/[{}]/.test(front.permalink) ? front.permalink : undefined;
      const categories = post.data.categories ?? post.data.category;
      const section = sectionOf(root, source.abs);
      return permalinkPath(own ?? config.content.permalink, post, { ...front, categories }, { ...source, section }, generator);
    },
    aliasesOf: (front) =>
      front.aliases
        .map((a) => belowBase(a, config))
        .filter((a): a is string => a !== undefined && a !== '')
        .map((a) => (/\.html?$/i.test(a) || a.endsWith('/') ? a : `${a}/`)),
  };
}

interface Entry {
  slug: string;
  /** Path below the base, as postPaths gives it. */
  path: string;
  abs: string;
  rel: string;
}

/** Posts by every name templates and links use for them. */
export class PostIndex {
  private readonly byName = new Map<string, Entry>();
  readonly base: string;

  constructor(
    readonly root: string,
    config: Config,
    reads: ReadPost[],
    paths: PostPaths,
  ) {
    this.base = basePath(config);
    for (const r of reads) {
      const front = r.front?.front ?? r.parsed?.front;
      const data = r.front?.data ?? r.parsed?.data ?? {};
      if (!front) continue;
      const slug = postSlug(front, r.source);
      const post = { slug, title: front.title, date: toDate(front.date), data };
      const entry: Entry = { slug, path: paths.pathOf(post, front, r.source), abs: r.abs, rel: r.rel };
      const file = basename(r.source.bundle ?? r.abs).replace(/\.[^.]+$/, '');
      const relNoExt = r.rel.replace(/\.[^./]+$/, '');
      for (const name of [slug, file, r.rel, relNoExt, `/${r.rel}`, relative(dirname(r.rel), r.rel)]) this.add(name, entry);
      // Hugo refers to posts by their path below content/ ("posts/x.md", "posts/x/index.md", "/posts/x")
      const underContent = r.rel.replace(/^content\//, '');
      for (const name of [underContent, underContent.replace(/\/index\.[^./]+$/, ''), underContent.replace(/\.[^./]+$/, '')]) {
        this.add(name, entry);
        this.add(`/${name}`, entry);
      }
      if (r.source.bundle) this.add(relative(root, r.source.bundle).split(sep).join('/'), entry);
    }
  }

  private add(name: string, entry: Entry): void {
    if (!this.byName.has(name)) this.byName.set(name, entry);
  }

  /** The site-root URL of the post a template names, or undefined. */
  postUrl(ref: string, from: 'post_url' | 'link' | 'ref'): string | undefined {
    return this.post(ref) ?? (from === 'link' ? this.page(ref) : undefined);
  }

  /**
   * Jekyll's `{% link about.md %}` may name a page that is not a post: its address
   * on the blog (its own `permalink`, or the file's path as .html). postbound does
   * not build such pages, so the link is then checked like any other.
   */
  private page(ref: string): string | undefined {
    const rel = ref
      .trim()
      .replace(/^["']|["']$/g, '')
      .replace(/^\/+/, '');
    const abs = resolve(this.root, rel);
    if (!abs.startsWith(this.root) || !existsSync(abs)) return undefined;
    const block = splitFrontMatter(readFileSync(abs, 'utf8'));
    const own = block?.format === 'yaml' ? /^permalink:\s*["']?([^"'\s#]+)/m.exec(block.source)?.[1] : undefined;
    return own ? `${this.base}${own.replace(/^\//, '')}` : `${this.base}${rel.replace(/\.[^./]+$/, '.html')}`;
  }

  private post(ref: string): string | undefined {
    const clean = ref
      .trim()
      .replace(/^["']|["']$/g, '')
      .split('#')[0]!;
    const fragment = ref.includes('#') ? `#${ref.split('#')[1]}` : '';
    const hit =
      this.byName.get(clean) ??
      this.byName.get(clean.replace(/\/$/, '')) ??
      this.byName.get(clean.replace(/\.[^./]+$/, '')) ??
      this.byName.get(
        slugify(
          basename(clean)
            .replace(/\.[^.]+$/, '')
            .replace(/^\d{4}-\d{2}-\d{2}-/, ''),
        ),
      );
    return hit ? `${this.base}${hit.path}${fragment}` : undefined;
  }
}
