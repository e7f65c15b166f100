import { toHtml } from 'hast-util-to-html';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../../src/markdown/pipeline.ts';
import { parseAttributes } from '../../../src/markdown/plugins/kramdown-attributes.ts';

async function render(markdown: string) {
  const result = await renderMarkdown(new VFile({ path: 'post.md', value: markdown }));
  return { ...result, html: toHtml(result.hast) };
}

describe('kramdown attribute lists', () => {
  it('should set the class, id and title of the paragraph a list follows, and drop other attributes', async () => {
    const { html } = await render('A note.\n{: .note #first data-x="y" title="Read me"}\n\nNext.');
    expect(html).toContain('<p class="note" id="first" title="Read me">A note.</p>');
    expect(html).not.toContain('data-x');
    expect(html).not.toContain('{:');
  });

  it('should set the block before a list on a line of its own, or after it at the top', async () => {
    const { html } = await render('{: .lead}\nFirst words.\n\nSecond.\n\n{:.after}');
    expect(html).toContain('<p class="lead">First words.</p>');
    expect(html).toContain('<p class="after">Second.</p>');
    expect(html).not.toContain('{:');
  });

  it('should give a heading the id of {#id} or {: #id .class}, which the slugger keeps', async () => {
    const { html, headings } = await render('## Getting started {#start}\n\n### Next steps {: #next .no_toc}\n\n## Plain');
    expect(html).toContain('<h2 id="start">Getting started</h2>');
    expect(html).toContain('<h3 class="no_toc" id="next">Next steps</h3>');
    expect(html).toContain('<h2 id="plain">Plain</h2>');
    expect(headings.map((h) => h.id)).toEqual(['start', 'next', 'plain']);
  });

  it('should apply a span list to the image or link before it', async () => {
    const { html } = await render(
      '![A map](map.png){: .right}\n\nOpen [the site](https://example.org){:target="_blank" .ext} now.',
    );
    expect(html).toContain('<img src="map.png" alt="A map" class="right">');
    expect(html).toContain('<a href="https://example.org" class="ext">the site</a> now.');
    expect(html).not.toContain('{:');
    expect(html).not.toContain('target');
  });

  it('should keep the class of an image paragraph on its figure', async () => {
    const { html } = await render('![A map](map.png)\n{: .center}');
    expect(html).toContain('<figure class="center"><img src="map.png" alt="A map"></figure>');
  });

  it('should set lists, quotes, tables and code blocks', async () => {
    const { html } = await render(
      '- a\n- b\n{: .steps}\n\n> Said\n{: .pull}\n\n| a |\n|---|\n| 1 |\n{: .wide}\n\n```\nputs 1\n```\n{: .language-ruby}',
    );
    expect(html).toContain('<ul class="steps">');
    expect(html).toContain('<blockquote class="pull">');
    expect(html).toContain('<table class="wide">');
    // the class names the language, so the block is highlighted as Ruby
    expect(html).toMatch(/<code class="language-ruby"><span class="line"><span style="[^"]+">puts<\/span>/);
    expect(html).not.toContain('{:');
  });

  it('should drop {:toc} with its * TOC list, and the options and comment extensions', async () => {
    const { html } = await render(
      '* TOC\n{:toc}\n\n{::options parse_block_html="true" /}\n\nShown.\n\n{::comment}\nHidden.\n\nAlso hidden.\n{:/comment}\n\nSeen {::comment}not this{:/comment}too.',
    );
    expect(html).toBe('<p>Shown.</p>\n<p>Seen too.</p>');
  });

  it('should resolve a reference to an attribute list definition', async () => {
    const { html } = await render('{:warn: .warning #w}\n\nCareful.\n{: warn}');
    expect(html).toBe('<p class="warning" id="w">Careful.</p>');
  });

  it('should leave braces that are not an attribute list as text', async () => {
    const { html } = await render('In Ruby, {:a => 1} is a hash.\n\n`{: .x}` in code stays.');
    expect(html).toContain('In Ruby, {:a => 1} is a hash.');
    expect(html).toContain('<code>{: .x}</code>');
  });

  it('should read classes, ids, quoted values and references', async () => {
    expect(parseAttributes(' .a .b #c title="x y" class=\'d e\' toc')).toEqual({
      classes: ['a', 'b', 'd', 'e'],
      id: 'c',
      title: 'x y',
      toc: true,
    });
    expect(parseAttributes('a => 1')).toBeUndefined();
  });
});
