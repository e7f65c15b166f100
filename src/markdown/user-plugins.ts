// The writer's remark and rehype plugins (markdown.remarkPlugins and
// markdown.rehypePlugins), found in the project's own node_modules or folder
// once per build, where a missing one can be reported at its line of
// postbound.yaml; each renderer (the main thread or a worker) then imports them
// by URL and wraps them so that one that throws is reported on the post.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Plugin } from 'unified';
import type { Position } from 'unist';
import type { VFile } from 'vfile';
import type { PluginEntry } from '../config/schema.ts';
import { report } from '../content/messages.ts';

export type PluginKind = 'remark' | 'rehype';

/** A plugin found on disk: what a renderer needs to load it, and what the cache key needs. */
export interface PluginRef {
  kind: PluginKind;
  name: string;
  /** file: URL of the module. */
  url: string;
  options?: unknown;
  /** name@version of its package, or the hash of a file of the project's own. */
  fingerprint: string;
}

export interface ConfigPlace {
  file: VFile;
  positionOf?: (path: PropertyKey[]) => Position;
}

const isPath = (name: string) => name.startsWith('.') || isAbsolute(name);

/**
 * Finds every plugin of `entries` from the project folder `root`; each one that
 * cannot be found, or is not a function, is reported on the config file at its entry.
 */
export async function resolvePlugins(
  root: string,
  entries: Record<PluginKind, PluginEntry[]>,
  where: ConfigPlace,
): Promise<PluginRef[]> {
  const refs: PluginRef[] = [];
  for (const kind of ['remark', 'rehype'] as const) {
    const key = `${kind}Plugins`;
    for (const [i, entry] of entries[kind].entries()) {
      const [name, options] = typeof entry === 'string' ? [entry, undefined] : entry;
      const place = where.positionOf?.(['markdown', key, i]);
      const path = locate(root, name);
      if (!path) {
        const from = isPath(name) ? `no file ${name} in the project folder` : `no package "${name}" in ${root}/node_modules`;
        report(where.file, 'plugin-missing', `markdown.${key}: ${from}`, place);
        continue;
      }
      const url = pathToFileURL(path).href;
      let plugin: unknown;
      try {
        plugin = ((await import(url)) as { default?: unknown }).default;
      } catch (error) {
        report(where.file, 'plugin-invalid', `markdown.${key}: "${name}" does not load: ${firstLine(error)}`, place);
        continue;
      }
      if (typeof plugin !== 'function') {
        report(where.file, 'plugin-invalid', `markdown.${key}: "${name}" has no function as its default export`, place);
        continue;
      }
      refs.push({ kind, name, url, ...(options === undefined ? {} : { options }), fingerprint: fingerprint(name, path) });
    }
  }
  return refs;
}

/** The module file of `name`, looked up from `root` as Node would from a file there. */
function locate(root: string, name: string): string | undefined {
  if (isPath(name)) {
    const path = resolve(root, name);
    return existsSync(path) ? path : undefined;
  }
  const require = createRequire(join(root, 'package.json'));
  try {
    return require.resolve(name);
  } catch (error) {
    // an ESM-only package whose exports have no `require` condition: read them
    if ((error as { code?: string }).code !== 'ERR_PACKAGE_PATH_NOT_EXPORTED') return undefined;
    return esmEntry(require.resolve.paths(name) ?? [], name);
  }
}

function esmEntry(folders: string[], name: string): string | undefined {
  for (const folder of folders) {
    const manifest = join(folder, name, 'package.json');
    if (!existsSync(manifest)) continue;
    const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { exports?: unknown; module?: string; main?: string };
    const dot =
      typeof pkg.exports === 'object' && pkg.exports && '.' in pkg.exports ? (pkg.exports as { '.': unknown })['.'] : pkg.exports;
    const target = pick(dot) ?? pkg.module ?? pkg.main ?? 'index.js';
    return join(folder, name, target);
  }
  return undefined;
}

/** The file an `exports` entry gives an ES module import. */
function pick(entry: unknown): string | undefined {
  if (typeof entry === 'string') return entry;
  if (!entry || typeof entry !== 'object') return undefined;
  const conditions = entry as Record<string, unknown>;
  for (const c of ['node', 'import', 'default']) if (c in conditions) return pick(conditions[c]);
  return undefined;
}

function fingerprint(name: string, path: string): string {
  if (isPath(name)) return createHash('sha256').update(readFileSync(path)).digest('hex').slice(0, 16);
  for (let dir = dirname(path); dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (!existsSync(manifest)) continue;
    const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
    if (pkg.name && pkg.version) return `${pkg.name}@${pkg.version}`;
  }
  return createHash('sha256').update(readFileSync(path)).digest('hex').slice(0, 16);
}

function firstLine(error: unknown): string {
  return String(error instanceof Error ? error.message : error).split('\n')[0]!;
}

/** A plugin with its name and kind, ready for `processor.use`. */
export interface LoadedPlugin {
  ref: PluginRef;
  plugin: Plugin<[unknown?], never>;
}

export async function loadPlugins(refs: PluginRef[]): Promise<LoadedPlugin[]> {
  return Promise.all(
    refs.map(async (ref) => ({ ref, plugin: ((await import(ref.url)) as { default: Plugin<[unknown?], never> }).default })),
  );
}

/** Thrown by a wrapped plugin: which plugin failed, and why. */
export class PluginFailure extends Error {
  constructor(
    readonly ref: PluginRef,
    readonly error: unknown,
  ) {
    super(`${ref.kind} plugin "${ref.name}": ${firstLine(error)}`);
  }
}

type Transformer = (tree: unknown, file: VFile, next?: (error?: unknown, tree?: unknown) => void) => unknown;

/**
 * `plugin`, whose setup and transform both turn any error into a PluginFailure
 * naming it. A transform that takes a callback is given one and awaited.
 */
export function guarded({ ref, plugin }: LoadedPlugin): Plugin<[], never> {
  return function (this: unknown) {
    let transform: Transformer | undefined;
    let setupError: unknown;
    try {
      transform = (plugin as unknown as (this: unknown, options?: unknown) => Transformer | undefined).call(this, ref.options);
    } catch (error) {
      setupError = error;
    }
    if (setupError === undefined && typeof transform !== 'function') return undefined;
    return (async (tree: unknown, file: VFile) => {
      if (setupError !== undefined) throw new PluginFailure(ref, setupError);
      try {
        const t = transform!;
        const result =
          t.length > 2
            ? await new Promise((ok, fail) => t(tree, file, (error, out) => (error ? fail(error) : ok(out))))
            : await t(tree, file);
        return result ?? undefined;
      } catch (error) {
        throw new PluginFailure(ref, error);
      }
    }) as never;
  } as Plugin<[], never>;
}
