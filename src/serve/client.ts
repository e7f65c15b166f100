// The script the dev server puts into every page: it listens to the server's
// event stream, reloads the page when a rebuild touched it, and shows a build
// error over the page (file, line, column and the reason) until it is fixed.
// Plain ES2017 in a string: it runs in the browser, not in Node.

export const EVENTS_PATH = '/__postbound/events';
export const SCRIPT_PATH = '/__postbound/client.js';
export const OVERLAY_ID = 'postbound-overlay';

/** What a `problem` event carries. */
export interface ProblemData {
  /** The terminal's report (src/cli/messages.ts), without colours. */
  report: string;
  messages: { file: string; line?: number; column?: number; reason: string; ruleId?: string; fatal?: boolean }[];
}

/** What a `reload` event carries: the URL paths rebuilt, or "*" for every page. */
export interface ReloadData {
  pages: string[];
}

export const CLIENT_JS = `(() => {
  const OVERLAY = ${JSON.stringify(OVERLAY_ID)};
  const here = () => location.pathname.replace(/index\\.html$/, '');
  const hide = () => { const o = document.getElementById(OVERLAY); if (o) o.remove(); };
  const el = (tag, style, text) => { const e = document.createElement(tag); if (style) e.style.cssText = style; if (text) e.textContent = text; return e; };
  const show = (problem) => {
    hide();
    const box = el('div', 'position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,24,.94);color:#f3f3f3;font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;padding:2rem');
    box.id = OVERLAY;
    box.setAttribute('role', 'alertdialog');
    box.setAttribute('aria-label', 'Build error');
    box.appendChild(el('h2', 'margin:0 0 1rem;font-size:1.2rem;color:#ff8a80', 'postbound: the last change did not build'));
    const list = el('ul', 'list-style:none;padding:0;margin:0 0 1rem');
    for (const m of problem.messages) {
      const where = m.file + (m.line ? ':' + m.line + (m.column ? ':' + m.column : '') : '');
      const item = el('li', 'margin:0 0 .75rem');
      item.appendChild(el('strong', 'color:#ffd180', where));
      item.appendChild(el('span', '', ' ' + (m.fatal ? 'error' : 'warning') + ' ' + m.reason + (m.ruleId ? '  (' + m.ruleId + ')' : '')));
      list.appendChild(item);
    }
    box.appendChild(list);
    box.appendChild(el('pre', 'white-space:pre-wrap;opacity:.8;margin:0', problem.report));
    box.appendChild(el('p', 'opacity:.7', 'The page below is the last good build. Fix the file and save: this page updates by itself.'));
    document.body.appendChild(box);
  };
  const events = new EventSource(${JSON.stringify(EVENTS_PATH)});
  events.addEventListener('problem', (e) => show(JSON.parse(e.data)));
  events.addEventListener('ok', hide);
  events.addEventListener('reload', (e) => {
    const { pages } = JSON.parse(e.data);
    if (pages.includes('*') || pages.includes(here())) location.reload();
    else hide();
  });
})();
`;
