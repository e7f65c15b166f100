// One EPUB through every check: the zip guard first (nothing is inflated
// before it passes), then the EPUBCheck engine, the publishing checks, and
// axe-core when a browser is given.
import { readFile, stat } from 'node:fs/promises';
import type { Browser } from 'puppeteer-core';
import type { AxeOptions } from './axe.ts';
import { pbMessage } from './catalogue.ts';
import { publishingChecks, readManifest } from './checks.ts';
import { defaultEngine, type Engine, EngineTimeoutError } from './engine.ts';
import { cssStructure } from './gaps.ts';
import { attachExcerpts, attachSources } from './sources.ts';
import { countSeverities, type PublicationFacts, type ValidationMessage, type ValidationReport } from './types.ts';
import { scanTags, textAfter } from './xml-scan.ts';
import { DEFAULT_LIMITS, guardZip, inflateEntry, itemFacts, type ZipEntry, type ZipLimits } from './zip-guard.ts';

export interface ValidateOptions {
  /**
   * Runs axe-core on each content document when given. A function is called only
   * when some document's result is not in the cache, so a book whose documents
   * were all checked before needs no browser.
   */
  browser?: Browser | (() => Promise<Browser>);
  /** Path inside the zip → the markdown file that produced it, for messages. */
  sources?: Record<string, string>;
  /** The markdown of a file `sources` names, so a message also names the line it came from. */
  readSource?: (file: string) => string | undefined;
  /** Warnings make the book invalid too. */
  strict?: boolean;
  engine?: Engine;
  limits?: Partial<ZipLimits>;
  /**
   * Keeps complete results in `<cacheDir>/validation/` by the EPUB's sha256 and
   * everything else that decides them (see cache.ts), and axe's per content
   * document in `<cacheDir>/validation/axe/` (see axe-cache.ts); the build passes its .cache/.
   */
  cacheDir?: string;
  /** Told which content documents axe's results came from the cache for (tests). */
  onAxeHit?: (path: string) => void;
  /** Passed to axe (timeout, pages, onLoad). */
  axe?: AxeOptions;
}

export async function validateEpub(input: string | Uint8Array, options: ValidateOptions = {}): Promise<ValidationReport> {
  const started = performance.now();
  const path = typeof input === 'string' ? input : '<memory>';
  const messages: ValidationMessage[] = [];
  const checkers = ['postbound'];
  let items: ValidationReport['items'] = [];
  let publication: PublicationFacts = {};
  let read: (path: string) => Uint8Array | undefined = () => undefined;
  const finish = (): ValidationReport => {
    if (options.sources) attachSources(messages, options.sources, read, options.readSource);
    const counts = countSeverities(messages);
    const valid = counts.fatal + counts.error === 0 && !(options.strict && counts.warning > 0);
    return { path, valid, messages, counts, publication, items, elapsedMs: performance.now() - started, checkers };
  };

  const maxFile = options.limits?.maxFileBytes ?? DEFAULT_LIMITS.maxFileBytes;
  let data: Uint8Array;
  if (typeof input === 'string') {
    try {
      const size = (await stat(input)).size;
      if (size > maxFile) {
        messages.push(pbMessage('fileTooLarge', { size, limit: maxFile }, [{ path: '' }]));
        return finish();
      }
      data = await readFile(input);
    } catch (err) {
      messages.push(pbMessage('notZip', { reason: err instanceof Error ? err.message : String(err) }, [{ path: '' }]));
      return finish();
    }
  } else data = input;

  const engine = options.engine ?? defaultEngine();
  // the results cache and axe are loaded only for the runs that use them (the build's), not for `postbound validate`
  const cache = options.cacheDir ? await import('./cache.ts') : undefined;
  const key = cache?.validationKey(data, {
    engine: engine.name,
    axe: options.browser !== undefined,
    limits: options.limits ?? {},
  });
  const cached = key && options.cacheDir ? await cache?.readCachedRun(options.cacheDir, key) : undefined;
  if (cached) {
    messages.push(...cached.messages);
    ({ publication, items } = cached);
    checkers.splice(0, checkers.length, ...cached.checkers);
    if (options.sources && options.readSource) {
      // the lines of the content documents, to find the markdown line a message came from
      const g = await guardZip(data, options.limits);
      if (g.ok) read = reader(data, g.entries, []);
    }
    return finish();
  }
  const done = async () => {
    const run = { messages: structuredClone(messages), publication, items, checkers };
    if (key && cache && options.cacheDir && cache.worthKeeping(run))
      await cache.storeRun(options.cacheDir, key, run).catch(() => {});
    return finish();
  };

  const guard = await guardZip(data, options.limits);
  messages.push(...guard.messages);
  items = itemFacts(guard.entries);
  if (!guard.ok) return done();

  // The engine works in its own thread and axe in Chromium: the engine starts
  // first, axe once the publishing checks have read what they need, and the
  // report lists every part in the order they had when they ran one after another.
  checkers.push(engine.name);
  const engineDone = engine.check(data).then(
    (result) => ({ ok: true as const, messages: result.messages, version: result.version }),
    (err: unknown) => {
      const reason = err instanceof Error ? err.message : String(err);
      const id = err instanceof EngineTimeoutError ? 'engineTimeout' : 'engineFailed';
      return { ok: false as const, messages: [pbMessage(id, { reason }, [{ path: '' }])], version: undefined };
    },
  );

  const readErrors: ValidationMessage[] = [];
  read = reader(data, guard.entries, readErrors);
  const manifest = readManifest(read);
  const facts = manifest ? publicationFacts(read(manifest.opfPath)) : undefined;
  if (manifest) {
    const types = new Map(manifest.items.map((i) => [i.path, i]));
    for (const item of items) {
      const m = types.get(item.fileName);
      if (m) Object.assign(item, { id: m.id, mediaType: m.mediaType });
    }
  }
  const published = await publishingChecks(read, { fileSize: data.byteLength });
  const readBeforeAxe = readErrors.splice(0);

  let axeDone: Promise<ValidationMessage[]> = Promise.resolve([]);
  const browser = options.browser;
  if (browser && manifest) {
    checkers.push('axe-core');
    const docs = manifest.items
      .filter((i) => i.mediaType === 'application/xhtml+xml' && !i.properties.includes('nav'))
      .map((i) => i.path)
      .filter((p) => read(p));
    const { axeWithCache } = await import('./axe-cache.ts');
    axeDone = axeWithCache({
      documents: docs,
      read,
      data,
      entries: guard.entries,
      browser: typeof browser === 'function' ? browser : async () => browser,
      cacheDir: options.cacheDir,
      axe: options.axe,
      onHit: options.onAxeHit,
    });
  }

  const engineResult = await engineDone;
  // a finding of ours that carries EPUBCheck's id stands for the engine's at the same place (it adds the hint)
  const ours = new Set(
    [...guard.messages, ...published].filter((m) => m.postboundId).map((m) => `${m.id}|${m.locations[0]?.path ?? ''}`),
  );
  messages.push(...engineResult.messages.filter((m) => !ours.has(`${m.id}|${m.locations[0]?.path ?? ''}`)));
  if (engineResult.ok) publication.version = engineResult.version;
  if (facts) publication = { ...facts, version: publication.version };
  messages.push(...readBeforeAxe, ...published);
  for (const item of manifest?.items ?? []) {
    if (item.mediaType !== 'text/css') continue;
    const bytes = read(item.path);
    const reported = messages.some((m) => m.id === 'CSS-008' && m.locations[0]?.path === item.path);
    if (bytes && !reported) messages.push(...cssStructure(item.path, new TextDecoder().decode(bytes)));
  }
  const axeMessages = await axeDone;
  // entries first inflated while axe loaded them (a font, say) come before its findings
  messages.push(...readErrors, ...axeMessages);
  attachExcerpts(messages, read);
  return done();
}

/** Inflates entries on demand, once each, reporting an entry that will not inflate. */
function reader(data: Uint8Array, entries: ZipEntry[], messages: ValidationMessage[]) {
  const byName = new Map(entries.map((e) => [e.name, e]));
  const cache = new Map<string, Uint8Array | undefined>();
  return (path: string): Uint8Array | undefined => {
    if (cache.has(path)) return cache.get(path);
    const e = byName.get(path);
    let bytes: Uint8Array | undefined;
    if (e) {
      try {
        bytes = inflateEntry(data, e);
      } catch (err) {
        messages.push(pbMessage('badData', { name: path, reason: err instanceof Error ? err.message : String(err) }, [{ path }]));
      }
    }
    cache.set(path, bytes);
    return bytes;
  };
}

function publicationFacts(opf: Uint8Array | undefined): PublicationFacts {
  if (!opf) return {};
  const text = new TextDecoder().decode(opf);
  const facts: PublicationFacts = { creators: [] };
  for (const t of scanTags(text)) {
    if (t.name === 'title') facts.title ??= textAfter(text, t);
    else if (t.name === 'language') facts.language ??= textAfter(text, t);
    else if (t.name === 'identifier') facts.identifier ??= textAfter(text, t);
    else if (t.name === 'publisher') facts.publisher ??= textAfter(text, t);
    else if (t.name === 'creator') facts.creators!.push(textAfter(text, t));
  }
  return facts;
}

/** Adds Java EPUBCheck's findings that the engine did not already report at the same place. */
export function mergeMessages(
  report: ValidationReport,
  extra: ValidationMessage[],
  checker: string,
  strict = false,
): ValidationReport {
  const key = (m: ValidationMessage) => `${m.id}|${m.locations[0]?.path ?? ''}|${m.locations[0]?.line ?? ''}`;
  const have = new Set(report.messages.map(key));
  const messages = [...report.messages, ...extra.filter((m) => !have.has(key(m)))];
  const counts = countSeverities(messages);
  const valid = counts.fatal + counts.error === 0 && !(strict && counts.warning > 0);
  return { ...report, messages, counts, valid, checkers: [...report.checkers, checker] };
}
