// One headless Chromium per build, opened on first use and shared by the PDF,
// summary and cover targets. The browser is resolved at run time because
// puppeteer cannot download its own here: PUPPETEER_EXECUTABLE_PATH, then the
// usual system paths, then puppeteer's cache.
//
// It is driven over a pipe (--remote-debugging-pipe), not a WebSocket: when the
// build ends in any way, SIGKILL included, the pipe closes and Chromium quits
// with it. Over a WebSocket it outlived a killed build (25 processes, reparented
// to init, 14 still running 20 s later). Its profile folder is named with the
// build's pid, so the next build removes the profiles of builds that died.
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { PROFILE_PREFIX, removeStale } from '../pipeline/stale.ts';

/**
 * Chromium's headless shell first (Debian's chromium-headless-shell, puppeteer's
 * chrome-headless-shell): the same Blink and Skia without the browser's own UI,
 * which in a cold build of the sample took 5.2 s of CPU in the browser process
 * against 1.8 s for the shell's, with the same PDF and text (bench/README.md).
 */
const SYSTEM_PATHS = [
  '/usr/bin/chromium-headless-shell',
  '/usr/lib/chromium/chromium-headless-shell',
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/opt/google/chrome/chrome',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

export class BrowserNotFoundError extends Error {
  override name = 'BrowserNotFoundError';
}

/** Finds a Chromium to drive, or throws an error that names the fix. */
export function resolveBrowser(env: NodeJS.ProcessEnv = process.env, exists: (path: string) => boolean = existsSync): string {
  const fromEnv = env.PUPPETEER_EXECUTABLE_PATH;
  if (fromEnv) {
    if (exists(fromEnv)) return fromEnv;
    throw new BrowserNotFoundError(
      `PUPPETEER_EXECUTABLE_PATH is set to "${fromEnv}", but no file is there. Point it at a Chromium or Chrome binary, or unset it.`,
    );
  }
  for (const p of SYSTEM_PATHS) if (exists(p)) return p;
  const cache = env.PUPPETEER_CACHE_DIR ?? join(homedir(), '.cache', 'puppeteer');
  for (const [kind, binary] of [
    ['chrome-headless-shell', 'chrome-headless-shell-linux64/chrome-headless-shell'],
    ['chrome', 'chrome-linux64/chrome'],
  ] as const) {
    if (!exists(join(cache, kind))) continue;
    for (const version of readdirSync(join(cache, kind)).sort().reverse()) {
      const candidate = join(cache, kind, version, binary);
      if (exists(candidate)) return candidate;
    }
  }
  throw new BrowserNotFoundError(
    'No Chromium found for the PDF, summary and cover. Install one (Debian: `apt-get install chromium-headless-shell`, ' +
      'or `chromium`) ' +
      'or set PUPPETEER_EXECUTABLE_PATH to a Chrome or Chromium binary. ' +
      'To build without it, use `--only site,epub,mobi`.',
  );
}

export const BROWSER_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
  '--allow-file-access-from-files',
  '--font-render-hinting=none',
];

/** puppeteer's `headless` for `executablePath`: the shell is headless only, in its own mode. */
export function headlessMode(executablePath: string): true | 'shell' {
  return /headless[-_]shell/.test(executablePath) ? 'shell' : true;
}

/** A lazily launched, shared browser. `close()` is safe to call when it never opened. */
export class SharedBrowser {
  private launching?: Promise<Browser>;
  private profile?: string;

  private captures: Promise<unknown> = Promise.resolve();

  /**
   * Runs `capture` (a screenshot) after the ones asked for before it. Two pages
   * capturing at once stalled Chromium for 3 to 4 s (cover and summary, in about
   * half of all cold builds); one after the other, each takes a few hundred ms.
   */
  oneAtATime<T>(capture: () => Promise<T>): Promise<T> {
    const run = this.captures.then(capture, capture);
    this.captures = run.catch(() => undefined);
    return run;
  }

  get(): Promise<Browser> {
    if (!this.launching) {
      const executablePath = resolveBrowser();
      removeStale(tmpdir(), [PROFILE_PREFIX]);
      this.profile = mkdtempSync(join(tmpdir(), `${PROFILE_PREFIX}${process.pid}-`));
      const args = [...BROWSER_ARGS, `--user-data-dir=${this.profile}`];
      // puppeteer is loaded here, not with the module: a build that needs no
      // browser (the site, or books from the cache) skips its 150 ms of loading
      this.launching = import('puppeteer-core').then(({ default: puppeteer }) =>
        puppeteer.launch({
          executablePath,
          headless: headlessMode(executablePath),
          pipe: true,
          args,
          protocolTimeout: 300_000,
        }),
      );
    }
    return this.launching;
  }

  get opened(): boolean {
    return this.launching !== undefined;
  }

  async close(): Promise<void> {
    const launching = this.launching;
    this.launching = undefined;
    if (launching) {
      try {
        await (await launching).close();
      } catch {
        // the browser failed to start or already died; nothing left to close
      }
    }
    // (about 180 files: removed off the main thread, which a sync rm held for 0.3–0.5 s)
    const profile = this.profile;
    this.profile = undefined;
    if (profile) await rm(profile, { recursive: true, force: true }).catch(() => undefined);
  }
}

/**
 * Closes `page`, and asks again when Chromium has not closed it within `ms`.
 * Asked to close a page whose navigation had just timed out, Chromium (the
 * headless shell and the full browser alike) said yes and kept the page
 * loading, never destroyed, so puppeteer's close() waited forever: axe runs
 * with a 1–20 ms timeout under load hung in 5 to 7 of 40; asked a second time,
 * it closed every one. After `tries` asks the page is left to the browser,
 * which closes with the build.
 */
export async function closePage(page: Page, ms = 1_000, tries = 3): Promise<void> {
  for (let k = 0; k < tries; k++) {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), ms);
    });
    const closed = await Promise.race([
      page.close().then(
        () => true,
        () => true,
      ),
      late,
    ]);
    clearTimeout(timer);
    if (closed) return;
  }
}
