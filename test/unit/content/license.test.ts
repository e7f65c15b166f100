import { describe, expect, it } from 'vitest';
import { describeLicense } from '../../../src/content/license.ts';

describe('describeLicense', () => {
  it('should name CC-BY-4.0 in full with its deed', () => {
    expect(describeLicense('CC-BY-4.0')).toEqual({
      id: 'CC-BY-4.0',
      name: 'Creative Commons Attribution 4.0 International',
      url: 'https://creativecommons.org/licenses/by/4.0/',
    });
  });
  it('should name the non-commercial share-alike variant', () => {
    const l = describeLicense('CC-BY-NC-SA-4.0');
    expect(l.name).toBe('Creative Commons Attribution-NonCommercial-ShareAlike 4.0 International');
    expect(l.url).toBe('https://creativecommons.org/licenses/by-nc-sa/4.0/');
  });
  it('should keep an unknown id as its own name, without a link', () => {
    expect(describeLicense('LicenseRef-mine')).toEqual({ id: 'LicenseRef-mine', name: 'LicenseRef-mine' });
  });
});
