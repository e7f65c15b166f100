// axe-core over each content document, in the browser the build already has.
// Documents are served from memory through request interception under an
// origin that cannot resolve, so nothing leaves the machine and the book's own
// CSS and images load as a reading system would load them.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, HTTPRequest, Page } from 'puppeteer-core';
import { pbMessage } from './catalogue.ts';
import type { Severity, ValidationMessage } from './types.ts';
import { scanTags } from './xml-scan.ts';

const ORIGIN = 'https://book.invalid/';

// WCAG rules only: axe's best-practice rules (landmarks, regions) assume a web
// page around the text, which an EPUB chapter is not.
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

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
  /** Pages checked at the same time (default 3). */
  pages?: number;
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
  if (!documents.length) return [];
  const timeout = options.timeoutMs ?? 20_000;
  // A few pages side by side: most of axe's time is script work in the page,
  // and the documents are independent. Results keep the documents' order.
  const results = new Map<string, ValidationMessage[]>();
  const queue = [...documents];
  const lanes = Math.min(options.pages ?? 3, documents.length);
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      const page = await browser.newPage();
      try {
        await page.setJavaScriptEnabled(true);
        await page.setRequestInterception(true);
        page.on('request', (req: HTTPRequest) => serve(req, read));
        for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
          results.set(path, await checkDocument(page, path, read, timeout));
        }
      } finally {
        await page.close().catch(() => {});
      }
    }),
  );
  return documents.flatMap((path) => results.get(path) ?? []);
}

async function checkDocument(
  page: Page,
  path: string,
  read: (path: string) => Uint8Array | undefined,
  timeout: number,
): Promise<ValidationMessage[]> {
  const out: ValidationMessage[] = [];
  try {
    await page.goto(ORIGIN + encodeURI(path), { waitUntil: 'load', timeout });
    await page.evaluate(loadAxe());
    const violations = (await page.evaluate(
      (tags: string[]) =>
        // biome-ignore lint/suspicious/noExplicitAny: axe is injected above
        (globalThis as any).axe
          .run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })
          .then((r: { violations: unknown }) => r.violations),
      TAGS,
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
    const tags = scanTags(new TextDecoder().decode(read(path) ?? new Uint8Array()));
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
    out.push(
      pbMessage('axeFailed', { path, reason: err instanceof Error ? err.message.split('\n')[0]! : String(err) }, [{ path }]),
    );
  }
  return out;
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

function serve(req: HTTPRequest, read: (path: string) => Uint8Array | undefined): void {
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
  const body = read(path);
  if (!body) {
    void req.respond({ status: 404, body: '' });
    return;
  }
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  void req.respond({ status: 200, contentType: TYPES[ext] ?? 'application/octet-stream', body: Buffer.from(body) });
}
