// The README documents every message id postbound can print, and every command.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentMessages } from '../../../src/content/messages.ts';
import { importMessages } from '../../../src/import/messages.ts';
import { catalogueList } from '../../../src/validate/catalogue.ts';

const readme = readFileSync(join(import.meta.dirname, '..', '..', '..', 'README.md'), 'utf8');

describe('README', () => {
  it('should list every message id with what to do', () => {
    const ids = [...Object.keys(contentMessages), ...Object.keys(importMessages), ...catalogueList().map((r) => r.id)];
    const missing = ids.filter((id) => !readme.includes(`\`${id}\``));
    expect(missing).toEqual([]);
  });

  it('should document every command', () => {
    for (const command of ['build', 'validate', 'serve', 'init', 'new post', 'import', 'schema']) {
      expect(readme).toContain(`postbound ${command}`);
    }
  });
});
