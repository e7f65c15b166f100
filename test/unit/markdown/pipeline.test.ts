import { toHtml } from 'hast-util-to-html';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../../src/markdown/pipeline.ts';

async function render(markdown: string) {
  const file = new VFile({ path: 'post.md', value: markdown });
  const result = await renderMarkdown(file);
  return { ...result, html: toHtml(result.hast), file };
}

describe('markdown pipeline', () => {
  it('should support GFM tables, task lists, strikethrough and footnotes', async () => {
    const { html } = await render(
      '| a | b |\n|:--|--:|\n| 1 | 2 |\n\n- [x] done\n- [ ] todo\n\n~~old~~ text[^n]\n\n[^n]: The note.',
    );
    expect(html).toContain('<table>');
    expect(html).toContain('<th align="right">b</th>');
    expect(html).toMatch(/<input type="checkbox" checked disabled>/);
    expect(html).toContain('<del>old</del>');
    expect(html).toContain('id="fn-n"');
    expect(html).toContain('href="#fn-n"');
  });

  it('should turn quotes, dashes and ellipses into typographic ones', async () => {
    expect((await render('"Yes" -- it\'s... done')).html).toContain('“Yes” — it’s… done');
  });

  it('should give headings ids and list them, but not the hidden footnote heading', async () => {
    const { headings } = await render('## A heading\n\n### Below it\n\nText[^1]\n\n[^1]: n');
    expect(headings).toEqual([
      { depth: 2, id: 'a-heading', text: 'A heading' },
      { depth: 3, id: 'below-it', text: 'Below it' },
    ]);
  });

  it('should make an image alone in its paragraph a figure with its title as caption', async () => {
    const { html } = await render('![a desk](../sketches/desk.png "My desk")\n\nAn inline ![icon](i.png) image.');
    expect(html).toContain('<figure><img src="../sketches/desk.png" alt="a desk"><figcaption>My desk</figcaption></figure>');
    expect(html).toContain('<p>An inline <img src="i.png" alt="icon"> image.</p>');
  });

  it('should keep safe raw HTML and drop scripts, handlers and javascript: links with a warning each', async () => {
    const { html, file } = await render(
      'Press <kbd>Ctrl</kbd> <mark>now</mark>.\n\n<script>alert(1)</script>\n\n<a href="javascript:evil()" onclick="x()">bad</a>',
    );
    expect(html).toContain('<kbd>Ctrl</kbd>');
    expect(html).toContain('<mark>now</mark>');
    expect(html).not.toContain('script');
    expect(html).not.toContain('javascript:');
    expect(html).not.toContain('onclick');
    const ids = file.messages.map((m) => m.ruleId);
    expect(ids.filter((id) => id === 'unsafe-html')).toHaveLength(3);
    expect(file.messages.every((m) => m.line !== undefined)).toBe(true);
  });

  it('should collect links and images with their positions', async () => {
    const { links, images } = await render('See [x](other.md#part).\n\n![a](b.png)');
    expect(links.map((l) => l.properties.href)).toEqual(['other.md#part']);
    expect(images[0].position?.start.line).toBe(3);
  });
});
