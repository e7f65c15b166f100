// Accessibility metadata (EPUB Accessibility 1.1 §2, schema.org properties),
// computed from what the book actually contains so every claim can be checked,
// then overridden field by field by `book.accessibility` in postbound.yaml.
import type { BookConfig } from '../config/schema.ts';
import { en, fill, type Strings } from '../i18n/index.ts';

export interface A11yFacts {
  /** Images in the book, the cover and summary picture included. */
  images: number;
  /** Images whose source gave no alt text. */
  imagesWithoutAlt: number;
  /** The book has a one-page summary picture with the same content as text beside it. */
  summaryAsText: boolean;
  publisher?: string;
  author: string;
}

export interface A11yMetadata {
  accessMode: string[];
  accessModeSufficient: string[];
  accessibilityFeature: string[];
  accessibilityHazard: string[];
  accessibilitySummary: string;
  conformsTo?: string;
  certifiedBy?: string;
}

/** EPUB Accessibility 1.1 §4.1: the conformance identifier for WCAG 2.1 AA. */
export const CONFORMS_TO = 'EPUB Accessibility 1.1 - WCAG 2.1 Level AA';

export function accessibilityMetadata(facts: A11yFacts, overrides: BookConfig['accessibility'], t: Strings = en): A11yMetadata {
  const allAlt = facts.imagesWithoutAlt === 0;
  const accessMode = facts.images > 0 ? ['textual', 'visual'] : ['textual'];
  // each entry is one sufficient set (EPUB Accessibility 1.1 §2.2.2)
  const accessModeSufficient = facts.images === 0 ? ['textual'] : allAlt ? ['textual', 'textual,visual'] : ['textual,visual'];
  const accessibilityFeature = ['structuralNavigation', 'tableOfContents', 'readingOrder', 'displayTransformability'];
  if (facts.images > 0 && allAlt) accessibilityFeature.push('alternativeText');
  accessibilityFeature.sort();

  const parts = [t.a11yStructure, t.a11yRestyle];
  if (facts.images > 0) {
    parts.push(allAlt ? t.a11yAllAlt : fill(t.a11ySomeAlt, { missing: facts.imagesWithoutAlt, images: facts.images }));
  }
  if (facts.summaryAsText) parts.push(t.a11ySummaryText);
  parts.push(t.a11yNoHazards);

  const computed: A11yMetadata = {
    accessMode,
    accessModeSufficient,
    accessibilityFeature,
    accessibilityHazard: ['none'],
    accessibilitySummary: parts.join(' '),
  };
  // The WCAG claim is only made when nothing postbound can check contradicts it:
  // every image described, and the metadata not overridden by hand (then the
  // writer, not postbound, vouches for the content).
  const overridden = overrides && Object.values(overrides).some((v) => v !== undefined);
  if (allAlt && !overridden) {
    computed.conformsTo = CONFORMS_TO;
    computed.certifiedBy = facts.publisher ?? facts.author;
  }
  return {
    ...computed,
    accessMode: overrides?.accessMode ?? computed.accessMode,
    accessModeSufficient: overrides?.accessModeSufficient ?? computed.accessModeSufficient,
    accessibilityFeature: overrides?.accessibilityFeature ?? computed.accessibilityFeature,
    accessibilityHazard: overrides?.accessibilityHazard ?? computed.accessibilityHazard,
    accessibilitySummary: overrides?.accessibilitySummary ?? computed.accessibilitySummary,
  };
}
