import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkProlog, decodeEntities, parseFeed, XmlImportError, xmlText } from '../../../src/import/xml.ts';
import { FIXTURES } from './media-fixture.ts';

const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

function thrown(fn: () => unknown): XmlImportError {
  try {
    fn();
  } catch (error) {
    return error as XmlImportError;
  }
  throw new Error('expected an error');
}

describe('safe XML', () => {
  it('should refuse an entity bomb quickly, with a message that names the DOCTYPE', () => {
    const started = performance.now();
    const error = thrown(() => parseFeed(fixture('bomb.xml')));
    expect(performance.now() - started).toBeLessThan(200);
    expect(error).toBeInstanceOf(XmlImportError);
    expect(error.ruleId).toBe('import-dtd');
    expect(error.line).toBe(2);
    expect(error.message).toMatch(/<!ENTITY/);
  });

  it('should refuse an external entity (XXE) without reading it', () => {
    const error = thrown(() => parseFeed(fixture('xxe.xml')));
    expect(error.ruleId).toBe('import-dtd');
  });

  it('should accept a DOCTYPE without an internal subset', () => {
    expect(() => checkProlog('<?xml version="1.0"?>\n<!-- hi -->\n<!DOCTYPE rss>\n<rss/>')).not.toThrow();
  });

  it('should never expand an entity reference it does not know', () => {
    const feed = parseFeed('<rss version="2.0"><channel><title>a &unknown; b &amp; c</title></channel></rss>');
    expect(xmlText(feed.root.title)).toBe('a &unknown; b & c');
  });

  it('should decode text outside CDATA once and leave CDATA as written', () => {
    expect(xmlText('x &amp;lt; <![CDATA[<b>&amp;</b>]]> &#233;&#x41;')).toBe('x &lt; <b>&amp;</b> éA');
    expect(decodeEntities('&#0;&#xD800;')).toBe('\uFFFD\uFFFD');
  });

  it('should detect the format from the root element', () => {
    expect(parseFeed(fixture('blog.wxr.xml')).format).toBe('wxr');
    expect(parseFeed(fixture('feed.rss.xml')).format).toBe('rss');
    expect(parseFeed(fixture('feed.atom.xml')).format).toBe('atom');
    const error = thrown(() => parseFeed('<html><body/></html>'));
    expect(error.ruleId).toBe('import-format');
    expect(error.message).toMatch(/<html>/);
  });

  it('should report XML that is not well-formed, with its line', () => {
    const error = thrown(() => parseFeed('<rss>\n<channel>\n<item><title>x</item></channel></rss>'));
    expect(error.ruleId).toBe('import-xml');
    expect(error.message).toMatch(/not well-formed/);
  });
});
