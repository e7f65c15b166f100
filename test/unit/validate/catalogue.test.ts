import { describe, expect, it } from 'vitest';
import { catalogue, catalogueList, pbMessage } from '../../../src/validate/catalogue.ts';

// Ids are permanent: users search for them. Adding one means adding it here;
// removing or renaming one fails this test on purpose.
const PERMANENT = [
  'PB-ZIP-001',
  'PB-ZIP-002',
  'PB-ZIP-003',
  'PB-ZIP-004',
  'PB-ZIP-005',
  'PB-ZIP-006',
  'PB-ZIP-007',
  'PB-ZIP-008',
  'PB-ZIP-009',
  'PB-A11Y-001',
  'PB-A11Y-002',
  'PB-A11Y-003',
  'PB-A11Y-004',
  'PB-A11Y-005',
  'PB-IMG-001',
  'PB-IMG-002',
  'PB-IMG-003',
  'PB-COVER-001',
  'PB-COVER-002',
  'PB-SIZE-001',
  'PB-RES-001',
  'PB-FONT-001',
  'PB-FONT-002',
  'PB-LINK-001',
  'PB-LINK-002',
  'PB-ENGINE-001',
  'PB-ENGINE-002',
  'PB-JAVA-001',
  'PB-AXE-001',
];

describe('the message catalogue', () => {
  it('should keep every published id, each once', () => {
    const ids = catalogueList().map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...PERMANENT].sort());
  });

  it('should give every record a title and a hint that says what to do', () => {
    for (const e of catalogueList()) {
      expect(e.id).toMatch(/^PB-[A-Z0-9]+-\d{3}$/);
      expect(e.title.length, e.id).toBeGreaterThan(5);
      expect(e.hint.length, e.id).toBeGreaterThan(20);
    }
  });

  it('should build a message from its record and arguments', () => {
    const m = pbMessage('entryTooLarge', { name: 'a.bin', size: 3 * 1024 ** 3, limit: 256 * 1024 ** 2 }, [{ path: 'a.bin' }]);
    expect(m).toMatchObject({ id: 'PB-ZIP-003', severity: 'fatal', origin: 'postbound', locations: [{ path: 'a.bin' }] });
    expect(m.message).toBe('"a.bin" declares 3.0 GB uncompressed, over the 256.0 MB limit per file.');
    expect(m.hint).toBe(catalogue.entryTooLarge.hint);
  });
});

describe('catalogueMarkdown', () => {
  it('should list every id in a table for the README', async () => {
    const { catalogueMarkdown } = await import('../../../src/validate/catalogue.ts');
    const md = catalogueMarkdown();
    for (const id of PERMANENT) expect(md).toContain(`| \`${id}\` |`);
    expect(md).toContain('`ACE-<rule>`');
  });
});
