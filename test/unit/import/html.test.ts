import { describe, expect, it } from 'vitest';
import { clean, htmlText, imageSources, parseHtml, rewrite, tidy, treeToMarkdown } from '../../../src/import/html.ts';

async function convert(html: string, images: Record<string, string> = {}, links: Record<string, string> = {}) {
  const tree = parseHtml(html);
  const removed = clean(tree);
  tidy(tree);
  const sources = imageSources(tree);
  rewrite(tree, { image: (src) => images[src], link: (href) => links[href] });
  return { markdown: await treeToMarkdown(tree), removed, sources };
}

describe('HTML to markdown', () => {
  it('should write clean markdown: headings, emphasis, lists, code, tables', async () => {
    const { markdown } = await convert(
      '<h2>Hi</h2><p>A <em>b</em> <strong>c</strong> <code>d</code></p><ul><li>x</li><li>y</li></ul><table><tr><th>a</th></tr><tr><td>1</td></tr></table>',
    );
    expect(markdown).toBe('## Hi\n\nA *b* **c** `d`\n\n- x\n- y\n\n| a |\n| - |\n| 1 |\n');
  });

  it('should count and remove scripts, event handlers and javascript: links', async () => {
    const { markdown, removed } = await convert(
      '<p onclick="x()">Hi<script>evil()</script></p><p><a href=" javascript:alert(1)">prize</a> <a href="data:text/html,x">d</a></p>',
    );
    expect(removed).toEqual({ scripts: 1, handlers: 1, unsafeLinks: 2, embeds: 0 });
    expect(markdown).toBe('Hi\n\nprize d\n');
    expect(markdown).not.toMatch(/script|javascript|onclick|data:/i);
  });

  it('should make a figure with a caption into an image titled with the caption', async () => {
    const { markdown } = await convert(
      '<figure><a href="big.jpg"><img src="a.jpg" alt="Alt"></a><figcaption>The <b>cap</b></figcaption></figure>',
      { 'a.jpg': '../images/a.jpg' },
    );
    expect(markdown).toBe('![Alt](../images/a.jpg "The cap")\n');
  });

  it('should link an image that could not be imported to where it was', async () => {
    const { markdown, sources } = await convert('<p><img src="https://x.test/a.png" alt="A box"></p>');
    expect(sources).toEqual(['https://x.test/a.png']);
    expect(markdown).toBe('[Image: A box](https://x.test/a.png)\n');
  });

  it('should replace an iframe by a link to what it showed', async () => {
    const { markdown, removed } = await convert('<iframe src="https://video.test/1"></iframe>');
    expect(removed.embeds).toBe(1);
    expect(markdown).toBe('<https://video.test/1>\n');
  });

  it('should rewrite links through the hook, keeping the others', async () => {
    const { markdown } = await convert(
      '<p><a href="https://b.test/one/">one</a> <a href="https://x.test/">x</a></p>',
      {},
      { 'https://b.test/one/': '2024-01-01-one.md' },
    );
    expect(markdown).toBe('[one](2024-01-01-one.md) [x](https://x.test/)\n');
  });

  it('should give the plain text of a fragment', () => {
    expect(htmlText('<p>One <b>two</b></p><p>three<script>x</script></p>')).toBe('One two three');
  });

  it('should write link addresses without escaping an & that cannot start an entity, and bare addresses as links', async () => {
    const { markdown } = await convert(
      '<p><a href="https://x.test/p_q?a=1&amp;b=2">one</a>, https://x.test/?c=1&amp;d=2 and <a href="https://x.test/?e=&amp;copy;">two</a></p>',
    );
    expect(markdown).toBe('[one](https://x.test/p_q?a=1&b=2), <https://x.test/?c=1&d=2> and [two](https://x.test/?e=\\&copy;)\n');
  });

  it('should move spaces out of emphasis instead of writing entities', async () => {
    const { markdown } = await convert('<p><em>Left, </em>then <em>Right,&nbsp;</em>and <strong> Center</strong></p>');
    expect(markdown).toBe('*Left,* then *Right,* and **Center**\n');
  });
});
