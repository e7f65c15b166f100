import { describe, expect, it } from 'vitest';
import { anchorMark, linkMark, toMobiml } from '../../../src/mobi/mobiml.ts';
import { hastOf } from './fixture.ts';

const images = (el: { properties?: Record<string, unknown> }) =>
  el.properties?.src === 'pic' ? { recindex: 3, width: 10, height: 20 } : null;

describe('MobiML', () => {
  it('should map emphasis, code, lists and quotes to the MOBI 6 subset', async () => {
    const html = toMobiml(await hastOf('A *b* **c** `d` ~~e~~\n\n- x\n- y\n\n> q'), { chapterId: 'c' });
    expect(html).toBe(
      '<p>A <i>b</i> <b>c</b> <tt>d</tt> <strike>e</strike></p> <ul> <li>x</li> <li>y</li> </ul> <blockquote> <p>q</p> </blockquote>',
    );
  });

  it('should keep preformatted text with NBSPs and line breaks', async () => {
    const html = toMobiml(await hastOf('```\na <b>\n  c\n```'), { chapterId: 'c' });
    expect(html).toBe('<blockquote><tt><tt>a&#160;&lt;b&gt;<br/>&#160;&#160;c<br/></tt></tt></blockquote>');
  });

  it('should give images a recindex and drop unknown ones to their alt text', async () => {
    const html = toMobiml(await hastOf('![Pic & co](pic) ![Gone](nowhere)'), { chapterId: 'c', resolveImage: images });
    expect(html).toBe('<p><img recindex="00003" width="10" height="20" alt="Pic &amp; co"/> <i>[Gone]</i></p>');
  });

  it('should mark ids as anchors and in-page links as filepos placeholders', async () => {
    const html = toMobiml(await hastOf('Text[^1]\n\n[^1]: Note'), { chapterId: 'ch' });
    expect(html).toContain(`<a filepos=${linkMark('ch#user-content-fn-1')}>1</a>`);
    expect(html).toContain(anchorMark('ch#user-content-fn-1'));
    expect(html).not.toMatch(/class=|style=|bgcolor/);
  });

  it('should keep tables with cells, alignment and no colours', async () => {
    const html = toMobiml(await hastOf('| a | b |\n|---|--:|\n| 1 | 2 |'), { chapterId: 'c' });
    expect(html).toContain('<table border="1">');
    expect(html).toContain('<th>a</th>');
    expect(html).toContain('<td align="right">2</td>');
    expect(html).not.toMatch(/thead|tbody|bgcolor/);
  });

  it('should keep absolute links, drop relative ones and escape text', async () => {
    const html = toMobiml(await hastOf('[x](https://e.org/?a=1&b=2) [y](other.html) 1 < 2 &\u00ad'), { chapterId: 'c' });
    expect(html).toBe('<p><a href="https://e.org/?a=1&amp;b=2">x</a> y 1 &lt; 2 &amp;</p>');
  });
});
