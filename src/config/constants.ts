// The config's fixed values that code outside the schema uses too, apart from
// zod: a build whose config and front matter come from .cache/ never loads the
// schema (src/content/config-file.ts).

export const trimSizes = {
  A5: { width: '148mm', height: '210mm', margin: '18mm 16mm 20mm 16mm' },
  letter: { width: '8.5in', height: '11in', margin: '0.9in 0.9in 1in 0.9in' },
  '6x9': { width: '6in', height: '9in', margin: '0.7in 0.6in 0.8in 0.6in' },
  A4: { width: '210mm', height: '297mm', margin: '22mm 20mm 24mm 20mm' },
} as const;
export type TrimSize = keyof typeof trimSizes;

export const GENERATORS = ['postbound', 'jekyll', 'hugo', 'eleventy', 'astro'] as const;
export type Generator = (typeof GENERATORS)[number];

export const FRONT_MATTER_TARGETS = [
  'title',
  'shortTitle',
  'date',
  'updated',
  'slug',
  'tags',
  'series',
  'part',
  'summary',
  'draft',
  'published',
  'sketch',
  'sketchAlt',
  'problem',
  'answer',
  'authors',
  'aliases',
  'permalink',
] as const;

export const DEFAULT_HIGHLIGHT = { light: 'github-light', dark: 'github-dark', book: 'github-light' } as const;
