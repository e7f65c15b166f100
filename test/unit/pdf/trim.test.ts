import { describe, expect, it } from 'vitest';
import { pageGeometry, printImageWidth, toInches } from '../../../src/pdf/trim.ts';

describe('page geometry', () => {
  it('should convert CSS lengths to inches', () => {
    expect(toInches('25.4mm')).toBeCloseTo(1);
    expect(toInches('72pt')).toBeCloseTo(1);
    expect(() => toInches('3em')).toThrow(/in, mm, cm, pt or px/);
  });
  it('should give the 6x9 text block from its margins', () => {
    const g = pageGeometry('6x9');
    expect(g.widthIn).toBe(6);
    expect(g.heightIn).toBe(9);
    expect(g.textWidthIn).toBeCloseTo(4.8);
    expect(g.textHeightIn).toBeCloseTo(7.5);
  });
  it('should size print images for 300 dpi across the text block', () => {
    expect(printImageWidth('6x9')).toBe(1440);
    expect(printImageWidth('A4')).toBe(Math.round(((210 - 40) / 25.4) * 300));
  });
});
