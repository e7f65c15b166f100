// WordPress stores post_content before its display filters run. A classic-editor
// post has no <p>: paragraphs are blank lines that the `wpautop` filter turns
// into <p> and <br> when the page is shown (wp-includes/formatting.php). A
// block-editor post holds finished HTML between block comments, and WordPress
// skips wpautop for it. These functions recreate what a reader saw, as HTML,
// before the common HTML-to-markdown path.

/** Elements around which wpautop starts and ends paragraphs (after formatting.php's block list). */
const BLOCKS =
  'table|thead|tfoot|tbody|caption|col|colgroup|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary|iframe|video|audio|source|track|object|embed';
const OPEN_OR_CLOSE = new RegExp(`<(/?)(${BLOCKS})(?=[\\s/>])[^>]*>`, 'gi');
const LEADING = new RegExp(`^(?:\\s*(?:<\\/?(?:${BLOCKS})(?=[\\s/>])[^>]*>|\\uE000\\d+\\uE000))+`, 'i');
const TRAILING = new RegExp(`(?:(?:<\\/?(?:${BLOCKS})(?=[\\s/>])[^>]*>|\\uE000\\d+\\uE000)\\s*)+$`, 'i');
/** Blocks whose content is inline text: wpautop puts no <p> inside them. */
const PHRASING = /^<(li|dt|dd|td|th|caption|figcaption|summary|legend|p|h[1-6]|address|pre)\b/i;

/** True when the content was written in the block editor: WordPress then skips wpautop. */
export function hasBlocks(html: string): boolean {
  return /<!--\s+wp:[a-z]/.test(html);
}

/**
 * wpautop: blank lines make paragraphs, single line breaks make <br>, and
 * block elements (lists, tables, headings) start and end paragraphs wherever
 * they stand, so a tab-indented `<ul>\n\t<li>` stays a list. <pre>, scripts,
 * styles and comments are set aside untouched.
 */
export function autop(html: string): string {
  const kept: string[] = [];
  const keep = (m: string) => {
    kept.push(m);
    return `\n\n\uE000${kept.length - 1}\uE000\n\n`;
  };
  let text = html
    .replace(/\r\n?/g, '\n')
    .replace(/<(pre|script|style)[\s>][\s\S]*?<\/\1>|<!--[\s\S]*?-->/gi, keep)
    .replace(OPEN_OR_CLOSE, (tag: string, close: string) => (close ? `${tag}\n\n` : `\n\n${tag}`));
  text = text
    .split(/\n[ \t]*(?:\n[ \t]*)+/)
    .map((chunk) => paragraph(chunk.trim()))
    .filter(Boolean)
    .join('\n\n');
  return text.replace(/\uE000(\d+)\uE000/g, (_, i: string) => kept[Number(i)]);
}

function paragraph(chunk: string): string {
  if (!chunk) return '';
  const lead = LEADING.exec(chunk)?.[0] ?? '';
  const rest = chunk.slice(lead.length);
  const trail = TRAILING.exec(rest)?.[0] ?? '';
  const middle = rest.slice(0, rest.length - trail.length).trim();
  if (!middle) return chunk;
  const lines = middle.replace(/\s*\n\s*/g, '<br />\n');
  const opens = lead.match(/<[a-z][^>]*>/gi) ?? [];
  const inside = opens.at(-1);
  const wrap = !(inside && PHRASING.test(inside));
  return `${lead.trim()}${wrap ? `<p>${lines}</p>` : lines}${trail.trim()}`;
}

export interface BlockUse {
  /** `paragraph`, `image`, `jetpack/slideshow`… (the `core/` of core blocks is implicit). */
  name: string;
  /** Attributes of the block comment, when they are JSON. */
  attrs: Record<string, unknown>;
}

/** Every block comment that opens a block (`<!-- wp:name {…} -->` or `<!-- wp:name /-->`), in order. */
export function blockUses(html: string): BlockUse[] {
  const out: BlockUse[] = [];
  const re = /<!--\s+wp:([a-z][a-z0-9_-]*(?:\/[a-z][a-z0-9_-]*)?)\s*(\{[\s\S]*?\})?\s*\/?-->/g;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    let attrs: Record<string, unknown> = {};
    try {
      attrs = m[2] ? (JSON.parse(m[2]) as Record<string, unknown>) : {};
    } catch {
      attrs = {};
    }
    out.push({ name: m[1].replace(/^core\//, ''), attrs });
  }
  return out;
}

export interface Shortcode {
  name: string;
  text: string;
}

/** Shortcode names WordPress and common plugins register; other bracketed words are prose unless they have attributes or a closing tag. */
const KNOWN = new Set([
  'gallery',
  'embed',
  'audio',
  'video',
  'playlist',
  'caption',
  'wp_caption',
  'youtube',
  'vimeo',
  'code',
  'sourcecode',
  'soundcloud',
  'tweet',
  'contact-form',
  'contact-form-7',
  'latex',
  'googlemaps',
  'slideshow',
]);

/** Shortcodes left in the text after the ones postbound understands were expanded. */
export function findShortcodes(html: string): Shortcode[] {
  const found: Shortcode[] = [];
  const re = /\[(\/?)([a-z][a-z0-9_-]*)((?:\s[^\]\n]*)?)\]/gi;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    if (m[1]) continue;
    if (html[m.index - 1] === '[') continue; // [[name]] is WordPress's escape for a literal
    const name = m[2].toLowerCase();
    const hasClose = html.toLowerCase().includes(`[/${name}]`);
    if (KNOWN.has(name) || hasClose || m[3].includes('=')) found.push({ name, text: m[0] });
  }
  return found;
}
