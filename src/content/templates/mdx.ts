// MDX bodies (Astro): the `import` and `export` statements at the top would print
// as text in markdown, so they are blanked (lines kept, so positions hold) with
// a warning each; component tags are reported by the leftover scan.
// https://mdxjs.com/docs/what-is-mdx/#esm
import { report } from '../messages.ts';
import type { TemplateContext } from './context.ts';

const MAX_LINES = 200;

/** The body without its leading ESM statements, and whether it had any. */
export function stripEsm(body: string, ctx: TemplateContext): { body: string; stripped: boolean } {
  if (!/^\s*(?:import|export)\b/.test(body)) return { body, stripped: false };
  const lines = body.split('\n');
  let stripped = false;
  let i = 0;
  while (i < lines.length) {
    if (lines[i].trim() === '') {
      i++;
      continue;
    }
    if (!/^(?:import|export)\b/.test(lines[i])) break;
    let end = i;
    let statement = lines[i];
    while (!complete(statement) && end + 1 < lines.length && end - i < MAX_LINES) statement += `\n${lines[++end]}`;
    const first = statement.replace(/\s+/g, ' ').trim();
    const what = first.startsWith('import') ? 'import' : 'export';
    report(
      ctx.file,
      'mdx-syntax',
      `\`${first.length > 80 ? `${first.slice(0, 79)}…` : first}\` is an MDX ${what}, which postbound does not run: it is removed`,
      { start: { line: i + 1, column: 1 }, end: { line: end + 1, column: lines[end].length + 1 } },
      'warning',
    );
    for (let k = i; k <= end; k++) lines[k] = '';
    stripped = true;
    i = end + 1;
  }
  return { body: lines.join('\n'), stripped };
}

/** Whether a statement is whole: brackets balanced and, for an import, its source named. */
function complete(statement: string): boolean {
  const code = statement.replace(/(["'`])(?:\\.|(?!\1)[^\\])*\1/g, '""');
  let depth = 0;
  for (const c of code) {
    if ('{[('.includes(c)) depth++;
    else if ('}])'.includes(c)) depth--;
  }
  if (depth > 0) return false;
  if (!statement.startsWith('import')) return !/[=,(]\s*$/.test(code);
  return /^import\s*["']/.test(statement) || /\bfrom\s*["'][^"']*["']\s*;?\s*$/.test(statement);
}
