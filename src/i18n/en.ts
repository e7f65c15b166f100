// The English table: every word the site, the books, the summary, the downloads
// page and the release bundle print, by name. `{name}` is filled in where it is
// used; in a sentence with a link, the link's text stands where its name is.
// Every other language's table (./languages.ts) has the same keys.

export const en = {
  // --- books: chapter labels (also the site's series navigation) ---
  /** A chapter of a series; "{n}" is its part number. */
  partLabel: 'Part {n}',
  /** A chapter of a book that is not a series. */
  chapterLabel: 'Chapter {n}',
  /** Between a label and the title: "Part 3: Title". */
  labelSeparator: ': ',

  // --- books: contents, landmarks, cover ---
  contents: 'Contents',
  landmarks: 'Landmarks',
  cover: 'Cover',
  startOfContent: 'Start of content',
  titlePage: 'Title page',
  /** Alt text of the cover, EPUB (title with subtitle) and PDF. */
  coverAlt: 'Cover of {title} by {author}',

  // --- books: copyright page ---
  copyright: 'Copyright',
  cc0Waiver: 'To the extent possible under law, {author} has waived all copyright and related or neighbouring rights to {title}.',
  cc0Dedication: 'Public domain dedication: {license} ({id}).',
  allRightsReserved: '© {year} {author}. All rights reserved.',
  copyrightLine: '© {year} {author}',
  licenceNamed: 'Licence: {name}.',
  /** For a licence whose name ends in "License" (the MIT License). */
  publishedUnderLicense: 'This book is published under the {license} ({id}).',
  /** For other licence names (Creative Commons Attribution 4.0 International). */
  publishedUnder: 'This book is published under the {license} licence ({id}).',
  licenceText: 'The licence text: {url}',
  attribution: 'To share or adapt this book, credit it as: “{title}” by {author}, licensed under {license}.',
  pwyw: 'If this book was useful to you, you can pay what you want for it at {url}.',
  publishedBy: 'Published by {publisher}.',
  identifier: 'Identifier: {id}',
  edition: 'Edition of {date}.',
  /** The PDF's colophon; the typefaces are joined as the language lists things. */
  setIn: 'Set in {fonts}.',

  // --- the one-page summary (picture, and its text in the books) ---
  summaryTitle: 'The book on one page',
  summaryAlt:
    'The one-page summary of {title}: a card for each chapter with its problem and answer. The same content follows as text.',
  summaryPageHead: '{title}, page {page} of {pages}',
  summaryPageCard:
    '{head}: the card of chapter {n}, "{first}", each with its problem and answer. The same content follows as text.',
  summaryPageCards:
    '{head}: the cards of chapters {from} to {to}, "{first}" to "{last}", each with its problem and answer. The same content follows as text.',
  summaryImageAlt: 'One-page summary of {title}',
  pageOf: 'page {page} of {pages}',
  problem: 'Problem',
  answer: 'Answer',
  inShort: 'In short',
  summaryOnOnePage: 'the whole book on one page',
  summaryOnPages: 'the whole book on {pages} pages',
  continued: '(continued)',
  chaptersOnOnePage: '{n} chapters on one page',
  chaptersOnPages: '{n} chapters on {pages} pages',

  // --- EPUB accessibility summary (package document) ---
  a11yStructure:
    'The book has a table of contents, a heading for every chapter and section, and one reading order from cover to end.',
  a11yRestyle: 'Its text can be resized and restyled: the stylesheet sets no fixed font sizes or colours.',
  a11yAllAlt: 'Every image has a text description.',
  a11ySomeAlt: '{missing} of its {images} images have no text description, so some content is visual only.',
  a11ySummaryText: 'The one-page summary picture is followed by the same content as text.',
  a11yNoHazards: 'There are no flashing, sound or motion hazards.',

  /** The heading over a post's footnotes, and each note's link back to where it is called. */
  footnotes: 'Notes',
  footnoteBack: 'Back to reference {n}',
  // --- the site ---
  /** Between the items of a short list: a post's tags, its authors. */
  listSeparator: ', ',
  skipToContent: 'Skip to the content',
  siteNav: 'Site',
  archive: 'Archive',
  tags: 'Tags',
  books: 'Books',
  feed: 'Feed',
  subscribe: 'Subscribe to the feed',
  bookPromo: '{book} is a free e-book: PDF, EPUB and Kindle. {getIt}.',
  getIt: 'Get it',
  allPosts: 'All posts in the archive',
  postPart: 'part {n}',
  byAuthors: 'By {authors}',
  seriesNote: 'This post is part {part} of {total} in the series {series}.',
  seriesNav: 'Series',
  seriesPosition: 'Part {part} of {total} in {series}',
  seriesBook: 'This series is also a free e-book: {book}.',
  seriesParts: 'A series in {n} parts.',
  taggedWith: 'Posts tagged “{tag}”',
  notFound: 'Page not found',
  notFoundText: 'Nothing lives at this address. Try the {home} or the {archive}.',
  homePage: 'home page',
  archiveLink: 'archive',
  moved: 'This post has moved to {post}.',

  // --- the downloads page ---
  byAuthor: 'by {author}',
  theCoverOf: 'The cover of {title}',
  download: 'Download',
  formatPdf: 'PDF, for reading on a computer or tablet, and for printing',
  formatEpub: 'EPUB, for Apple Books, Kobo, Google Play Books and most e-readers',
  formatMobi: 'MOBI, for older Kindles',
  formatAzw3: 'AZW3, for newer Kindles',
  formatZip: 'Everything in one zip',
  summaryHeading: 'The whole book on one page',
  summaryPictureAlt: "One-page summary of {title}: every chapter's problem and answer",
  summaryPicturePageAlt: "One-page summary of {title}, page {page} of {pages}: every chapter's problem and answer",
  readOnBlog: 'Read it on the blog: {series}.',

  // --- the release bundle: README.txt ---
  readmeWhich: 'Which file should I open?',
  readmeEpub:
    'EPUB 3: Kobo, PocketBook, Tolino, Apple Books, Google Play Books, and most reading apps. Also accepted by "Send to Kindle".',
  readmeAzw3: 'AZW3 (KF8): Kindle devices and apps from the last ten years; copy it to the "documents" folder over USB.',
  readmeMobi: 'MOBI: older Kindles (before 2012) that cannot open AZW3.',
  readmePdf: 'PDF: print it, or read it on a computer or a large tablet; the pages keep their layout.',
  readmeSummaryPdf: 'The whole book on one page, for printing.',
  readmeSummaryPng: 'The whole book on one page, as a picture for screens.',
  readmeCover: 'The cover, 1600×2560.',
  readmeLicense: 'What you may do with this book, and how to credit it.',
  readmePwyw: 'This book is pay what you want. If it helped you, you can pay for it here, any amount:',
  readmeVersion: 'Version of {date}. {id}',

  // --- the site's theme: search, colour scheme, pagination, reading time, series box, books page ---
  search: 'Search',
  searchLabel: 'Search the posts',
  searchPlaceholder: 'A word from a post',
  searchNoScript: 'Search the archive',
  /** {n}: how many posts matched. */
  searchResults: '{n} posts found',
  searchOne: '1 post found',
  searchNone: 'No post matches',
  scheme: 'Colour scheme',
  schemeLight: 'Light',
  schemeDark: 'Dark',
  schemeAuto: 'As the device',
  /** {n}: minutes. */
  readingTime: '{n} min read',
  seriesBox: 'In this series',
  currentPart: '(this post)',
  pagination: 'Pages',
  newer: 'Newer posts',
  older: 'Older posts',
  /** A page of the home or a tag page: {n} of {m}. */
  pageNofM: 'Page {n} of {m}',
  allBooks: 'All books',
  booksTitle: 'Books',
  booksLede: 'Every book made from this blog, free to download.',
  bookGet: 'Download',
};

/** The names of the strings, for overrides and their checks. */
export type StringKey = keyof typeof en;
/** One language's strings. */
export type Strings = Record<StringKey, string>;
