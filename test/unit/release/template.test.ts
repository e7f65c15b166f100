import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot, renderTemplate, resolveTemplate } from '../../../src/summary/template.ts';

describe('resolveTemplate', () => {
  it("should use the package's template when the project has none", () => {
    const project = mkdtempSync(join(tmpdir(), 'postbound-tpl-'));
    expect(resolveTemplate('summary.eta', project)).toBe(join(packageRoot, 'templates', 'summary.eta'));
  });

  it("should prefer the project's own template of the same name", async () => {
    const project = mkdtempSync(join(tmpdir(), 'postbound-tpl-'));
    mkdirSync(join(project, 'templates'));
    writeFileSync(join(project, 'templates', 'summary.eta'), '<p><%= it.title %></p>');
    expect(resolveTemplate('summary.eta', project)).toBe(join(project, 'templates', 'summary.eta'));
    expect(await renderTemplate('summary.eta', { title: 'A & <B>' }, project)).toBe('<p>A &amp; &lt;B&gt;</p>');
  });

  it('should name both folders when a template is missing', () => {
    const project = mkdtempSync(join(tmpdir(), 'postbound-tpl-'));
    expect(() => resolveTemplate('nope.eta', project)).toThrow(/nope\.eta.*templates/);
  });
});
