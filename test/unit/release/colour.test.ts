import { describe, expect, it } from 'vitest';
import { darken, inkFor, luminance } from '../../../src/cover/colour.ts';

describe('cover colours', () => {
  it('should compute WCAG luminance at both ends', () => {
    expect(luminance('#000000')).toBe(0);
    expect(luminance('#ffffff')).toBeCloseTo(1, 5);
  });

  it('should set cream text on the default dark blue and ink on a pale yellow', () => {
    expect(inkFor('#1f3a5f').ink).toBe('#fbf4e4');
    expect(inkFor('#f5e6a8').ink).toBe('#1d1b18');
  });

  it('should darken each channel', () => {
    expect(darken('#808080', 0.5)).toBe('#404040');
  });
});
