// Which Chromium a build drives: the one the writer names, else the headless
// shell when it is installed, else the full browser, else puppeteer's own.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BrowserNotFoundError, headlessMode, resolveBrowser } from '../../../src/browser/browser.ts';

const only =
  (...paths: string[]) =>
  (p: string) =>
    paths.includes(p);

describe('resolveBrowser', () => {
  it('takes PUPPETEER_EXECUTABLE_PATH first, and says what to do when nothing is there', () => {
    const env = { PUPPETEER_EXECUTABLE_PATH: '/opt/my/chrome' };
    expect(resolveBrowser(env, only('/opt/my/chrome', '/usr/bin/chromium-headless-shell'))).toBe('/opt/my/chrome');
    expect(() => resolveBrowser(env, only('/usr/bin/chromium'))).toThrow(
      /PUPPETEER_EXECUTABLE_PATH is set to "\/opt\/my\/chrome"/,
    );
  });

  it("prefers Debian's headless shell to the full browser, and falls back to the browser", () => {
    const both = only('/usr/bin/chromium', '/usr/bin/chromium-headless-shell');
    expect(resolveBrowser({}, both)).toBe('/usr/bin/chromium-headless-shell');
    expect(resolveBrowser({}, only('/usr/bin/chromium'))).toBe('/usr/bin/chromium');
  });

  it("looks in puppeteer's cache last, the headless shell before Chrome, the newest first", () => {
    const cache = mkdtempSync(join(tmpdir(), 'pb-puppeteer-cache-'));
    try {
      const put = (rel: string) => {
        mkdirSync(dirname(join(cache, rel)), { recursive: true });
        writeFileSync(join(cache, rel), '');
        return join(cache, rel);
      };
      const nothing = (p: string) => p.startsWith(cache) && existsSync(p);
      const env = { PUPPETEER_CACHE_DIR: cache };
      expect(() => resolveBrowser(env, nothing)).toThrow(BrowserNotFoundError);
      expect(() => resolveBrowser(env, nothing)).toThrow(/apt-get install chromium-headless-shell/);
      const chrome = put('chrome/linux-140.0.1/chrome-linux64/chrome');
      expect(resolveBrowser(env, nothing)).toBe(chrome);
      put('chrome-headless-shell/linux-139.0.1/chrome-headless-shell-linux64/chrome-headless-shell');
      const newer = put('chrome-headless-shell/linux-141.0.2/chrome-headless-shell-linux64/chrome-headless-shell');
      expect(resolveBrowser(env, nothing)).toBe(newer);
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });

  it('launches the shell in its own mode and a full browser in the new headless mode', () => {
    expect(headlessMode('/usr/bin/chromium-headless-shell')).toBe('shell');
    expect(
      headlessMode('/home/me/.cache/puppeteer/chrome-headless-shell/linux-1/chrome-headless-shell-linux64/chrome-headless-shell'),
    ).toBe('shell');
    expect(headlessMode('/usr/bin/chromium')).toBe(true);
    expect(headlessMode('/opt/google/chrome/chrome')).toBe(true);
  });
});
