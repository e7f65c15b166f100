// The build: load the model once, run the targets (concurrently where they do not
// depend on each other), validate every EPUB, then swap the new output into dist/.
// Everything is written into a temporary folder under .cache/ first, so a failed
// or interrupted build leaves the last good dist/ exactly as it was.
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { VFile } from 'vfile';
import { ImageCache } from '../assets/images.ts';
import { SharedBrowser } from '../browser/browser.ts';
import { loadSite } from '../content/load.ts';
import { hasErrors, report as reportMessage } from '../content/messages.ts';
import type { Site } from '../content/model.ts';
import { makeArtifacts } from './artifacts.ts';
import type { Artifacts, BuildContext, OutputFile, Progress, Target } from './context.ts';
import { diskFault, writing } from './disk-faults.ts';
import { changedSinceLastBuild, keepOtherOutputs, swapIntoPlace } from './dist.ts';
import { bookInputsKey, siteInputsKey } from './input-keys.ts';
import { type CachedOutputs, messagesSince, OutputCache } from './output-cache.ts';
import { printGate } from './print-gate.ts';
import { sweepCache } from './stale.ts';
import { validateEpubs } from './validate-books.ts';

export const TARGETS = ['site', 'epub', 'pdf', 'mobi', 'summary', 'cover'] as const;
export type TargetName = (typeof TARGETS)[number];

/** Each target's module, loaded only when the target runs (keeps `--only site` light). */
const targetModules: Record<TargetName, () => Promise<{ build: Target }>> = {
  site: () => import('../site/index.ts'),
  epub: () => import('../epub/index.ts'),
  pdf: () => import('../pdf/index.ts'),
  mobi: () => import('../mobi/index.ts'),
  summary: () => import('../summary/index.ts'),
  cover: () => import('../cover/index.ts'),
};

export interface BuildOptions {
  root: string;
  only?: TargetName[];
  progress?: Progress;
  /** Also run Java EPUBCheck on every EPUB (when installed). */
  epubcheck?: boolean;
  drafts?: boolean;
  /** Unknown front matter fields are errors. */
  strict?: boolean;
  /**
   * A browser the caller keeps open across builds (a long-running process that
   * builds many times): used when a target needs one, and left open at the end.
   * Without it the build opens its own on first use and closes it.
   */
  browser?: SharedBrowser;
}

export interface StageTiming {
  stage: string;
  /** When the stage started, in ms from the start of the build (stages overlap). */
  start: number;
  ms: number;
}

export interface BuildResult {
  ok: boolean;
  /** Every file with messages: posts, the config, the build itself. */
  files: VFile[];
  site?: Site;
  report?: BuildReport;
}

export interface BuildReport {
  postbound: string;
  root: string;
  targets: string[];
  files: OutputFile[];
  timings: StageTiming[];
  totalMs: number;
  validation: unknown[];
  cache: { hits: number; misses: number };
}

export async function buildProject(options: BuildOptions): Promise<BuildResult> {
  const started = performance.now();
  const root = resolve(options.root);
  const progress = options.progress ?? { step() {} };
  const timings: StageTiming[] = [];
  const time = async <T>(stage: string, work: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await work();
    } finally {
      timings.push({ stage, start: Math.round(t0 - started), ms: Math.round(performance.now() - t0) });
    }
  };

  const only = options.only ?? [...TARGETS];
  const browser = options.browser ?? new SharedBrowser();
  const closeBrowser = () => (options.browser ? Promise.resolve() : browser.close());
  // Chromium takes a few hundred milliseconds to start: start it while the posts
  // are read, when a target that draws or prints is asked for (it may go unused)
  // and a file of the project is newer than the last build. With nothing newer
  // the books come back from .cache/, or all their pictures and axe results do,
  // and starting it would only cost CPU time; a target that needs it opens it.
  if (only.some((t) => t !== 'site' && t !== 'mobi') && existsSync(join(root, 'postbound.yaml'))) {
    // (a missing browser is reported by the target that needs it)
    void Promise.resolve()
      .then(() => (changedSinceLastBuild(root) ? browser.get() : undefined))
      .catch(() => undefined);
  }
  progress.step('reading posts');
  const loaded = await time('content', () =>
    loadSite(root, { drafts: options.drafts, cacheDir: join(root, '.cache'), strict: options.strict }),
  );
  // what builds killed outright left (their own clean-up never ran): the last good
  // dist/ put back if one died mid-swap, their folders in .cache/, their profiles
  try {
    sweepCache(join(root, '.cache'), join(root, 'dist'));
  } catch {
    // a folder that cannot be removed now is tried again by the next build
  }
  const buildFile = new VFile({ path: 'postbound.yaml', cwd: root });
  const files = [...loaded.files, buildFile];
  if (!loaded.ok || !loaded.site) {
    await closeBrowser();
    return { ok: false, files, site: loaded.site };
  }
  const site = loaded.site;

  const cacheDir = join(root, '.cache');
  const distDir = join(root, 'dist');
  const tmpDir = join(cacheDir, `build-${process.pid}-${Date.now().toString(36)}`);
  const cleanup = () => rm(tmpDir, { recursive: true, force: true });
  const onSignal = (signal: NodeJS.Signals) => {
    void cleanup().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const images = new ImageCache(cacheDir);
  const bookCache = new OutputCache(cacheDir, 'books');
  const siteCache = new OutputCache(cacheDir, 'site');
  const ctx: BuildContext = {
    site,
    outDir: tmpDir,
    cacheDir,
    images,
    browser,
    progress,
    buildFile,
    artifacts: undefined as unknown as Artifacts,
  };
  ctx.artifacts = makeArtifacts(ctx, time);

  try {
    // not recursive for the last step: Node's recursive mkdir reports ENOENT for a read-only disk
    await mkdir(cacheDir, { recursive: true });
    await mkdir(tmpDir);
    // A partial build starts from the last good output, so the other targets' files stay.
    if (options.only && existsSync(distDir)) await keepOtherOutputs(distDir, tmpDir, only);
    await mkdir(join(tmpDir, 'book'), { recursive: true });

    const gate = printGate(ctx, only.includes('pdf') && site.books.length > 0);
    const runTarget = async (name: TargetName) => {
      await gate.before(name);
      return time(name, async () => {
        progress.step(name);
        const mod = await targetModules[name]();
        try {
          return await mod.build(ctx);
        } finally {
          if (name === 'pdf') gate.open();
        }
      });
    };
    const bookTargets = site.books.length ? only.filter((t) => t !== 'site') : [];
    const runBooks = async (): Promise<CachedOutputs> => {
      if (!bookTargets.length) return { outputs: [], validation: [] };
      const key = await time('books key', () =>
        bookInputsKey(site, [...bookTargets, options.epubcheck ? 'epubcheck' : ''].sort()),
      );
      const restored = await time('books from cache', () => bookCache.restore(key, tmpDir, files));
      if (restored) {
        gate.open();
        return restored;
      }
      const counts = new Map(files.map((f) => [f, f.messages.length]));
      // the validator's worker loads while the books are made (not awaited: the targets start now)
      if (bookTargets.includes('epub')) {
        void import('../validate/index.ts')
          .then(async (m) => {
            m.warmDefaultEngine();
            // a page for axe, when Chromium is starting anyway
            if (browser.opened) m.warmAxe(await browser.get());
          })
          .catch(() => undefined); // (a browser that fails to start is reported by the target that needs it)
      }
      let validating: Promise<unknown[]> = Promise.resolve([]);
      const perTarget = await Promise.all(
        bookTargets.map(async (name) => {
          const made = await runTarget(name);
          // each EPUB is checked as soon as it exists, while the other targets and
          // the bundle go on (an error found still fails the build before dist/)
          if (name === 'epub') {
            validating = time('validate', () => validateEpubs(ctx, made, options.epubcheck ?? false));
            validating.catch(() => undefined); // awaited below
          }
          return made;
        }),
      );
      const outputs = perTarget.flat();
      const { buildBundle } = await import('../bundle/index.ts');
      for (const book of site.books) {
        const bookFiles = outputs.filter((f) => f.path.startsWith(`book/${book.slug}`));
        outputs.push(await time('bundle', () => buildBundle(ctx, book, bookFiles)));
      }
      const made = { outputs, validation: await validating };
      if (!hasErrors(files)) await bookCache.store(key, tmpDir, made, messagesSince(files, counts));
      return made;
    };
    // A target that fails stops the image work nothing will use, and the others
    // are let finish before the temporary folder goes (none writes into it after)
    const failFast = <T>(job: Promise<T>) =>
      job.catch((error: unknown) => {
        images.stop(error instanceof Error ? error : new Error(String(error)));
        throw error;
      });
    // the site, from .cache/ when nothing it reads changed (it reports no messages of
    // its own: those about the posts come from loading them, which every build does)
    const runSite = async (): Promise<OutputFile[]> => {
      const key = await time('site key', () => siteInputsKey(site));
      const restored = await time('site from cache', () => siteCache.restore(key, tmpDir, files));
      if (restored) return restored.outputs;
      const made = await runTarget('site');
      if (!hasErrors(files)) await siteCache.store(key, tmpDir, { outputs: made, validation: [] }, []);
      return made;
    };
    const settled = await Promise.allSettled([
      failFast(only.includes('site') ? runSite() : Promise.resolve([])),
      failFast(runBooks().finally(gate.open)),
    ]);
    const failed = settled.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
    const [siteOutputs, books] = settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as [
      OutputFile[],
      CachedOutputs,
    ];
    const outputs = [...siteOutputs, ...books.outputs];
    const validation = books.validation;

    if (only.includes('site')) {
      const { buildDownloads } = await import('../site/downloads.ts');
      outputs.push(...(await time('downloads', () => buildDownloads(ctx, outputs))));
    }
    // Chromium takes a tenth of a second to quit: let it while the output is swapped in
    const closing = closeBrowser();

    if (hasErrors(files)) {
      await closing;
      await cleanup();
      return { ok: false, files, site };
    }

    const report: BuildReport = {
      postbound: '0.1.0',
      root,
      targets: only,
      files: outputs.map((f) => ({ ...f })).sort((a, b) => a.path.localeCompare(b.path)),
      timings,
      totalMs: Math.round(performance.now() - started),
      validation,
      cache: { hits: images.hits, misses: images.misses },
    };
    const reportPath = join(tmpDir, 'report.json');
    await writing(reportPath, () => writeFile(reportPath, `${JSON.stringify(report, null, 2)}\n`));
    if (validation.length) {
      // the same results as a page to look at (src/validate/report-html.ts)
      const { htmlFromSummaries } = await import('../validate/report-html.ts');
      const pagePath = join(tmpDir, 'validation.html');
      await writing(pagePath, () => writeFile(pagePath, htmlFromSummaries(validation)));
    }
    await swapIntoPlace(tmpDir, distDir, cacheDir);
    await closing;
    return { ok: true, files, site, report };
  } catch (error) {
    await closeBrowser();
    await cleanup().catch(() => undefined);
    const fault = diskFault(error, root);
    if (fault) {
      reportMessage(buildFile, fault.id, fault.reason, undefined);
      return { ok: false, files, site };
    }
    const message = buildFile.message(error instanceof Error ? error.message : String(error), {
      ruleId: 'build-failed',
      source: 'postbound',
      cause: error instanceof Error ? error : undefined,
    });
    message.fatal = true;
    return { ok: false, files, site };
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
