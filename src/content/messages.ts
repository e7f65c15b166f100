// postbound's message catalogue for content problems. Each id is permanent: a
// writer who searches it (README, "Messages") finds what it means and what to do.
import type { Node, Position } from 'unist';
import type { VFile } from 'vfile';
import type { VFileMessage } from 'vfile-message';

export interface MessageRecord {
  title: string;
  hint: string;
  /** The severity `report` gives when its caller names none (default: error). */
  severity?: 'error' | 'warning';
}

export const contentMessages = {
  'config-missing': {
    title: 'No postbound.yaml',
    hint: 'Run `postbound init` to create a starter project, or pass the folder that holds postbound.yaml.',
  },
  'yaml-syntax': {
    title: 'YAML that does not parse',
    hint: 'Check indentation and quoting; values with a colon need quotes ("Step 1: begin").',
  },
  'toml-syntax': {
    title: 'TOML front matter that does not parse',
    hint: 'TOML needs `key = value`, strings in double quotes and arrays in brackets: tags = ["a", "b"].',
  },
  'json-syntax': {
    title: 'JSON front matter that does not parse',
    hint: 'JSON front matter is one object: keys and strings in double quotes, commas between entries and none after the last.',
  },
  'duplicate-key': {
    title: 'A key appears twice in front matter',
    hint: 'The last one wins, as in Jekyll and Hugo; delete the other so the post says what it means.',
  },
  'config-invalid': {
    title: 'A setting in postbound.yaml is wrong',
    hint: 'Fix the value as the message says; `postbound schema` prints every setting with its description.',
  },
  'front-matter-missing': {
    title: 'A post has no front matter',
    hint: 'Start the file with a block between two `---` lines holding at least `title:` and `date:`.',
  },
  'front-matter-invalid': {
    title: 'A front matter field is missing or wrong',
    hint: "Required: `title`, and `date` (YYYY-MM-DD) unless the file name starts with one. Other generators' names (excerpt, lastmod, pubDate…) are mapped by `content.generator`; add your own in `frontMatter.fields`.",
  },
  'unknown-field': {
    title: 'A front matter field that looks misspelt',
    hint: 'Fields postbound does not use are kept for templates, but this one is one letter or two away from a field it does use: correct the name, or map it in `frontMatter.fields` in postbound.yaml.',
  },
  'field-ignored': {
    title: "A field that the generator's preset maps, with a value postbound cannot use",
    hint: 'The field means something else to your theme (`excerpt: false`, `image: true`): nothing to do, or map the field that holds the value in `frontMatter.fields`.',
  },
  'post-skipped': {
    title: 'A file in a posts folder that is not a post',
    hint: 'Nothing to do if that is right. A post needs front matter (`---` lines, `+++` for TOML, or a JSON object) and a name that does not start with _ or .',
  },
  'duplicate-slug': {
    title: 'Two posts share a slug',
    hint: 'Rename one file or give one post a `slug:` of its own; the slug is its address on the site.',
  },
  'duplicate-part': {
    title: 'Two posts claim the same part of a series',
    hint: 'Give each post in a series its own `part:` number, or leave `part` out everywhere to order by date.',
  },
  'part-gap': {
    title: 'Part numbers of a series have a gap',
    hint: 'Renumber the parts 1, 2, 3…; postbound numbers them in order anyway.',
  },
  'missing-image': {
    title: 'An image points to a file that does not exist',
    hint: "Check the path: a relative path is relative to the post file (`../sketches/desk.png`); a path starting with / is looked up in the folders of `content.static` (Jekyll's project folder, Hugo's static/, Astro's public/).",
  },
  'image-outside-project': {
    title: 'An image path leaves the project folder',
    hint: 'Copy the image into the project (for example into content/sketches/) and link it from there.',
  },
  'remote-image': {
    title: 'A remote image',
    hint: 'Download the image into the project and link the local file; a build never fetches from the network. Set `build.allowRemoteImages: true` to keep the link as it is (it will not appear in the book).',
  },
  'unsupported-image': {
    title: 'An image postbound cannot read',
    hint: 'It is left out of the books and kept as a plain link on the site. postbound reads PNG, JPEG, GIF, WebP, AVIF and SVG, known by their bytes whatever the extension; convert anything else (HEIC, TIFF, BMP) to one of them, e.g. `magick photo.heic photo.jpg` (photos) or `magick scan.tif scan.png` (line art), and re-export a file that is damaged or cut short.',
    severity: 'warning',
  },
  'missing-alt': {
    title: 'An image has no alt text',
    hint: 'Describe the image in the brackets: `![a desk covered in notes](../sketches/desk.png)`. Readers who cannot see it, and the EPUB accessibility checks, need it.',
  },
  'spaced-destination': {
    title: 'An image or link path with a space in it',
    hint: 'Put the path in angle brackets, `![a desk](<../sketches/Desk Scan.jpg>)`, or write each space as %20; then CommonMark tools (Hugo, Eleventy, GitHub) read it too. Or rename the file without spaces.',
    severity: 'warning',
  },
  'missing-link-target': {
    title: 'A link to a post that does not exist',
    hint: 'Link other posts by their relative file path, e.g. `[next part](2025-02-01-no-ideas.md)`.',
  },
  'broken-link': {
    title: 'A link to a page or file that is not in the project',
    hint: 'Link posts by their file (`[next](2019-03-01-next.md)`) or their address on the blog (`/2019/03/01/next/`); put linked files (PDFs, images) in a static folder listed in `content.static`, or link their full https:// address.',
  },
  'link-to-draft': {
    title: 'A link to a draft post',
    hint: 'Publish the draft (remove `draft: true`) or remove the link; drafts are not built.',
  },
  'missing-fragment': {
    title: 'A link to a heading that does not exist',
    hint: 'The part after # must be the id of a heading in the target post: its text in lower case with hyphens.',
  },
  'template-syntax': {
    title: 'Template syntax that was not expanded',
    hint: "postbound expands the Liquid tags and Hugo shortcodes it knows (include, highlight, post_url, figure, youtube, ref…) when `content.generator` names the blog's generator. For any other tag, write `templates/shortcodes/NAME.eta` (an Eta template that gets `it.args`, `it.named`, `it.inner`, `it.page`, `it.site`) or remove the tag. Text meant literally goes in backticks, or in `{% raw %}…{% endraw %}` in a Jekyll post.",
  },
  'template-error': {
    title: 'A template tag that failed',
    hint: 'The tag was left as text and the rest of the post rendered. Fix what the message names (an `{% if %}` without `{% endif %}`, a stray `{{`, a filter postbound lacks); wrap text meant literally in `{% raw %}…{% endraw %}`.',
  },
  'missing-include': {
    title: 'An include that is not in the project',
    hint: "Jekyll themes keep their includes in the theme gem, which postbound does not read. Copy the file into `_includes/` (`bundle info --path THEME` shows where the gem is), or write `templates/shortcodes/NAME.eta` for `{% include NAME.html %}`: it gets the include's parameters as `it.named`.",
  },
  'mdx-syntax': {
    title: 'MDX that postbound does not run',
    hint: 'postbound reads MDX as markdown: `import` and `export` lines are removed and components (`<Chart />`) are left out. Write what a component showed as markdown, an image or plain HTML.',
  },
  'unsafe-html': {
    title: 'Raw HTML that was removed',
    hint: 'Scripts, event handlers and javascript: links do not belong in a post or a book; they were dropped.',
  },
  'unknown-series': {
    title: 'A book names a series that does not exist',
    hint: 'Use the slug of a series title (its title in lower case with hyphens), as listed in the message.',
  },
  'unknown-post': {
    title: 'A book names a post that does not exist',
    hint: "Use the post's slug: its file name without the date prefix and `.md`.",
  },
  'empty-book': {
    title: 'A book has no chapters',
    hint: 'Give the book a `series:` or a list of `posts:`.',
  },
  'missing-cover-image': {
    title: 'The cover image does not exist',
    hint: 'Check `cover.image` in postbound.yaml; it is relative to the project folder.',
  },
  'unknown-code-language': {
    title: 'A code block in a language the highlighter does not know',
    hint: 'The block is shown as plain text. Fix the name after the opening fence (```ts, ```python, ```sh…; the list is at https://shiki.style/languages), or write ```text for a block that is not code.',
    severity: 'warning',
  },
  'unknown-highlight-theme': {
    title: 'A highlight theme that Shiki does not ship',
    hint: 'Use a theme name from https://shiki.style/themes (e.g. github-light, github-dark, min-light), or `highlight: false` for no highlighting.',
  },
  'plugin-missing': {
    title: 'A markdown plugin that cannot be found',
    hint: 'Plugins are looked up in the project\'s own node_modules: install it there (`npm install --save-dev remark-math`) or fix the name; a plugin of your own is a path from the project folder that starts with ./ ("./plugins/callouts.mjs").',
  },
  'plugin-invalid': {
    title: 'A markdown plugin that is not a plugin',
    hint: 'A remark or rehype plugin is a module whose default export is a function `(options) => (tree, file) => …`. Check that the name is the plugin itself and not a helper package, and that a file of your own has `export default`.',
  },
  'plugin-failed': {
    title: 'A markdown plugin stopped with an error on this post',
    hint: "The post's text is what the plugin could not handle, or its options in postbound.yaml (markdown.remarkPlugins / markdown.rehypePlugins) are wrong: check the plugin's documentation, or remove it from the list to build without it.",
  },
  'too-deep': {
    title: 'A post nests too deeply to be read',
    hint: 'Thousands of nested quotes (`>`), list items or HTML elements are a mistake or an attack, never a post: remove the nesting from the line named (a converter gone wrong often writes it).',
  },
  'disk-full': {
    title: 'The disk is full',
    hint: 'Free some space on the disk that holds the project (a build needs room for a second dist/ while it writes the new one), or delete .cache/ (it is rebuilt), then build again. dist/ was left as it was.',
  },
  'read-only': {
    title: 'A folder postbound writes to is read-only',
    hint: 'postbound writes only dist/ and .cache/ in the project folder: make them writable (remount the disk read-write, or remove a read-only mount over them), then build again. dist/ was left as it was.',
  },
  'path-blocked': {
    title: 'A file stands where postbound needs a folder',
    hint: 'dist/ and .cache/ (and the folders in them) must be folders postbound can replace: move or delete the file the message names, then build again.',
  },
  'write-failed': {
    title: 'A file could not be written',
    hint: 'The message names the file and what the system said; fix that (space, permissions, a mount over dist/ or .cache/) and build again. dist/ was left as it was.',
  },
  'unknown-string': {
    title: 'An entry of `strings:` names no string postbound prints',
    hint: 'Use a name from the table (README, "Languages"), such as `contents` or `partLabel`; the message names the closest one. Under `strings:` at the top level the names sit below a language tag: `strings: { fr: { contents: "Sommaire" } }`.',
    severity: 'warning',
  },
  'string-placeholder': {
    title: 'A string in `strings:` has a {placeholder} postbound never fills',
    hint: 'Use the placeholders of the English string of that name (README, "Languages"), e.g. `partLabel: "Étape {n}"`; any other `{name}` is printed as written.',
    severity: 'warning',
  },
} satisfies Record<string, MessageRecord>;

export type ContentMessageId = keyof typeof contentMessages;

type Place = Position | Node | undefined;

/** Adds a positioned message with a stable id and its hint to `file`. */
export function report(
  file: VFile,
  id: ContentMessageId,
  reason: string,
  place: Place,
  severity: 'error' | 'warning' | 'info' = (contentMessages[id] as MessageRecord).severity ?? 'error',
): VFileMessage {
  const message = file.message(reason, { place: placeOf(place), ruleId: id, source: 'postbound' });
  message.fatal = severity === 'error' ? true : severity === 'warning' ? false : undefined;
  message.note = contentMessages[id].hint;
  message.url = `https://github.com/postbound/postbound#${id}`;
  return message;
}

function placeOf(place: Place): Position | undefined {
  if (!place) return undefined;
  if ('start' in place) return place as Position;
  return (place as Node).position;
}

export function hasErrors(files: VFile[]): boolean {
  return files.some((f) => f.messages.some((m) => m.fatal === true));
}
