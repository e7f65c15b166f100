// Slugs: lower-case ASCII words joined by hyphens; non-Latin text keeps its
// letters (a title in Greek still gets a readable address) via Unicode classes.
export function slugify(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    // other scripts' marks are part of their letters (Arabic hamza, Devanagari vowel signs): kept, recomposed
    .replace(/[^\p{L}\p{N}\p{M}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .normalize('NFC');
  return slug || 'untitled';
}

/** The slug of a post file or bundle folder: its name without a `YYYY-MM-DD-` prefix and extension. */
export function slugFromFileName(name: string): string {
  return slugify(name.replace(/\.(md|markdown|mdown|mkdn|mkd|mdx|html?)$/i, '').replace(/^\d{4}-\d{2}-\d{2}[-_]/, ''));
}
