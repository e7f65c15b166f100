// The validation report as one page to look at: for each book its verdict and
// counts by severity, then every message grouped by the file inside the EPUB,
// with the offending lines, the hint, a link to the id's entry in the README
// and, for a book postbound built, the post and line it came from. One file,
// no script, no request for anything: it opens from disk or from dist/.
import { readmeLink } from './catalogue.ts';
import { countSeverities, SEVERITIES, type Severity, type ValidationMessage, type ValidationReport } from './types.ts';

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const ORDER = Object.fromEntries(SEVERITIES.map((s, i) => [s, i])) as Record<Severity, number>;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 || word === 'usage' ? '' : 's'}`;

const CSS = `
:root { color-scheme: light; --fatal: #8b0000; --error: #c0262d; --warning: #9a6700; --info: #0b5cad; --usage: #555; --ok: #1a7f37; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2328; background: #f6f8fa; }
main { max-width: 64rem; margin: 0 auto; padding: 1.5rem 1rem 4rem; }
h1 { font-size: 1.5rem; margin: 0 0 1rem; }
section.book { background: #fff; border: 1px solid #d0d7de; border-radius: 8px; padding: 1rem 1.25rem; margin-bottom: 2rem; }
.verdict { display: flex; flex-wrap: wrap; gap: .75rem; align-items: baseline; }
.verdict h2 { margin: 0; font-size: 1.25rem; word-break: break-all; }
.badge { font-weight: 700; padding: .15rem .6rem; border-radius: 999px; color: #fff; }
.badge.valid { background: var(--ok); } .badge.invalid { background: var(--error); }
.facts { color: #59636e; font-size: .9rem; margin: .25rem 0 .75rem; }
ul.counts { list-style: none; display: flex; flex-wrap: wrap; gap: .5rem; padding: 0; margin: 0 0 1rem; }
ul.counts li { border: 1px solid currentColor; border-radius: 6px; padding: .1rem .6rem; font-weight: 600; }
ul.counts li.zero { color: #8c959f; font-weight: 400; }
.sev-fatal { color: var(--fatal); } .sev-error { color: var(--error); } .sev-warning { color: var(--warning); }
.sev-info { color: var(--info); } .sev-usage { color: var(--usage); }
h3 { font-size: 1rem; margin: 1.5rem 0 .5rem; padding-bottom: .25rem; border-bottom: 1px solid #d0d7de; font-family: ui-monospace, monospace; word-break: break-all; }
h3 .post { font-family: system-ui, sans-serif; font-weight: 400; color: #59636e; }
article.msg { border-left: 4px solid currentColor; padding: .4rem .8rem; margin: .75rem 0; background: #fafbfc; }
article.msg > * { color: #1f2328; }
.head { display: flex; flex-wrap: wrap; gap: .5rem; align-items: baseline; }
.sev { font-weight: 700; text-transform: uppercase; font-size: .8rem; letter-spacing: .03em; }
.id a { font-family: ui-monospace, monospace; font-weight: 600; }
.pbid { font-family: ui-monospace, monospace; color: #59636e; }
.where { font-family: ui-monospace, monospace; font-size: .85rem; color: #59636e; word-break: break-all; }
.text { margin: .25rem 0; }
.from { font-size: .9rem; margin: .25rem 0; }
.from code { font-size: .85rem; }
.hint { margin: .25rem 0; font-size: .95rem; }
.also { font-size: .85rem; color: #59636e; }
pre { margin: .5rem 0; padding: .4rem 0; background: #fff; border: 1px solid #d0d7de; border-radius: 6px; overflow-x: auto; font: 13px/1.45 ui-monospace, "DejaVu Sans Mono", monospace; }
pre span { display: block; padding: 0 .75rem; white-space: pre; }
pre span::before { content: attr(data-n); display: inline-block; width: 3.5em; margin-right: .75rem; color: #8c959f; text-align: right; }
pre span.hit { background: #fff1e5; box-shadow: inset 3px 0 #c0262d; }
p.none { color: var(--ok); font-weight: 600; }
`;

/** The whole page for one or several reports. */
export function htmlReport(reports: ValidationReport | ValidationReport[], title = 'EPUB validation report'): string {
  const list = Array.isArray(reports) ? reports : [reports];
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<h1>${esc(title)}</h1>
${list.map(book).join('\n')}
</main>
</body>
</html>
`;
}

function book(r: ValidationReport): string {
  const c = r.counts;
  const counts = SEVERITIES.map((s) => `<li class="sev-${s}${c[s] ? '' : ' zero'}">${esc(plural(c[s], s))}</li>`).join('');
  const facts = [
    r.publication.title ? `“${r.publication.title}”` : '',
    r.publication.version ? `EPUB ${r.publication.version}` : '',
    `checked by ${r.checkers.join(' + ')}`,
    r.elapsedMs ? `${Math.round(r.elapsedMs)} ms` : '',
  ].filter(Boolean);
  const byFile = new Map<string, ValidationMessage[]>();
  for (const m of r.messages) {
    const p = m.locations[0]?.path ?? '';
    byFile.set(p, [...(byFile.get(p) ?? []), m]);
  }
  const files = [...byFile]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([path, msgs]) => {
      const from = msgs.find((m) => m.source)?.source;
      msgs.sort((a, b) => (a.locations[0]?.line ?? 0) - (b.locations[0]?.line ?? 0) || ORDER[a.severity] - ORDER[b.severity]);
      return `<h3>${esc(path || '(the EPUB as a whole)')}${from ? ` <span class="post">from ${esc(from.file)}</span>` : ''}</h3>\n${msgs.map(message).join('\n')}`;
    });
  return `<section class="book">
<div class="verdict"><span class="badge ${r.valid ? 'valid' : 'invalid'}">${r.valid ? 'Valid' : 'Not valid'}</span><h2>${esc(r.path)}</h2></div>
<p class="facts">${esc(facts.join(' · '))}</p>
<ul class="counts">${counts}</ul>
${files.length ? files.join('\n') : '<p class="none">No problems found.</p>'}
</section>`;
}

function message(m: ValidationMessage): string {
  const l = m.locations[0];
  const where = l?.path ? `${l.path}${l.line ? `:${l.line}` : ''}${l.line && l.column ? `:${l.column}` : ''}` : '';
  const more = m.locations.slice(1).filter((x) => x.path);
  const excerpt = l?.excerpt
    ? `<pre>${l.excerpt.lines
        .map((text, i) => {
          const n = l.excerpt!.first + i;
          return `<span data-n="${n}"${n === l.line ? ' class="hit"' : ''}>${esc(text) || ' '}</span>`;
        })
        .join('')}</pre>`
    : '';
  return `<article class="msg sev-${m.severity}">
<div class="head"><span class="sev sev-${m.severity}">${m.severity}</span><span class="id"><a href="${esc(readmeLink(m))}">${esc(m.id)}</a></span>${m.postboundId ? `<span class="pbid">${esc(m.postboundId)}</span>` : ''}<span class="where">${esc(where)}</span></div>
<p class="text">${esc(m.message)}</p>
${m.source ? `<p class="from">From <code>${esc(m.source.file)}${m.source.line ? `:${m.source.line}` : ''}</code></p>` : ''}
${excerpt}
${m.hint ? `<p class="hint"><strong>Hint:</strong> ${esc(m.hint)}</p>` : ''}
${more.length ? `<p class="also">Also at ${esc(more.map((x) => `${x.path}${x.line ? `:${x.line}` : ''}`).join(', '))}</p>` : ''}
</article>`;
}

interface Summary {
  file: string;
  valid?: boolean;
  messages?: ValidationMessage[];
  checkers?: string[];
  publication?: ValidationReport['publication'];
}

/** The page from the build's validation results (report.json's `validation`, each a summary of one EPUB's report). */
export function htmlFromSummaries(summaries: unknown[]): string {
  const reports = (summaries as Summary[]).map((s): ValidationReport => {
    const messages = s.messages ?? [];
    const counts = countSeverities(messages);
    return {
      path: `dist/${s.file}`,
      valid: s.valid ?? counts.fatal + counts.error === 0,
      messages,
      counts,
      publication: s.publication ?? {},
      items: [],
      elapsedMs: 0,
      checkers: s.checkers ?? [],
    };
  });
  return htmlReport(reports, 'Validation of the books in this build');
}
