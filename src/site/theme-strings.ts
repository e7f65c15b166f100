// Every user-visible string the site theme added (search, colour scheme,
// pagination, reading time, series box, the books page), in English, passed to
// the templates as `it.t`. One object so it can move into the language table.
export const themeStrings = {
  search: 'Search',
  searchLabel: 'Search the posts',
  searchPlaceholder: 'A word from a post',
  searchNoScript: 'Search the archive',
  /** {n}: how many posts matched */
  searchResults: '{n} posts found',
  searchOne: '1 post found',
  searchNone: 'No post matches',
  scheme: 'Colour scheme',
  schemeLight: 'Light',
  schemeDark: 'Dark',
  schemeAuto: 'As the device',
  /** {n}: minutes */
  readingTime: '{n} min read',
  seriesBox: 'In this series',
  currentPart: '(this post)',
  pagination: 'Pages',
  newer: 'Newer posts',
  older: 'Older posts',
  /** {n} of {m} */
  pageOf: 'Page {n} of {m}',
  allBooks: 'All books',
  booksTitle: 'Books',
  booksLede: 'Every book made from this blog, free to download.',
  bookGet: 'Download',
};

export type ThemeStrings = typeof themeStrings;

/** Fills `{name}` placeholders. */
export function fill(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (all, name: string) => (name in values ? String(values[name]) : all));
}
