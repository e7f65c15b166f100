// Checks that fill known gaps of the engine, reported under the EPUBCheck id
// Java EPUBCheck gives the same fault, so results read the same whichever ran.
// Each is added only after the agreement test (test/e2e/validate-agreement)
// showed Java reporting what epubcheck-ts 0.7.0 let through.
import type { ValidationMessage } from './types.ts';
import { lineStarts, position } from './xml-scan.ts';

/**
 * CSS-008 for a stylesheet whose blocks, strings or comments never close:
 * css-tree recovers from these silently, while EPUBCheck's CSS parser stops
 * with "Premature end of grammar". Recovery is exactly what a reader may not
 * do the same way, so it is an error.
 */
export function cssStructure(path: string, css: string): ValidationMessage[] {
  const open: number[] = [];
  const out: ValidationMessage[] = [];
  const starts = lineStarts(css);
  const fail = (at: number, what: string) =>
    out.push({
      id: 'CSS-008',
      severity: 'error',
      message: `An error occurred while parsing the CSS: ${what}.`,
      hint: 'Close every block with "}", every string with its quote and every comment with "*/".',
      locations: [{ path, ...position(starts, at) }],
      origin: 'postbound',
    });
  for (let i = 0; i < css.length; i++) {
    const c = css[i];
    if (c === '/' && css[i + 1] === '*') {
      const end = css.indexOf('*/', i + 2);
      if (end === -1) {
        fail(i, 'a comment is never closed');
        return out;
      }
      i = end + 1;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < css.length && css[j] !== c && css[j] !== '\n') j += css[j] === '\\' ? 2 : 1;
      if (css[j] !== c) {
        fail(i, 'a string is never closed');
        return out;
      }
      i = j;
    } else if (c === '{') open.push(i);
    else if (c === '}') open.pop();
  }
  if (open.length) fail(open[open.length - 1]!, `a block opened here is never closed (expecting "}")`);
  return out;
}
