import { describe, expect, it } from 'vitest';
import { Ledger } from '../../../src/import/ledger.ts';
import { expandShortcodes } from '../../../src/import/shortcodes.ts';
import { autop, findShortcodes } from '../../../src/import/wordpress.ts';

const expandCaptions = (html: string) =>
  expandShortcodes(html, { post: 'p', attachments: new Map(), ledger: new Ledger(), autoEmbed: false });

describe('wpautop', () => {
  it('should make paragraphs of blank-line blocks and <br> of single breaks', () => {
    expect(autop('One\ntwo\n\nThree')).toBe('<p>One<br />\ntwo</p>\n\n<p>Three</p>');
  });

  it('should leave block elements and <pre> (with its blank lines) alone', () => {
    const html = '<h2>Title</h2>\n\n<pre>a\n\nb</pre>\n\ntext';
    expect(autop(html)).toBe('<h2>Title</h2>\n\n<pre>a\n\nb</pre>\n\n<p>text</p>');
  });
});

describe('[caption]', () => {
  it('should turn a caption shortcode into a lone image titled with the caption', () => {
    const out = expandCaptions(
      '[caption id="attachment_1" align="alignnone" width="300"]<img src="a.jpg" alt="A" width="300" /> The <em>caption</em>[/caption]',
    );
    expect(out.trim()).toBe('<p><img title="The caption" src="a.jpg" alt="A" width="300" /></p>');
  });

  it('should read the older caption="…" attribute and escape quotes', () => {
    const out = expandCaptions(
      '[caption caption="Say &quot;hi&quot; & go"]<a href="big.jpg"><img src="a.jpg" alt="" /></a>[/caption]',
    );
    expect(out).toContain('<a href="big.jpg"><img title="Say &quot;hi&quot; & go" src="a.jpg" alt="" /></a>');
  });
});

describe('unknown shortcodes', () => {
  it('should find shortcodes with attributes, closing tags or known names, not bracketed prose', () => {
    const found = findShortcodes('[gallery ids="1,2"] and [sic] and [embed]https://x[/embed] and [[gallery]] and [audio]');
    expect(found.map((s) => s.text)).toEqual(['[gallery ids="1,2"]', '[embed]', '[audio]']);
  });
});
