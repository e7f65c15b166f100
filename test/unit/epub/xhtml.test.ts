import { XMLValidator } from 'fast-xml-parser';
import { h } from 'hastscript';
import { describe, expect, it } from 'vitest';
import { escapeXmlText, toXhtml, xhtmlDocument } from '../../../src/epub/xhtml.ts';

describe('toXhtml', () => {
  it('should write boolean attributes out in full and close void elements', () => {
    const out = toXhtml([h('details', { open: true }, [h('summary', 'More'), h('br'), h('img', { src: 'a.png', alt: '' })])]);
    expect(out).toBe('<details open="open"><summary>More</summary><br/><img src="a.png" alt=""/></details>');
  });

  it('should escape markup characters in text and attributes', () => {
    const out = toXhtml([h('a', { href: '?a=1&b="2"', title: '<x>' }, 'if a < b && c > d')]);
    expect(out).toBe('<a href="?a=1&amp;b=&quot;2&quot;" title="&lt;x&gt;">if a &lt; b &amp;&amp; c &gt; d</a>');
  });

  it('should drop characters XML 1.0 forbids and keep all others', () => {
    expect(escapeXmlText('a\u0000b\u0007c\u000bd Ωμέγα 日本 \ud83d\ude00')).toBe('abcd Ωμέγα 日本 \ud83d\ude00');
  });

  it('should keep namespaced attributes and join class lists with spaces', () => {
    const out = toXhtml([h('section', { 'epub:type': 'chapter', className: ['a', 'b'], ariaLabel: 'x' })]);
    expect(out).toBe('<section epub:type="chapter" class="a b" aria-label="x"></section>');
  });

  it('should drop comments and raw nodes', () => {
    const out = toXhtml([
      { type: 'comment', value: 'secret' },
      { type: 'raw', value: '<script>x</script>' } as never,
      { type: 'text', value: 'ok' },
    ]);
    expect(out).toBe('ok');
  });

  it('should produce a well-formed document with the epub namespace and both language attributes', () => {
    const doc = xhtmlDocument({
      title: 'Τίτλος & co',
      lang: 'el',
      styles: ['styles/book.css'],
      body: toXhtml([h('p', 'γεια')]),
      dir: 'ltr',
    });
    expect(XMLValidator.validate(doc)).toBe(true);
    expect(doc).toContain('xmlns:epub="http://www.idpf.org/2007/ops"');
    expect(doc).toContain('lang="el" xml:lang="el"');
    expect(doc).toContain('<title>Τίτλος &amp; co</title>');
  });
});
