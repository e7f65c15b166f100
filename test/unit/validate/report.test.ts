import { describe, expect, it } from 'vitest';
import { formatReport, toEpubcheckJson } from '../../../src/validate/report.ts';
import { countSeverities, type ValidationMessage, type ValidationReport } from '../../../src/validate/types.ts';

function report(messages: ValidationMessage[], path = '/books/a.epub'): ValidationReport {
  const counts = countSeverities(messages);
  return {
    path,
    valid: counts.fatal + counts.error === 0,
    messages,
    counts,
    publication: { title: 'A', language: 'en', version: '3.3' },
    items: [
      {
        fileName: 'EPUB/ch1.xhtml',
        mediaType: 'application/xhtml+xml',
        compressedSize: 10,
        uncompressedSize: 20,
        compressionMethod: 'Deflated',
      },
    ],
    elapsedMs: 12.4,
    checkers: ['postbound', 'epubcheck-ts 0.7.0'],
  };
}

const rsc = (line: number): ValidationMessage => ({
  id: 'RSC-007',
  severity: 'error',
  message: 'Referenced resource not found',
  locations: [{ path: 'EPUB/ch1.xhtml', line, column: 4 }],
});

describe('toEpubcheckJson', () => {
  it('should group one message found in several places, as EPUBCheck does', () => {
    const json = toEpubcheckJson(report([rsc(3), rsc(9)]));
    expect(json.messages).toEqual([
      {
        ID: 'RSC-007',
        severity: 'ERROR',
        message: 'Referenced resource not found',
        additionalLocations: 0,
        locations: [
          { path: 'EPUB/ch1.xhtml', line: 3, column: 4, context: null },
          { path: 'EPUB/ch1.xhtml', line: 9, column: 4, context: null },
        ],
        suggestion: null,
      },
    ]);
    expect(json.checker).toMatchObject({ filename: 'a.epub', nError: 2, nFatal: 0, elapsedTime: 12 });
    expect(json.items[0]).toMatchObject({ fileName: 'EPUB/ch1.xhtml', media_type: 'application/xhtml+xml' });
  });

  it('should use -1 for unknown lines and columns, and give an array for several files', () => {
    const m: ValidationMessage = {
      id: 'PB-COVER-001',
      severity: 'warning',
      message: 'x',
      hint: 'do y',
      locations: [{ path: 'EPUB/p.opf' }],
    };
    const both = toEpubcheckJson([report([m]), report([], '/b.epub')]);
    expect(Array.isArray(both)).toBe(true);
    const first = (both as ReturnType<typeof toEpubcheckJson>[])[0] as { messages: unknown[] };
    expect(first.messages[0]).toMatchObject({ severity: 'WARNING', suggestion: 'do y', locations: [{ line: -1, column: -1 }] });
  });
});

describe('formatReport', () => {
  it('should group by file with path:line:column, severity, id, message, hint and source', () => {
    const text = formatReport(
      report([
        { ...rsc(9), hint: 'Add the file.', source: { file: 'content/posts/01.md' } },
        { id: 'PB-COVER-001', severity: 'warning', message: 'No cover', locations: [{ path: 'EPUB/p.opf' }] },
      ]),
    );
    expect(text).toContain('/books/a.epub: NOT valid');
    expect(text).toContain('  EPUB/ch1.xhtml  (from content/posts/01.md)');
    expect(text).toContain('    EPUB/ch1.xhtml:9:4  error  RSC-007  Referenced resource not found');
    expect(text).toContain('      hint: Add the file.');
    expect(text).toContain('1 error, 1 warning');
    expect(text.indexOf('EPUB/ch1.xhtml')).toBeLessThan(text.indexOf('EPUB/p.opf'));
  });
});
