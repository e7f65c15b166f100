// The site's words (src/i18n) as templates use them: `it.t.archive` for a plain
// string, `it.tl('seriesNote', { series: { text, href } })` for a sentence with
// links, whose HTML keeps the translation's word order.
import type { Config } from '../config/schema.ts';
import { directionOf, runs, type StringKey, type Strings, siteStrings } from '../i18n/index.ts';

export { siteStrings };

/** A run of a sentence that is not plain text: a link, or text in an element of its own (`tag: 'strong'`). */
export interface Link {
  text: string;
  href?: string;
  rel?: string;
  tag?: 'strong' | 'em' | 'cite';
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** What the templates get: the table, a sentence filler that makes HTML, and the page's direction. */
export function templateStrings(config: Pick<Config, 'site' | 'strings'>) {
  const t = siteStrings(config);
  return { t, tl: sentences(t), dir: directionOf(config.site.language) };
}

/** `t[key]` as HTML: each `{name}` filled by text (escaped) or a link. */
export function sentences(t: Strings) {
  return (key: StringKey, vars: Record<string, string | number | Link>): string =>
    runs<Link>(t[key], vars)
      .map((r) =>
        typeof r === 'string'
          ? escapeHtml(r)
          : r.href !== undefined
            ? `<a href="${escapeHtml(r.href)}"${r.rel ? ` rel="${escapeHtml(r.rel)}"` : ''}>${escapeHtml(r.text)}</a>`
            : `<${r.tag ?? 'span'}>${escapeHtml(r.text)}</${r.tag ?? 'span'}>`,
      )
      .join('');
}
