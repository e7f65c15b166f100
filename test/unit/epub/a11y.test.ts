import { describe, expect, it } from 'vitest';
import { accessibilityMetadata, CONFORMS_TO } from '../../../src/epub/a11y.ts';

const facts = { images: 5, imagesWithoutAlt: 0, summaryAsText: true, author: 'Ada', publisher: 'Press' };

describe('accessibilityMetadata', () => {
  it('should declare text and visual modes and alternative text when every image is described', () => {
    const a = accessibilityMetadata(facts, undefined);
    expect(a.accessMode).toEqual(['textual', 'visual']);
    expect(a.accessModeSufficient).toEqual(['textual', 'textual,visual']);
    expect(a.accessibilityFeature).toContain('alternativeText');
    expect(a.accessibilityFeature).toEqual(
      expect.arrayContaining(['structuralNavigation', 'tableOfContents', 'readingOrder', 'displayTransformability']),
    );
    expect(a.accessibilityHazard).toEqual(['none']);
    expect(a.conformsTo).toBe(CONFORMS_TO);
    expect(a.certifiedBy).toBe('Press');
    expect(a.accessibilitySummary).toMatch(/Every image has a text description/);
  });

  it('should not claim alternative text, text sufficiency or WCAG when an image has no alt', () => {
    const a = accessibilityMetadata({ ...facts, imagesWithoutAlt: 2 }, undefined);
    expect(a.accessibilityFeature).not.toContain('alternativeText');
    expect(a.accessModeSufficient).toEqual(['textual,visual']);
    expect(a.conformsTo).toBeUndefined();
    expect(a.accessibilitySummary).toMatch(/2 of its 5 images have no text description/);
  });

  it('should declare a textual book when there are no images', () => {
    const a = accessibilityMetadata({ ...facts, images: 0 }, undefined);
    expect(a.accessMode).toEqual(['textual']);
    expect(a.accessModeSufficient).toEqual(['textual']);
    expect(a.accessibilityFeature).not.toContain('alternativeText');
  });

  it('should let the config override each field and then leave the WCAG claim to the writer', () => {
    const a = accessibilityMetadata(facts, { accessibilityHazard: ['noFlashingHazard'], accessibilitySummary: 'Mine.' });
    expect(a.accessibilityHazard).toEqual(['noFlashingHazard']);
    expect(a.accessibilitySummary).toBe('Mine.');
    expect(a.accessMode).toEqual(['textual', 'visual']);
    expect(a.conformsTo).toBeUndefined();
  });
});
