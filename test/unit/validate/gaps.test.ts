import { describe, expect, it } from 'vitest';
import { cssStructure } from '../../../src/validate/gaps.ts';

describe('cssStructure', () => {
  it('should accept well-formed CSS with braces inside strings and comments', () => {
    expect(cssStructure('a.css', 'p::before { content: "}{"; } /* { */\n@media print { p { color: red } }\n')).toEqual([]);
  });

  it('should report an unclosed block at the brace that opened it, as CSS-008', () => {
    const [m, ...rest] = cssStructure('a.css', 'body { margin: 0 }\n@media screen { p { color: red; }\n');
    expect(rest).toEqual([]);
    expect(m).toMatchObject({ id: 'CSS-008', severity: 'error', locations: [{ path: 'a.css', line: 2, column: 15 }] });
  });

  it('should report unclosed comments and strings', () => {
    expect(cssStructure('a.css', 'p { color: red } /* never')[0]?.message).toMatch(/comment/);
    expect(cssStructure('a.css', 'p { content: "open\n}')[0]?.message).toMatch(/string/);
  });
});
