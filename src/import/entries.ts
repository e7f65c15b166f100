// One shape for a post, whatever the source: a WordPress export item, an RSS
// item or an Atom entry. Field meanings follow the formats' own references:
// WXR (WordPress export.php), RSS 2.0 (rssboard.org/rss-specification),
// Atom (RFC 4287 §4.1.2).
import { htmlText } from './html.ts';
import { attr, type FeedFormat, type ParsedFeed, xmlText } from './xml.ts';

export interface Term {
  /** `category`, `post_tag`, a custom taxonomy such as `series`; RSS/Atom: `category`. */
  domain: string;
  name: string;
}

export interface SourceEntry {
  /** Position in the file (0-based), to place messages. */
  index: number;
  /** WordPress post id, when known. */
  wpId?: string;
  /** post, page, attachment…; `post` for feeds. */
  type: string;
  title: string;
  /** The title as the source wrote it (HTML), when it differs from `title`. */
  titleHtml?: string;
  /** The original address of the post. */
  link?: string;
  /** Other addresses that identify it (guid, Atom id). */
  aliases: string[];
  /** The raw date text as found, and its parse. */
  dateText: string;
  date?: Date;
  /** WordPress post_name: the slug it had. */
  name?: string;
  status: string;
  /** HTML of the body. */
  html: string;
  /** True when the body is WordPress post_content (wpautop and shortcodes apply). */
  wordpress: boolean;
  /** HTML or text of the excerpt / description / summary. */
  excerpt?: string;
  terms: Term[];
  /** WXR attachments: their file URL. */
  attachmentUrl?: string;
  /** WXR: the post this one is attached to (attachments), `0` for none. */
  parent?: string;
  /** WXR post meta, in file order. */
  meta: { key: string; value: string }[];
  /** WXR: approved comments (not pingbacks), which postbound does not import. */
  comments?: number;
  /** WXR: the post was password-protected. */
  password?: boolean;
}

export interface SourceFeed {
  format: FeedFormat;
  title: string;
  /** Base address of the blog (WordPress base_site_url, the feed's link). */
  base?: string;
  entries: SourceEntry[];
}

const DRAFT_STATUSES = new Set(['draft', 'pending', 'private', 'future']);

/** Not published to everyone: a WordPress draft (pending, private, scheduled), or a password-protected post. */
export const isDraft = (entry: SourceEntry) => DRAFT_STATUSES.has(entry.status) || entry.password === true;

type Node = Record<string, unknown>;

const list = (value: unknown): Node[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]) as Node[];

function parseDate(text: string): Date | undefined {
  const t = text.trim();
  if (!t || t.startsWith('0000-00-00')) return undefined;
  // WordPress writes "YYYY-MM-DD HH:MM:SS" in UTC for post_date_gmt.
  const wp = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})$/.exec(t);
  const date = new Date(wp ? `${wp[1]}T${wp[2]}Z` : t);
  if (Number.isNaN(date.getTime())) return undefined;
  const year = date.getUTCFullYear();
  return year >= 1970 && year <= 9999 ? date : undefined;
}

export function readEntries(feed: ParsedFeed): SourceFeed {
  return feed.format === 'atom' ? readAtom(feed.root) : readRss(feed.root, feed.format);
}

function readRss(channel: Node, format: FeedFormat): SourceFeed {
  const wxr = format === 'wxr';
  // Atom's <atom:link> may sit beside RSS's <link> in a channel: the text one is the blog.
  const base =
    xmlText(channel['wp:base_blog_url']) ||
    list(channel.link)
      .map((l) => xmlText(l).trim())
      .find(Boolean) ||
    undefined;
  const entries = list(channel.item).map((item, index): SourceEntry => {
    const content = xmlText(item['content:encoded']);
    const description = xmlText(item.description);
    const dateGmt = xmlText(item['wp:post_date_gmt']);
    const dateLocal = xmlText(item['wp:post_date']);
    const pub = xmlText(item.pubDate);
    const candidates = wxr ? [dateGmt, dateLocal, pub] : [pub, xmlText(item['dc:date'])];
    const dateText = candidates.find((d) => d.trim() && !d.startsWith('0000')) ?? candidates.find((d) => d.trim()) ?? '';
    let date = parseDate(dateText);
    // post_date is local time without a zone: a fallback only.
    if (!date && wxr && dateLocal) date = parseDate(dateLocal);
    const guid = xmlText(item.guid).trim();
    return {
      index,
      wpId: xmlText(item['wp:post_id']).trim() || undefined,
      type: wxr ? xmlText(item['wp:post_type']).trim() || 'post' : 'post',
      // WordPress stores titles as HTML (`Media &amp; Text`, `<em>`); RSS titles are entity-escaped HTML in practice.
      title: htmlToPlain(xmlText(item.title)),
      titleHtml: xmlText(item.title).trim(),
      link: xmlText(list(item.link)[0]).trim() || (/^https?:/.test(guid) ? guid : undefined),
      aliases: guid ? [guid] : [],
      dateText,
      date,
      name: xmlText(item['wp:post_name']).trim() || undefined,
      status: wxr ? xmlText(item['wp:status']).trim() || 'publish' : 'publish',
      html: content || description,
      wordpress: wxr,
      excerpt: wxr ? xmlText(item['excerpt:encoded']) || undefined : content ? description || undefined : undefined,
      terms: list(item.category)
        .map((c) => ({ domain: attr(c, 'domain') ?? 'category', name: xmlText(c).trim() }))
        .filter((t) => t.name),
      attachmentUrl: xmlText(item['wp:attachment_url']).trim() || undefined,
      parent: xmlText(item['wp:post_parent']).trim() || undefined,
      comments: list(item['wp:comment']).filter(
        (c) =>
          xmlText(c['wp:comment_approved']).trim() === '1' &&
          !/^(?:pingback|trackback)$/.test(xmlText(c['wp:comment_type']).trim()),
      ).length,
      password: xmlText(item['wp:post_password']).trim() !== '',
      meta: list(item['wp:postmeta']).map((m) => ({
        key: xmlText(m['wp:meta_key']).trim(),
        value: xmlText(m['wp:meta_value']),
      })),
    };
  });
  return { format, title: xmlText(channel.title).trim(), base, entries };
}

/** Atom text constructs: text, html or xhtml (RFC 4287 §3.1). Returns HTML. */
function atomHtml(node: unknown): string {
  if (node === undefined) return '';
  const type = attr(node, 'type') ?? 'text';
  const raw = typeof node === 'object' ? (node as Node)['#text'] : node;
  if (type === 'xhtml') return String(raw ?? '');
  const text = xmlText(raw);
  if (type === 'html' || type === 'text/html') return text;
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  // Plain text keeps its blank-line paragraphs.
  return escaped
    .split(/\n[ \t]*\n/)
    .map((p) => `<p>${p.trim()}</p>`)
    .join('\n');
}

function readAtom(feed: Node): SourceFeed {
  const alternate = (links: Node[]) => {
    const hit = links.find((l) => (attr(l, 'rel') ?? 'alternate') === 'alternate' && !/xml|atom/.test(attr(l, 'type') ?? ''));
    return hit ? attr(hit, 'href') : undefined;
  };
  const entries = list(feed.entry).map((entry, index): SourceEntry => {
    const published = xmlText(entry.published).trim();
    const updated = xmlText(entry.updated).trim();
    const dateText = published || updated;
    const id = xmlText(entry.id).trim();
    return {
      index,
      type: 'post',
      title: htmlToPlain(atomHtml(entry.title)),
      link: alternate(list(entry.link)),
      aliases: id ? [id] : [],
      dateText,
      date: parseDate(published) ?? parseDate(updated),
      status: 'publish',
      html: atomHtml(entry.content),
      wordpress: false,
      excerpt: entry.summary === undefined ? undefined : atomHtml(entry.summary),
      meta: [],
      terms: list(entry.category)
        .map((c) => ({ domain: 'category', name: (attr(c, 'label') ?? attr(c, 'term') ?? '').trim() }))
        .filter((t) => t.name),
    };
  });
  return { format: 'atom', title: htmlToPlain(atomHtml(feed.title)), base: alternate(list(feed.link)), entries };
}

/** One-line fields (titles): the text of the HTML, entities decoded once, markup gone. */
export function htmlToPlain(html: string): string {
  return htmlText(html);
}
