import type { Element } from 'hast';
import { selectAll } from 'hast-util-select';
import { toHtml } from 'hast-util-to-html';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { contrastRatio, readable } from '../../../src/markdown/highlight/contrast.ts';
import { BOOK_PAPER, highlighterFor, readableTheme } from '../../../src/markdown/highlight/shiki.ts';
import { dropColours, writeOutColours } from '../../../src/markdown/highlight/targets.ts';
import { renderMarkdown } from '../../../src/markdown/pipeline.ts';
import { DEFAULT_SETTINGS, type HighlightThemes, type MarkdownSettings } from '../../../src/markdown/settings.ts';
import { expand } from '../content/templates/context.ts';

async function render(markdown: string, settings: MarkdownSettings = DEFAULT_SETTINGS, path = 'post.md') {
  const file = new VFile({ path, value: markdown });
  const { hast } = await renderMarkdown(file, settings);
  return { hast, html: toHtml(hast), file, messages: file.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}`) };
}

const SAMPLE = [
  '```ts\n// a comment first\nimport { x } from "y";\nexport const n: number = 1 + x; /* c */\n```',
  '```python\n# comment\n@decorator\ndef f(a, *b):\n    return f"{a!r}" if a else None\n```',
  '```css\n.a::before { content: "x"; color: #fff !important; }\n```',
  '```yaml\nkey: [1, "two"] # note\n```',
  '```sh\nexport A=1 && echo "$A" | grep -v x # done\n```',
  '```html\n<!-- c --><a href="#x" class=y>t</a>\n```',
].join('\n\n');

/** Every `--shiki-NAME` colour on the tokens of `html`. */
function tokenColours(html: string, name: string): string[] {
  return [...new Set([...html.matchAll(new RegExp(`--shiki-${name}:(#[0-9a-fA-F]{3,8})`, 'g'))].map((m) => m[1]!))];
}

describe('code highlighting', () => {
  it('should colour tokens in the light, dark and book themes as CSS variables, with no script', async () => {
    const { hast, html } = await render('```js\nconst a = "b"; // c\n```');
    const pre = selectAll('pre', hast)[0] as Element;
    expect(pre.properties.className).toEqual(expect.arrayContaining(['shiki']));
    expect(pre.properties.dataLanguage).toBe('js');
    expect(html).toMatch(
      /<span style="--shiki-light:#[0-9A-Fa-f]{6};--shiki-dark:#[0-9A-Fa-f]{6};--shiki-book:#[0-9A-Fa-f]{6}">const<\/span>/,
    );
    expect(html).not.toContain('<script');
    expect(hast.children).toHaveLength(1);
  });

  it('should keep a line comment on the first line to that line (Shiki 4.6 gets the first text after loading wrong)', async () => {
    const { html } = await render('```typescript\n// first\nconst z = 2;\n```');
    const second = html.split('\n')[1]!;
    const comment = /--shiki-book:(#\w+)">\/\/ first/.exec(html)?.[1];
    expect(second).toMatch(/>const</);
    expect(second).not.toContain(`--shiki-book:${comment}">const`);
  });

  it('should give every token colour of the book theme 4.5:1 on white, so it reads in grey on e-ink', async () => {
    const { html } = await render(SAMPLE);
    const book = tokenColours(html, 'book');
    expect(book.length).toBeGreaterThanOrEqual(5);
    for (const c of book) expect(contrastRatio(c, BOOK_PAPER), c).toBeGreaterThanOrEqual(4.5);
    // and the site's: each scheme against its own background
    const bg = (name: string) => new RegExp(`--shiki-${name}-bg:(#[0-9a-fA-F]{3,6})`).exec(html)![1]!;
    for (const scheme of ['light', 'dark'])
      for (const c of tokenColours(html, scheme))
        expect(contrastRatio(c, bg(scheme)), `${scheme} ${c}`).toBeGreaterThanOrEqual(4.5);
  });

  it('should darken a pale theme for the books, and every colour of the theme itself, not only those a sample uses', async () => {
    // min-light's comments are #c2c3c5, about 1.8:1 on white
    expect(contrastRatio('#c2c3c5', '#ffffff')).toBeLessThan(2);
    const theme = await readableTheme('min-light', 'pale-book', BOOK_PAPER);
    const colours = (theme.tokenColors ?? []).map((r) => r.settings.foreground).filter((c): c is string => !!c);
    expect(colours.length).toBeGreaterThan(10);
    for (const c of colours) expect(contrastRatio(c, BOOK_PAPER), c).toBeGreaterThanOrEqual(4.5);
    // the hue is kept: only as much darker as it needs
    expect(contrastRatio(readable('#c2c3c5'), '#ffffff')).toBeLessThan(4.7);
    const themes: HighlightThemes = { light: 'min-light', dark: 'min-dark', book: 'min-light' };
    const { html } = await render(SAMPLE, { highlight: themes, plugins: [] });
    for (const c of tokenColours(html, 'book')) expect(contrastRatio(c, BOOK_PAPER), c).toBeGreaterThanOrEqual(4.5);
  });

  it('should show a block in an unknown language as plain text, with a warning at its fence', async () => {
    const { html, messages, file } = await render('Text.\n\n```klingon\nqapla\n```\n');
    expect(messages).toEqual(['3:1 unknown-code-language']);
    expect(file.messages[0]!.fatal).toBe(false);
    expect(html).toContain('<span class="line"><span>qapla</span></span>');
    // no language and `text` are plain text too, and not warned about
    expect((await render('```\nplain\n```\n\n```text\nalso\n```')).messages).toEqual([]);
  });

  it('should make one highlighter for a set of themes, and load only the grammars posts use', async () => {
    const themes: HighlightThemes = { light: 'github-light', dark: 'nord', book: 'github-light' };
    const first = highlighterFor(themes);
    expect(highlighterFor({ ...themes })).toBe(first);
    await render('```python\nx = 1\n```', { highlight: themes, plugins: [] });
    const loaded = (await first).getLoadedLanguages();
    expect(loaded).toContain('python');
    expect(loaded).not.toContain('ruby');
    expect(loaded).not.toContain('rust');
    await render('```rb\nputs 1\n```', { highlight: themes, plugins: [] });
    expect((await first).getLoadedLanguages()).toContain('ruby');
  });

  it('should leave code as written with highlight: false', async () => {
    const { html } = await render('```js\nlet a;\n```', { highlight: false, plugins: [] });
    expect(html).toBe('<pre><code class="language-js">let a;\n</code></pre>');
  });

  it("should give Jekyll's {% highlight %} and Hugo's {{< highlight >}} the same highlighted code as a fence", async () => {
    const code = 'def greet(name)\n  puts "hi #{name}"\nend';
    const jekyll = await expand('jekyll', `{% highlight ruby linenos %}\n${code}\n{% endhighlight %}`);
    const hugo = await expand('hugo', `{{< highlight ruby "linenos=table" >}}\n${code}\n{{< /highlight >}}`, {
      path: 'content/posts/p.md',
    });
    const fence = (await render(`\`\`\`ruby\n${code}\n\`\`\``)).html;
    expect(fence).toContain('--shiki-book');
    expect((await render(jekyll.text)).html).toBe(fence);
    expect((await render(hugo.text)).html).toBe(fence);
  });

  it('should write the book colours out for e-readers, and drop them for Kindles', async () => {
    const { hast } = await render('```js\nconst a = 1;\n```');
    const book = structuredClone(hast);
    writeOutColours(book);
    const html = toHtml(book);
    expect(html).not.toContain('--shiki');
    expect(html).toMatch(/<pre [^>]*class="shiki[^"]*"[^>]*><code/);
    expect(html).not.toMatch(/<pre[^>]*style/);
    expect(html).toMatch(/<span style="color:#[0-9A-Fa-f]{6}">const<\/span>/);
    const kindle = structuredClone(hast);
    dropColours(kindle);
    expect(toHtml(kindle)).not.toContain('style=');
    expect(toHtml(kindle)).toContain('const');
  });
});
