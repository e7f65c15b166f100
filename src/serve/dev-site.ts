// The site as the dev server keeps it: one load cache, one image cache and the
// last good model live from one rebuild to the next, so a change costs the
// posts it touched and the pages that show them, not a whole build.
import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { VFile } from 'vfile';
import { ImageCache } from '../assets/images.ts';
import { SharedBrowser } from '../browser/browser.ts';
import { LoadCache, loadSite } from '../content/load.ts';
import type { Site } from '../content/model.ts';
import { pageFile } from '../content/urls.ts';
import type { Artifacts, BuildContext, OutputFile, Progress } from '../pipeline/context.ts';
import { buildDownloads, build as buildSite, type SiteBuildOptions, siteUrls } from '../site/index.ts';
import { type PagePlan, pageUrl, planPages } from './plan.ts';

export type Rebuild =
  | {
      ok: true;
      plan: PagePlan;
      /** URL paths rendered; ["*"] for all. */
      urls: string[];
      /** Paths (relative to the project) of the posts whose pages were rendered. */
      posts: string[];
      written: number;
      ms: number;
      /** Of ms: loading the model (with the cache), then rendering and writing pages. */
      stages: { load: number; render: number };
      files: VFile[];
    }
  | { ok: false; files: VFile[]; ms: number };

export interface DevSiteOptions {
  root: string;
  /** Show posts marked draft (the default in the dev server: a writer previews them). */
  drafts?: boolean;
  /** Unknown front matter fields are errors. */
  strict?: boolean;
  progress?: Progress;
}

export class DevSite {
  readonly root: string;
  readonly distDir: string;
  readonly siteDir: string;
  readonly cacheDir: string;
  /** Kept alive across rebuilds: an unchanged image is never made or copied again. */
  readonly images: ImageCache;
  readonly loadCache = new LoadCache();
  /** The last model that built; its pages are what the server shows. */
  site?: Site;
  private written: NonNullable<SiteBuildOptions['images']> = new Map();
  private feedBodies: NonNullable<SiteBuildOptions['feedBodies']> = new WeakMap();
  private drafts: boolean;
  private strict: boolean | undefined;
  private progress: Progress;

  constructor(options: DevSiteOptions) {
    this.root = resolve(options.root);
    this.distDir = join(this.root, 'dist');
    this.siteDir = join(this.distDir, 'site');
    this.cacheDir = join(this.root, '.cache');
    this.images = new ImageCache(this.cacheDir);
    this.drafts = options.drafts ?? true;
    this.strict = options.strict;
    this.progress = options.progress ?? { step() {} };
  }

  /** URL path the site lives under (from site.url); "/" before the first good build. */
  get base(): string {
    return this.site ? siteUrls(this.site).base : '/';
  }

  /**
   * Loads the project again (reusing every unchanged post) and renders the
   * pages the change touched; `everything` after a config or template change
   * (`template`: the template file saved last, named when rendering fails).
   * On an error nothing is written: the last good pages stay.
   */
  async rebuild(everything = false, template?: string): Promise<Rebuild> {
    const t0 = performance.now();
    const ms = () => Math.round(performance.now() - t0);
    this.progress.step('reading posts');
    const loaded = await loadSite(this.root, { drafts: this.drafts, cache: this.loadCache, strict: this.strict });
    const buildFile = new VFile({ path: 'postbound.yaml', cwd: this.root });
    const files = [...loaded.files, buildFile];
    if (!loaded.ok || !loaded.site) return { ok: false, files, ms: ms() };
    const site = loaded.site;
    const loadMs = ms();
    const first = this.site === undefined;
    const plan = planPages(this.site, site, everything);
    try {
      let written: OutputFile[];
      if (first) written = await this.firstBuild(site, buildFile);
      else {
        const ctx = this.context(site, this.distDir, buildFile);
        written = await buildSite(ctx, {
          images: this.written,
          feedBodies: this.feedBodies,
          page: plan.all ? undefined : (rel) => plan.pages.has(rel),
        });
        for (const folder of plan.removed) await rm(join(this.siteDir, folder), { recursive: true, force: true });
        // The downloads pages use the templates and the books' config too.
        if (plan.all) written.push(...(await buildDownloads(ctx, await existingBookFiles(this.distDir))));
      }
      if (buildFile.messages.some((m) => m.fatal)) return { ok: false, files, ms: ms() };
      this.site = site;
      const base = siteUrls(site).base;
      const urls = plan.all || plan.pages.has('style.css') ? ['*'] : [...plan.pages].map((rel) => pageUrl(base, rel));
      const posts = site.posts.filter((p) => plan.all || plan.pages.has(pageFile(p.path))).map((p) => p.rel);
      return {
        ok: true,
        plan,
        urls,
        posts,
        written: written.length,
        ms: ms(),
        stages: { load: loadMs, render: ms() - loadMs },
        files,
      };
    } catch (error) {
      // Eta gives no line for a template error; the template just saved is the likely place.
      const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0];
      const file = template ? new VFile({ path: template, cwd: this.root }) : buildFile;
      const message = file.message(template ? `${reason} (while rendering the site after this template changed)` : reason, {
        ruleId: 'build-failed',
        source: 'postbound',
        cause: error as Error,
      });
      message.fatal = true;
      if (file !== buildFile) files.push(file);
      return { ok: false, files, ms: ms() };
    }
  }

  /** The whole site into a fresh folder, then swapped in for dist/site (so a stale page never lingers). */
  private async firstBuild(site: Site, buildFile: VFile): Promise<OutputFile[]> {
    const tmp = join(this.cacheDir, `serve-${process.pid}-${Date.now().toString(36)}`);
    await mkdir(tmp, { recursive: true });
    try {
      this.written = new Map();
      const files = await buildSite(this.context(site, tmp, buildFile), { images: this.written, feedBodies: this.feedBodies });
      await mkdir(this.distDir, { recursive: true });
      const old = join(tmp, 'old-site');
      if (existsSync(this.siteDir)) await rename(this.siteDir, old);
      await rename(join(tmp, 'site'), this.siteDir);
      // Downloads pages, so the home page's book links lead somewhere; with the books of a previous build when there are some.
      files.push(...(await buildDownloads(this.context(site, this.distDir, buildFile), await existingBookFiles(this.distDir))));
      return files;
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  }

  /** A build context for the site target (it never opens the browser). */
  context(site: Site, outDir: string, buildFile: VFile): BuildContext {
    return {
      site,
      outDir,
      cacheDir: this.cacheDir,
      images: this.images,
      browser: new SharedBrowser(),
      progress: this.progress,
      buildFile,
      artifacts: undefined as unknown as Artifacts,
    };
  }
}

/** The files a previous build left in dist/book/, as the targets would have listed them. */
export async function existingBookFiles(distDir: string): Promise<OutputFile[]> {
  const dir = join(distDir, 'book');
  const names = await readdir(dir).catch(() => [] as string[]);
  return Promise.all(names.map(async (name) => ({ path: `book/${name}`, bytes: (await stat(join(dir, name))).size })));
}
