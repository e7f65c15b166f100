// The summary, cover and mock-up templates, through the one template loader
// (src/templates/engine.ts): a project's own templates/<name> wins over postbound's.
import { dirname } from 'node:path';
import { createTemplates, PACKAGE_TEMPLATES } from '../templates/engine.ts';

/** The package folder. */
export const packageRoot = dirname(PACKAGE_TEMPLATES);

const templates = (projectRoot?: string) => createTemplates(projectRoot ?? packageRoot);

/** The path of template `name`: `<projectRoot>/templates/<name>` when present, else the package's. */
export function resolveTemplate(name: string, projectRoot?: string): string {
  return templates(projectRoot).path(name);
}

/** Reads a template or stylesheet, honouring project overrides. */
export async function readTemplate(name: string, projectRoot?: string): Promise<string> {
  return templates(projectRoot).read(name);
}

/** Renders template `name` with `data` (reachable as `it` inside the template). */
export async function renderTemplate(name: string, data: object, projectRoot?: string): Promise<string> {
  return templates(projectRoot).render(name, data);
}
