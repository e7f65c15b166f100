// WordPress stores post_content before its display filters run: paragraphs are
// blank lines (the `wpautop` filter adds <p> and <br>), and shortcodes such as
// [caption] are expanded at display time. These two steps recreate what a
// reader saw, as HTML, before the common HTML-to-markdown path.

/** Elements after which wpautop starts no paragraph (after wp-includes/formatting.php's block list). */
const BLOCK =
  /^<\/?(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary|iframe|video|audio|object|script|!--)/i;

/** Turns blank-line paragraphs into <p>, single line breaks into <br>, leaving blocks and <pre> alone. */
export function autop(html: string): string {
  const kept: string[] = [];
  // <pre> keeps its blank lines: set aside before splitting.
  const text = html.replace(/\r\n?/g, '\n').replace(/<pre[\s>][\s\S]*?<\/pre>/gi, (m) => {
    kept.push(m);
    return `\uE000${kept.length - 1}\uE000`;
  });
  const chunks = text
    .split(/\n[ \t]*\n/)
    .map((c) => c.trim())
    .filter(Boolean);
  const out = chunks.map((chunk) => {
    if (/^\uE000\d+\uE000$/.test(chunk) || BLOCK.test(chunk)) return chunk;
    return `<p>${chunk.replace(/\n/g, '<br />\n')}</p>`;
  });
  return out.join('\n\n').replace(/\uE000(\d+)\uE000/g, (_, i: string) => kept[Number(i)]);
}

export interface Shortcode {
  name: string;
  text: string;
}

/** Attributes of a shortcode tag: name="value", name='value' or name=value. */
function shortcodeAttrs(text: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  const re = /([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s\]]+))/g;
  for (let m = re.exec(text); m; m = re.exec(text)) attrs[m[1].toLowerCase()] = m[2] ?? m[3] ?? m[4] ?? '';
  return attrs;
}

// `&` is left alone: captions hold HTML entities (&quot;, &#8217;) that the HTML parser decodes.
const escapeAttr = (s: string) => s.replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * [caption …]<img …> Caption[/caption] becomes a paragraph holding only the
 * image with the caption as its title, which postbound renders as a figure.
 * The caption text is the content after the image (or the older
 * `caption="…"` attribute), markup stripped.
 */
export function expandCaptions(html: string): string {
  return html.replace(
    /\[(caption|wp_caption)([^\]]*)\]([\s\S]*?)\[\/\1\]/gi,
    (_all, _name: string, rawAttrs: string, inner: string) => {
      const attrs = shortcodeAttrs(rawAttrs);
      const img = /<img\b[^>]*>/i.exec(inner);
      if (!img) return inner;
      const after = inner.slice(img.index + img[0].length).replace(/^\s*<\/a>/i, '');
      const caption = (attrs.caption ?? after)
        .replace(/<[^>]*>/g, '')
        .replace(/\s+/g, ' ')
        .trim();
      const link = /<a\b[^>]*>\s*$/i.exec(inner.slice(0, img.index));
      let tag = img[0].replace(/\s+title\s*=\s*("[^"]*"|'[^']*')/i, '');
      if (caption) tag = tag.replace(/^<img\b/i, `<img title="${escapeAttr(caption)}"`);
      // A [caption] wraps the image in a link to its full size: keep the link only when it goes elsewhere.
      const wrapped = link ? `${link[0]}${tag}</a>` : tag;
      return `\n\n<p>${wrapped}</p>\n\n`;
    },
  );
}

/** Shortcode names WordPress and common plugins register; other bracketed words are prose unless they have attributes or a closing tag. */
const KNOWN = new Set([
  'gallery',
  'embed',
  'audio',
  'video',
  'playlist',
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
