import { describe, expect, it } from 'vitest';
import { catalogue, catalogueList, pbMessage, README_URL, readmeLink } from '../../../src/validate/catalogue.ts';

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
  'PB-IMG-004',
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

describe('EPUBCheck ids', () => {
  it("should carry EPUBCheck's id where it has one, postbound's beside it", () => {
    expect(pbMessage('notZip', { reason: 'cut short' })).toMatchObject({ id: 'PKG-004', postboundId: 'PB-ZIP-001' });
    expect(pbMessage('duplicateName', { name: 'a' })).toMatchObject({ id: 'OPF-060', postboundId: 'PB-ZIP-007' });
    // a case-by-case id, and none at all
    expect(pbMessage('unsafeName', { name: 'a\\b', why: 'x' }, [], undefined, 'PKG-009').id).toBe('PKG-009');
    const own = pbMessage('unsafeName', { name: '../a', why: 'x' }, [], undefined, null);
    expect(own.id).toBe('PB-ZIP-006');
    expect(own.postboundId).toBeUndefined();
    expect(pbMessage('entryTooLarge', { name: 'a', size: 1, limit: 0 }).postboundId).toBeUndefined();
  });

  it('should link every id to its entry in the README', () => {
    expect(readmeLink(pbMessage('notZip', { reason: 'x' }))).toBe(`${README_URL}#pb-zip-001`);
    expect(readmeLink({ id: 'RSC-005' })).toBe(`${README_URL}#epub-validation-build-and-postbound-validate`);
    expect(readmeLink({ id: 'ACE-image-alt' })).toBe(`${README_URL}#ace-rule`);
  });
});

describe('catalogueMarkdown', () => {
  it('should list every id in a table for the README', async () => {
    const { catalogueMarkdown } = await import('../../../src/validate/catalogue.ts');
    const md = catalogueMarkdown();
    // each id with the anchor the HTML report links to
    for (const id of PERMANENT) expect(md).toContain(`| <a id="${id.toLowerCase()}"></a>\`${id}\``);
    expect(md).toContain('<a id="ace-rule"></a>`ACE-<rule>`');
    expect(md).toContain('`PB-ZIP-001` (EPUBCheck `PKG-004`)');
    expect(md).toContain('`PB-ZIP-007` (EPUBCheck `OPF-060`)');
  });
});
