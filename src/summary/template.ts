// Finds and renders the eta templates of the summary, cover and mock-up.
// A project may override any of them by putting a file of the same name in its
// own templates/ folder. Kept here, not in src/site, until the lead's template
// loader can absorb it (same lookup rule: project first, then the package).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Eta } from 'eta';

/** The package folder: two levels above src/summary/. */
export const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The path of template `name`: `<projectRoot>/templates/<name>` when present, else the package's. */
export function resolveTemplate(name: string, projectRoot?: string): string {
  if (projectRoot) {
    const own = join(projectRoot, 'templates', name);
    if (existsSync(own)) return own;
  }
  const bundled = join(packageRoot, 'templates', name);
  if (existsSync(bundled)) return bundled;
  throw new Error(
    `The template "${name}" was not found in ${projectRoot ? join(projectRoot, 'templates') : 'the project'} ` +
      `nor in ${join(packageRoot, 'templates')}. Restore it, or add your own under templates/${name}.`,
  );
}

/** Reads a template or stylesheet, honouring project overrides. */
export function readTemplate(name: string, projectRoot?: string): Promise<string> {
  return readFile(resolveTemplate(name, projectRoot), 'utf8');
}

// autoEscape: data (titles, answers) is text and must never become markup;
// templates opt in to raw output with `<%~ %>` for CSS and data URIs.
const eta = new Eta({ autoEscape: true, autoTrim: false, useWith: false, cache: false });

/** Renders template `name` with `data` (reachable as `it` inside the template). */
export async function renderTemplate(name: string, data: object, projectRoot?: string): Promise<string> {
  const source = await readTemplate(name, projectRoot);
  return eta.renderString(source, data);
}
