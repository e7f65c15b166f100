// The validation stage: `validateEpub` for any EPUB, `validateBuiltEpub` for
// the build, the two reporters, and the catalogue of postbound's own ids.
import { withJava } from './java.ts';
import type { ValidationReport } from './types.ts';
import { type ValidateOptions, validateEpub } from './validate.ts';

export { warmAxe } from './axe.ts';
export { axeFamily, catalogue, catalogueList, catalogueMarkdown } from './catalogue.ts';
export { validateCommand } from './command.ts';
export { warmDefaultEngine } from './engine.ts';
export { runJavaEpubcheck, withJava } from './java.ts';
export { type EpubcheckJson, formatReport, toEpubcheckJson } from './report.ts';
export type { Location, Severity, ValidationMessage, ValidationReport } from './types.ts';
export { mergeMessages, type ValidateOptions, validateEpub } from './validate.ts';

/**
 * Called by the build on every EPUB it writes. `sources` maps paths inside the
 * zip to the markdown files they came from, so a message points at the post.
 * `epubcheck` also runs Java EPUBCheck and merges what it finds. `cacheDir`
 * (the build's .cache/) keeps results by the EPUB's bytes (cache.ts) and axe's
 * by content document (axe-cache.ts). `browser` may be a function that opens
 * one: it is called only when axe has a document to check.
 */
export async function validateBuiltEpub(
  path: string,
  options: Pick<ValidateOptions, 'sources' | 'readSource' | 'browser' | 'strict' | 'cacheDir'> & { epubcheck?: boolean } = {},
): Promise<ValidationReport> {
  const report = await validateEpub(path, options);
  return options.epubcheck ? withJava(path, report, options.strict ?? false, options.sources) : report;
}
