// The sample project's own EPUB, as the build writes it, through validateEpub
// and Java EPUBCheck: postbound's book must pass both, and messages about a
// chapter must name the post it came from.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatReport, validateEpub } from '../../src/validate/index.ts';
import { runJavaEpubcheck } from '../../src/validate/java.ts';
import type { ValidationReport } from '../../src/validate/types.ts';
import { builtSample } from '../helpers/sample.ts';

let epub: string;
let report: ValidationReport;
beforeAll(async () => {
  const root = await builtSample();
  const dir = join(root, 'dist', 'book');
  const name = readdirSync(dir).find((f) => f.endsWith('.epub'));
  if (!name) throw new Error(`no EPUB in ${dir}`);
  epub = join(dir, name);
  report = await validateEpub(epub);
});

describe('the sample book', () => {
  it('should pass postbound validation without errors', () => {
    const errors = report.messages.filter((m) => m.severity === 'error' || m.severity === 'fatal');
    expect(errors, formatReport(report)).toEqual([]);
  });

  it('should carry complete accessibility metadata and a cover', () => {
    const ids = report.messages.map((m) => m.id);
    expect(ids, formatReport(report)).not.toContain('PB-A11Y-001');
    expect(ids).not.toContain('PB-COVER-001');
    expect(ids).not.toContain('PB-COVER-002');
  });

  it('should agree with Java EPUBCheck that it is valid', async () => {
    const java = await runJavaEpubcheck(epub);
    const errors = java.messages
      .filter((m) => m.severity === 'error' || m.severity === 'fatal')
      .map((m) => `${m.id} ${m.locations[0]?.path}: ${m.message}`);
    expect(errors).toEqual([]);
    expect(report.valid).toBe(true);
  });
});
