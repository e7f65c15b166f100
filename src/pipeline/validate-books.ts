// Every EPUB a build writes is validated before dist/ is replaced; each message
// goes on the post that produced the file in the EPUB, else on the build.
import { join } from 'node:path';
import type { BuildContext, OutputFile } from './context.ts';

export async function validateEpubs(ctx: BuildContext, outputs: OutputFile[], epubcheck: boolean): Promise<unknown[]> {
  const { validateBuiltEpub } = await import('../validate/index.ts');
  // axe runs whenever the build has a Chromium to run it in, and opens it only
  // for documents it has not checked before (the rest come from .cache/)
  const { resolveBrowser } = await import('../browser/browser.ts');
  let found = ctx.browser.opened;
  if (!found) {
    try {
      resolveBrowser();
      found = true;
    } catch {
      // no Chromium: the EPUB is checked without axe
    }
  }
  const results: unknown[] = [];
  for (const output of outputs.filter((f) => f.path.endsWith('.epub'))) {
    const sources = (output.info?.sources ?? {}) as Record<string, string>;
    const report = await validateBuiltEpub(join(ctx.outDir, output.path), {
      sources,
      readSource: (rel) => {
        const post = ctx.site.posts.find((p) => p.rel === rel);
        return post ? String(post.file.value) : undefined;
      },
      cacheDir: ctx.cacheDir,
      browser: found ? () => ctx.browser.get() : undefined,
      epubcheck,
    });
    results.push({ file: output.path, ...summariseValidation(report), sources });
    attachValidationMessages(ctx, output.path, report, sources);
  }
  return results;
}

interface ValidationMessageLike {
  id: string;
  severity: string;
  message: string;
  hint?: string;
  locations?: { path: string; line?: number; column?: number }[];
}

function summariseValidation(report: unknown) {
  const messages = ((report as { messages?: ValidationMessageLike[] }).messages ?? []) as ValidationMessageLike[];
  const count = (s: string) => messages.filter((m) => m.severity === s).length;
  const { valid, checkers, publication } = report as { valid?: boolean; checkers?: string[]; publication?: unknown };
  return { valid, fatal: count('fatal'), errors: count('error'), warnings: count('warning'), messages, checkers, publication };
}

/** Puts each validation message on the post that produced the file, else on the build. */
function attachValidationMessages(ctx: BuildContext, epub: string, report: unknown, sources: Record<string, string>): void {
  const messages = ((report as { messages?: ValidationMessageLike[] }).messages ?? []) as ValidationMessageLike[];
  for (const m of messages) {
    if (m.severity === 'info' || m.severity === 'usage') continue;
    const inZip = m.locations?.[0]?.path;
    const postRel = inZip ? sources[inZip] : undefined;
    const post = postRel ? ctx.site.posts.find((p) => p.rel === postRel) : undefined;
    const file = post?.file ?? ctx.buildFile;
    const where = inZip ? ` (${epub}: ${inZip}${m.locations?.[0]?.line ? `:${m.locations[0].line}` : ''})` : ` (${epub})`;
    // the place in the EPUB is in the text; the message points at the post's front matter, else at the book in postbound.yaml
    const book = ctx.site.books.find((b) => epub === `book/${b.slug}.epub`);
    const place = post ? post.frontMatterAt?.('title') : book?.configAt?.();
    const msg = file.message(`${m.message}${where}`, { place, ruleId: m.id, source: 'epub' });
    msg.fatal = m.severity === 'error' || m.severity === 'fatal' ? true : m.severity === 'warning' ? false : undefined;
    if (m.hint) msg.note = m.hint;
  }
}
