// Accessibility metadata (EPUB Accessibility 1.1 §2, schema.org properties),
// computed from what the book actually contains so every claim can be checked,
// then overridden field by field by `book.accessibility` in postbound.yaml.
import type { BookConfig } from '../config/schema.ts';

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

export function accessibilityMetadata(facts: A11yFacts, overrides: BookConfig['accessibility']): A11yMetadata {
  const allAlt = facts.imagesWithoutAlt === 0;
  const accessMode = facts.images > 0 ? ['textual', 'visual'] : ['textual'];
  // each entry is one sufficient set (EPUB Accessibility 1.1 §2.2.2)
  const accessModeSufficient = facts.images === 0 ? ['textual'] : allAlt ? ['textual', 'textual,visual'] : ['textual,visual'];
  const accessibilityFeature = ['structuralNavigation', 'tableOfContents', 'readingOrder', 'displayTransformability'];
  if (facts.images > 0 && allAlt) accessibilityFeature.push('alternativeText');
  accessibilityFeature.sort();

  const parts = [
    'The book has a table of contents, a heading for every chapter and section, and one reading order from cover to end.',
    'Its text can be resized and restyled: the stylesheet sets no fixed font sizes or colours.',
  ];
  if (facts.images > 0) {
    parts.push(
      allAlt
        ? 'Every image has a text description.'
        : `${facts.imagesWithoutAlt} of its ${facts.images} images have no text description, so some content is visual only.`,
    );
  }
  if (facts.summaryAsText) parts.push('The one-page summary picture is followed by the same content as text.');
  parts.push('There are no flashing, sound or motion hazards.');

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
