// The markdown line a located message came from is found by the text of the
// offending XHTML line, or of the nearest line above it with words.
import { describe, expect, it } from 'vitest';
import { attachExcerpts, markdownLine } from '../../../src/validate/sources.ts';
import type { ValidationMessage } from '../../../src/validate/types.ts';

const XHTML = [
  '<?xml version="1.0" encoding="UTF-8"?>',
  '<html xmlns="http://www.w3.org/1999/xhtml"><body>',
  '<h1>Leaving</h1>',
  '<p>We left before dawn — <em>quickly</em>, with the map “drawn” on an envelope.</p>',
  '<figure>',
  '<img src="images/1bf18c8c7c35.jpg"/>',
  '</figure>',
  '</body></html>',
];
const MD = [
  '---',
  'title: Leaving',
  '---',
  '',
  'We left before dawn --- *quickly*, with the map "drawn" on an envelope.',
  '',
  '![](../sketches/map.png)',
];

describe('markdownLine', () => {
  it('should find the line by its words, through emphasis and curly quotes', () => {
    expect(markdownLine(XHTML, { path: 'x', line: 4 }, MD)).toBe(5);
  });

  it('should use the nearest line above with words when the offending one has none', () => {
    expect(markdownLine(XHTML, { path: 'x', line: 6 }, MD)).toBe(5);
  });

  it('should give no line rather than a wrong one', () => {
    expect(markdownLine(XHTML, { path: 'x', line: 4 }, ['---', 'title: Other', '---', 'Nothing alike here.'])).toBeUndefined();
  });
});

describe('attachExcerpts', () => {
  it('should add the offending line with two on each side, and cut a minified line around the column', () => {
    const long = `<p>${'word '.repeat(200)}<b>here</b>${' tail'.repeat(100)}</p>`;
    const files: Record<string, string> = { 'a.xhtml': XHTML.join('\n'), 'b.xhtml': long };
    const messages: ValidationMessage[] = [
      { id: 'X', severity: 'error', message: '', locations: [{ path: 'a.xhtml', line: 2 }] },
      { id: 'Y', severity: 'error', message: '', locations: [{ path: 'b.xhtml', line: 1, column: 1004 }] },
      { id: 'Z', severity: 'error', message: '', locations: [{ path: 'a.png', line: 1 }] },
    ];
    attachExcerpts(messages, (p) => (files[p] ? new TextEncoder().encode(files[p]) : undefined));
    expect(messages[0]!.locations[0]!.excerpt).toEqual({ first: 1, lines: XHTML.slice(0, 4) });
    const cut = messages[1]!.locations[0]!.excerpt!.lines[0]!;
    expect(cut.length).toBeLessThan(260);
    expect(cut).toContain('<b>here</b>');
    expect(messages[2]!.locations[0]!.excerpt).toBeUndefined();
  });
});
