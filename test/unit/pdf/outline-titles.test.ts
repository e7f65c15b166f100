import { describe, expect, it } from 'vitest';
import { repairTitle } from '../../../src/pdf/index.ts';

describe('repairTitle', () => {
  const book = {
    chapters: [{ title: 'I Have Nothing to Write About', sections: [{ title: 'Reading the banks' }] }],
  } as unknown as Parameters<typeof repairTitle>[0];
  const repair = repairTitle(book);
  it('should rejoin a wrapped title whose lines Chromium glued together', () => {
    expect(repair('I Have Nothing toWrite About')).toBe('I Have Nothing to Write About');
  });
  it('should undo a doubled title', () => {
    expect(repair('Reading the banksReading the banks')).toBe('Reading the banks');
  });
  it('should leave any other title alone', () => {
    expect(repair('BoraBora')).toBe('BoraBora');
  });
});
