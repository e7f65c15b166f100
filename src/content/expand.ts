// Template syntax in posts (Liquid for Jekyll and Eleventy, Hugo's shortcodes,
// NAME.eta for a theme's own), expanded before the markdown pipeline runs, with
// every post known by the names templates use for it (src/content/post-index.ts)
// and the variables the generator gives a post: Jekyll's `site` from its
// _config.yml, Eleventy's global data from _data/, the post's own `page`.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse as parseYamlText } from 'yaml';
import type { Config } from '../config/schema.ts';
import type { PostIndex } from './post-index.ts';
import { postSlug, type ReadPost, toDate } from './read-post.ts';
import { basePath } from './urls.ts';

/** Expands the templates in each post's body, in place (the body the markdown pipeline will read). */
export async function expandAll(root: string, config: Config, reads: ReadPost[], index: PostIndex): Promise<void> {
  const { generator } = config.content;
  // most bodies hold no template syntax: then liquidjs and the rest are not even loaded
  const mdx = generator === 'astro';
  if (!reads.some((r) => mdx || /\{[{%]/.test(String(r.front!.body.value)))) return;
  const { expandTemplates, shortcodeDirs } = await import('./templates/index.ts');
  const site = siteData(root, config);
  const includes = includesFolder(root, config);
  const dirs = shortcodeDirs(root);
  const base = basePath(config);
  await Promise.all(
    reads.map(async (r) => {
      const { body, front, data } = r.front!;
      const slug = postSlug(front, r.source);
      const url = index.postUrl(r.rel, 'link');
      const page = { ...data, title: front.title, slug, url, date: toDate(front.date), path: r.rel };
      body.value = await expandTemplates(String(body.value), {
        generator,
        root,
        file: body,
        format: r.source.format,
        site,
        page,
        includes,
        shortcodeDirs: dirs,
        basePath: base,
        lookup: index,
      });
    }),
  );
}

/** The folder of Liquid includes: the config's, or the generator's usual one when it exists. */
function includesFolder(root: string, config: Config): string | undefined {
  if (config.content.includes) return resolve(root, config.content.includes);
  const usual = ['_includes', 'src/_includes', 'content/_includes'].map((d) => join(root, d));
  return usual.find((d) => existsSync(d));
}

/** What templates see as `site` (Jekyll, Hugo) or as global data (Eleventy). */
function siteData(root: string, config: Config): Record<string, unknown> {
  const { site } = config;
  const url = new URL(site.url);
  const common = { title: site.title, description: site.description, author: site.author, lang: site.language };
  switch (config.content.generator) {
    case 'jekyll': {
      // Jekyll's site.url is the host, site.baseurl the path: url + baseurl is the blog
      const own = readData(['_config.yml', '_config.yaml'].map((f) => join(root, f)));
      return { ...common, ...own, url: url.origin, baseurl: url.pathname.replace(/\/$/, '') };
    }
    case 'eleventy': {
      const data: Record<string, unknown> = {};
      for (const dir of ['_data', 'src/_data', 'content/_data'].map((d) => join(root, d))) {
        if (!existsSync(dir)) continue;
        for (const name of readdirSync(dir).filter((n) => /\.(json|ya?ml)$/i.test(n))) {
          data[name.replace(/\.[^.]+$/, '')] ??= readData([join(dir, name)]);
        }
      }
      return data;
    }
    default:
      return { ...common, url: url.href, baseURL: url.href, params: { author: site.author, description: site.description } };
  }
}

/** The first of `files` that exists, read as JSON or YAML; {} when none does or it does not parse. */
function readData(files: string[]): Record<string, unknown> {
  for (const file of files) {
    if (!existsSync(file)) continue;
    try {
      const text = readFileSync(file, 'utf8');
      const value = file.endsWith('.json') ? JSON.parse(text) : parseYamlText(text);
      return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
    } catch {
      // a broken data file is the generator's business; the post still renders
      return {};
    }
  }
  return {};
}
