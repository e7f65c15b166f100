// The filters Jekyll and Eleventy add to Liquid's: URLs with the site's base
// path, a post's URL from its input path, slug, and the ones that change
// nothing here (markdown in a value is rendered with the rest of the post).
// https://jekyllrb.com/docs/liquid/filters/ and https://www.11ty.dev/docs/filters/
import type { Liquid } from 'liquidjs';
import type { TemplateContext } from './context.ts';

/** The filters Jekyll and Eleventy add to Liquid's own, on `engine`. */
export function registerFilters(engine: Liquid, ctx: TemplateContext): void {
  const { basePath, site, lookup } = ctx;
  const relativeUrl = (input: unknown) => withBase(basePath, String(input ?? ''));
  const identity = (input: unknown) => input;
  engine.registerFilter('relative_url', relativeUrl);
  engine.registerFilter('absolute_url', (input: unknown) => {
    const url = relativeUrl(input);
    if (/^[a-z][a-z\d+.-]*:|^\/\//i.test(url)) return url;
    return String(site.url ?? '').replace(/\/+$/, '') + url;
  });
  engine.registerFilter('url', relativeUrl);
  // markdown in a value is rendered with the rest of the post
  engine.registerFilter('markdownify', identity);
  engine.registerFilter('smartify', identity);
  engine.registerFilter('safe', identity);
  engine.registerFilter('log', identity);
  engine.registerFilter('slug', engine.filters.slugify);
  engine.registerFilter('inputPathToUrl', (input: unknown) => lookup.postUrl(String(input ?? ''), 'link') ?? input);
}

function withBase(basePath: string, url: string): string {
  if (/^[a-z][a-z\d+.-]*:|^\/\/|^#/i.test(url)) return url;
  return `${basePath.replace(/\/+$/, '')}/${url.replace(/^\/+/, '')}`;
}
