// Templates and stylesheets, each overridable: a file of the same name in the
// project's own templates/ folder wins over the one shipped with postbound.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Eta } from 'eta';

/** The templates/ folder shipped with postbound. */
export const PACKAGE_TEMPLATES = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'templates');

export interface Templates {
  /** Renders `name` (e.g. "post" for post.eta) with `data` available as `it`. */
  render(name: string, data: object): string;
  /** The path of a template file after overrides (for CSS, fonts, images). */
  path(file: string): string;
  /** The text of a template file after overrides. */
  read(file: string): string;
}

export function createTemplates(projectRoot: string): Templates {
  const projectTemplates = join(projectRoot, 'templates');
  const path = (file: string): string => {
    const own = join(projectTemplates, file);
    if (projectTemplates !== PACKAGE_TEMPLATES && existsSync(own)) return own;
    const bundled = join(PACKAGE_TEMPLATES, file);
    if (existsSync(bundled)) return bundled;
    throw new Error(
      `The template "${file}" is neither in ${projectTemplates} nor in ${PACKAGE_TEMPLATES}. ` +
        `Restore it, or add your own as templates/${file}.`,
    );
  };
  // autoEscape: data (titles, answers) is text and never becomes markup; templates
  // opt in to raw output with `<%~ %>` for rendered bodies, CSS and data URIs.
  const eta = new Eta({ views: PACKAGE_TEMPLATES, cache: true, autoEscape: true, autoTrim: false });
  eta.resolvePath = (template: string) => {
    const name = template.replace(/^[./]+/, '');
    return path(name.endsWith('.eta') ? name : `${name}.eta`);
  };
  eta.readFile = (file: string) => readFileSync(file, 'utf8');
  return {
    render: (name, data) => eta.render(name, data),
    path,
    read: (file) => readFileSync(path(file), 'utf8'),
  };
}
