import { toHtml } from 'hast-util-to-html';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../../src/markdown/pipeline.ts';

async function render(markdown: string) {
  const file = new VFile({ path: 'post.md', value: markdown });
  const result = await renderMarkdown(file);
  const warnings = file.messages.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.reason}`);
  return { ...result, html: toHtml(result.hast), warnings };
}

describe('image and link paths with spaces', () => {
  it('should read an image whose path has spaces as the image, warning where it is', async () => {
    const { html, images, warnings } = await render('Intro.\n\nSee ![the desk](../sketches/Print Shop Scan.jpg) here.');
    expect(html).toContain('<img src="../sketches/Print%20Shop%20Scan.jpg" alt="the desk">');
    expect(html).not.toContain('![');
    expect(images.map((i) => i.properties.src)).toEqual(['../sketches/Print%20Shop%20Scan.jpg']);
    expect(warnings).toEqual([
      '3:5 spaced-destination The image path `../sketches/Print Shop Scan.jpg` has a space, which CommonMark reads as text; postbound read it as an image',
    ]);
  });

  it('should read links with a title, several on a line, and keep the text around them', async () => {
    const { html, warnings } = await render('Get [the PDF](My Guide.pdf "Download") or [notes](Old Notes.md), then go.');
    expect(html).toContain(
      'Get <a href="My%20Guide.pdf" title="Download">the PDF</a> or <a href="Old%20Notes.md">notes</a>, then go.',
    );
    expect(warnings.map((w) => w.split(' ')[0])).toEqual(['1:5', '1:43']);
  });

  it('should give a kramdown attribute list after it to the image', async () => {
    const { html } = await render('![A map](old map.png){: .right}');
    expect(html).toContain('<img src="old%20map.png" alt="A map" class="right">');
  });

  it('should leave paths CommonMark reads, code and prose in brackets as they are, with no warning', async () => {
    const { html, warnings } = await render(
      '![ok](<with space.png>) and ![fine](plain.png)\n\n`![code](a b.png)`\n\nA list [1] (see the notes) here.',
    );
    expect(html).toContain('<img src="with%20space.png" alt="ok">');
    expect(html).toContain('<code>![code](a b.png)</code>');
    expect(html).toContain('A list [1] (see the notes) here.');
    expect(warnings).toEqual([]);
  });
});
