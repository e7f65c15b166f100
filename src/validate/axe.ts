// axe-core over each content document, in the browser the build already has.
// Documents are served from memory through request interception under an
// origin that cannot resolve, so nothing leaves the machine and the book's own
// CSS and images load as a reading system would load them.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, HTTPRequest, Page } from 'puppeteer-core';
import { closePage } from '../browser/browser.ts';
import { pbMessage } from './catalogue.ts';
import type { Severity, ValidationMessage } from './types.ts';
import { scanTags, type Tag } from './xml-scan.ts';

const ORIGIN = 'https://book.invalid/';

// WCAG rules only: axe's best-practice rules (landmarks, regions) assume a web
// page around the text, which an EPUB chapter is not.
export const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
// ...and the best-practice rules that hold in a chapter as on a page, which DAISY
// Ace runs too (it runs every rule but bypass, region, page-has-heading-one and
// landmark-complementary-is-top-level): a skipped heading level is as confusing
// in a book's outline as on a site.
export const EXTRA_RULES = ['heading-order'];
/** What axe.run is given, the same for warming the page and for every document. */
export const RUN_OPTIONS = {
  runOnly: { type: 'tag', values: TAGS },
  rules: Object.fromEntries(EXTRA_RULES.map((r) => [r, { enabled: true }])),
  resultTypes: ['violations'],
};

const IMPACT: Record<string, Severity> = { critical: 'warning', serious: 'warning', moderate: 'info', minor: 'info' };

let axeSource: string | undefined;
function loadAxe(): string {
  axeSource ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  return axeSource;
}

interface AxeNode {
  target: string[];
  html: string;
  failureSummary?: string;
}
interface AxeViolation {
  id: string;
  impact?: string;
  help: string;
  helpUrl: string;
  nodes: AxeNode[];
}

export interface AxeOptions {
  /** Per document; a page that hangs is reported, not waited on. */
  timeoutMs?: number;
  /** Pages checked at the same time (default 2). */
  pages?: number;
  /**
   * Load every document by a navigation of its own, with axe injected into each.
   * The default reuses a page: see `swapInto`. Kept as the reference the shared
   * page is tested against (test/e2e/validate-axe-shared).
   */
  navigateEach?: boolean;
  /** Told how each document was loaded (tests, benchmarks). */
  onLoad?: (path: string, how: 'navigated' | 'swapped') => void;
}

/**
 * Runs axe on every `documents` path (content documents inside the zip), reading
 * any file through `read`. Violations become ACE-<rule> messages, one per node.
 */
export async function axeCheck(
  browser: Browser,
  documents: string[],
  read: (path: string) => Uint8Array | undefined,
  options: AxeOptions = {},
): Promise<ValidationMessage[]> {
  const results = await axeDocuments(browser, documents, read, options);
  return documents.flatMap((path) => results.get(path)?.messages ?? []);
}

/** What axe found in one document, and the files its page asked for while it was checked. */
export interface DocumentResult {
  messages: ValidationMessage[];
  loads: string[];
}

/** `axeCheck`, by document: the cache (axe-cache.ts) keeps each document's result on its own. */
export async function axeDocuments(
  browser: Browser,
  documents: string[],
  read: (path: string) => Uint8Array | undefined,
  options: AxeOptions = {},
): Promise<Map<string, DocumentResult>> {
  const results = new Map<string, DocumentResult>();
  if (!documents.length) return results;
  const timeout = options.timeoutMs ?? 20_000;
  // Two pages side by side keep both cores busy; a third mostly adds one more
  // cold copy of axe.
  const queue = [...documents];
  const lanes = Math.min(options.pages ?? 2, documents.length);
  await Promise.all(
    Array.from({ length: lanes }, async (_, lane) => {
      // the first lane takes the page warmAxe opened ahead, when there is one
      const warm = lane === 0 && !options.navigateEach ? await takeWarmPage(browser) : undefined;
      const page = warm ?? (await browser.newPage());
      // whether the page holds a plain document with axe loaded, so the next one can be swapped in
      let reusable = warm !== undefined;
      // files asked for while the lane's current document is checked
      let loads = new Set<string>();
      try {
        if (warm) page.removeAllListeners('request');
        else {
          await page.setJavaScriptEnabled(true);
          await page.setRequestInterception(true);
        }
        page.on('request', (req: HTTPRequest) => serve(req, read, loads));
        for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
          loads = new Set();
          const text = new TextDecoder().decode(read(path) ?? new Uint8Array());
          const tags = scanTags(text);
          const plain = !options.navigateEach && isPlain(text, tags);
          let loaded = reusable && plain && (await swapInto(page, path, text, timeout));
          if (loaded) options.onLoad?.(path, 'swapped');
          else {
            options.onLoad?.(path, 'navigated');
            loaded = await navigate(page, path, timeout).then(
              () => true,
              (err: unknown) => {
                results.set(path, { messages: [failed(path, err)], loads: [...loads] });
                return false;
              },
            );
          }
          reusable = false;
          if (!loaded) continue;
          const checked = await checkDocument(page, path, tags);
          results.set(path, { messages: checked.messages, loads: [...loads] });
          reusable = checked.ok && plain;
        }
      } finally {
        await closePage(page);
      }
    }),
  );
  return results;
}

const WARM_PATH = '__postbound-warm__.xhtml';
const BLANK =
  '<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml" lang="en" xml:lang="en"><head><title>-</title></head><body><p>-</p></body></html>';
const warmPages = new WeakMap<Browser, Promise<Page | undefined>>();

/**
 * Opens a page ahead of the first check, while the book is still being made: a
 * blank plain document with axe loaded and run once, so the first content
 * document is swapped in rather than loaded (opening a page, parsing axe's
 * 650 KB and warming it up cost ~300 ms, most of a one-chapter check).
 */
export function warmAxe(browser: Browser): void {
  if (warmPages.has(browser)) return;
  warmPages.set(
    browser,
    openWarmPage(browser).catch(() => undefined),
  );
}

async function openWarmPage(browser: Browser): Promise<Page> {
  const page = await browser.newPage();
  try {
    await page.setJavaScriptEnabled(true);
    await page.setRequestInterception(true);
    page.on('request', (req: HTTPRequest) => {
      if (req.url() === ORIGIN + WARM_PATH) void req.respond({ status: 200, contentType: TYPES.xhtml, body: BLANK });
      else void req.abort('blockedbyclient');
    });
    await page.goto(ORIGIN + WARM_PATH, { waitUntil: 'load', timeout: 20_000 });
    await page.evaluate(loadAxe());
    await page.evaluate(
      (options: typeof RUN_OPTIONS) =>
        // biome-ignore lint/suspicious/noExplicitAny: axe is injected above
        (globalThis as any).axe.run(document, options),
      RUN_OPTIONS,
    );
    return page;
  } catch (error) {
    await closePage(page);
    throw error;
  }
}

/** The page warmAxe opened for `browser`, once (undefined when there is none or it failed). */
async function takeWarmPage(browser: Browser): Promise<Page | undefined> {
  const warm = warmPages.get(browser);
  warmPages.delete(browser);
  return warm;
}

/**
 * A document is swapped into an open page only when nothing in it behaves
 * differently inserted than loaded: no scripts (they would not run), no nested
 * browsing contexts or lazy images (their loads are not awaited the same way),
 * no processing instructions outside the root, no @import or http-equiv pragma.
 */
export function isPlain(text: string, tags: Tag[]): boolean {
  if (/<\?xml-stylesheet|@import/i.test(text)) return false;
  return !tags.some(
    (t) =>
      NOT_PLAIN.has(t.name) ||
      t.attrs.loading !== undefined ||
      // Content-Type only restates the encoding (ignored in XML); every other pragma
      // (refresh, default-style, content-language…) acts on the document as a whole
      (t.attrs['http-equiv'] !== undefined && t.attrs['http-equiv'].toLowerCase() !== 'content-type') ||
      Object.keys(t.attrs).some((a) => a.startsWith('on')),
  );
}
const NOT_PLAIN = new Set(['script', 'iframe', 'frame', 'frameset', 'object', 'embed', 'portal']);

async function navigate(page: Page, path: string, timeout: number): Promise<void> {
  await page.goto(ORIGIN + encodeURI(path), { waitUntil: 'load', timeout });
  await page.evaluate(loadAxe());
}

/**
 * Replaces the open document's root with `path`'s, parsed by the same XML
 * parser a navigation uses, under its own URL, then waits for its stylesheets,
 * images and fonts as the load event would. axe stays loaded and compiled, which
 * is most of the cost of a fresh page (parsing 650 KB and warming it up again).
 * False when the document does not parse, or its resources do not arrive in
 * time: the caller then navigates, and reports what a navigation reports.
 */
async function swapInto(page: Page, path: string, text: string, timeout: number): Promise<boolean> {
  try {
    return await page.evaluate(
      async (xml: string, url: string, ms: number) => {
        const parsed = new DOMParser().parseFromString(xml, 'application/xhtml+xml');
        if (!parsed.documentElement || parsed.getElementsByTagName('parsererror').length) return false;
        history.replaceState(null, '', url);
        document.replaceChild(document.importNode(parsed.documentElement, true), document.documentElement);
        scrollTo(0, 0);
        // No named functions in here: tsx (esbuild keepNames) would wrap them in a
        // __name() helper that does not exist in the page.
        const pending: Element[] = [];
        for (const link of Array.from(document.getElementsByTagNameNS('*', 'link')) as HTMLLinkElement[]) {
          if (/\bstylesheet\b/i.test(link.rel) && !link.sheet) pending.push(link);
        }
        for (const img of Array.from(document.images)) if (!img.complete) pending.push(img);
        const loads = pending.map(
          (el) =>
            new Promise((resolve) => {
              el.addEventListener('load', resolve, { once: true });
              el.addEventListener('error', resolve, { once: true });
            }),
        );
        const timer = new Promise((resolve) => setTimeout(() => resolve('timeout'), ms));
        const done = await Promise.race([Promise.all(loads).then(() => document.fonts.ready), timer]);
        return done !== 'timeout';
      },
      text,
      ORIGIN + encodeURI(path),
      timeout,
    );
  } catch {
    return false;
  }
}

export function failed(path: string, err: unknown): ValidationMessage {
  return pbMessage('axeFailed', { path, reason: err instanceof Error ? err.message.split('\n')[0]! : String(err) }, [{ path }]);
}

async function checkDocument(page: Page, path: string, tags: Tag[]): Promise<{ messages: ValidationMessage[]; ok: boolean }> {
  const out: ValidationMessage[] = [];
  try {
    const violations = (await page.evaluate(
      (options: typeof RUN_OPTIONS) =>
        // biome-ignore lint/suspicious/noExplicitAny: axe is injected above
        (globalThis as any).axe.run(document, options).then((r: { violations: unknown }) => r.violations),
      RUN_OPTIONS,
    )) as AxeViolation[];
    // The DOM does not keep source positions, but the XHTML parser adds no
    // elements, so the n-th <img> in the DOM is the n-th <img> in the file.
    const targets = violations.flatMap((v) => v.nodes.map((n) => n.target[0] ?? ''));
    const places = (await page.evaluate((selectors: string[]) => {
      return selectors.map((sel) => {
        const el = sel ? document.querySelector(sel) : null;
        if (!el) return null;
        return {
          tag: el.localName.toLowerCase(),
          index: Array.from(document.getElementsByTagNameNS('*', el.localName)).indexOf(el),
        };
      });
    }, targets)) as ({ tag: string; index: number } | null)[];
    let k = 0;
    for (const v of violations) {
      for (const node of v.nodes) {
        const place = places[k++];
        const tag = place ? tags.filter((t) => t.name === place.tag)[place.index] : undefined;
        const pos = tag ? { line: tag.line, column: tag.column } : undefined;
        out.push({
          id: `ACE-${v.id}`,
          severity: IMPACT[v.impact ?? ''] ?? 'warning',
          message: `${v.help} (${node.target.join(' ')})`,
          hint: `${node.failureSummary ? `${node.failureSummary.replace(/\s*\n\s*/g, ' ')} ` : ''}See ${v.helpUrl}`,
          locations: [{ path, ...(pos ?? {}), context: node.html.slice(0, 200) }],
          origin: 'axe',
        });
      }
    }
  } catch (err) {
    return { messages: [...out, failed(path, err)], ok: false };
  }
  return { messages: out, ok: true };
}

const TYPES: Record<string, string> = {
  xhtml: 'application/xhtml+xml',
  html: 'application/xhtml+xml',
  css: 'text/css',
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  js: 'text/javascript',
};

function serve(req: HTTPRequest, read: (path: string) => Uint8Array | undefined, loads: Set<string>): void {
  const url = req.url();
  if (!url.startsWith(ORIGIN)) {
    void req.abort('blockedbyclient');
    return;
  }
  let path = url.slice(ORIGIN.length).split(/[?#]/)[0]!;
  try {
    path = decodeURI(path);
  } catch {
    // leave it encoded; it will simply not be found
  }
  loads.add(path);
  const body = read(path);
  if (!body) {
    void req.respond({ status: 404, body: '' });
    return;
  }
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  void req.respond({ status: 200, contentType: TYPES[ext] ?? 'application/octet-stream', body: Buffer.from(body) });
}
