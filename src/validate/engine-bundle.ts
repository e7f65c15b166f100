// The EPUBCheck engine as one prebuilt file. Loading @likecoin/epubcheck-ts as
// published costs a fresh process more than a tenth of a second of CPU before
// the first book: a few hundred modules to resolve and read, most of them
// css-tree's, whose main entry also builds a CSS lexer from the whole mdn-data
// set that the engine never asks for (it imports only `parse` and `walk`).
// `npm run compile` bundles the engine with esbuild into lib/validate/
// (engine.bundle.mjs): its code as published, css-tree's public `parser` and
// `walker` entries for those two names, fflate, with libxml2-wasm left a
// package import. Beside it a sealed manifest names the bundle's SHA-256 and
// each package it holds with the version it was made from; the bundle is used
// only while every one of them is still what is installed, where it was when
// the bundle was made, and the package itself otherwise (an update, a damaged
// file, a run from src/, a lib/ made on another machine's node_modules layout).
// A V8 code cache of the bundle was measured too and saved nothing.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type * as Esbuild from 'esbuild';
import { digest, parseSealed, seal } from '../content/sealed.ts';

export const ENGINE_PACKAGE = '@likecoin/epubcheck-ts';
export const BUNDLE_FILE = 'engine.bundle.mjs';
export const MANIFEST_FILE = 'engine.bundle.json';

export interface BundleManifest {
  /** SHA-256 of the bundle's bytes. */
  sha256: string;
  /** Every package whose code is in the bundle; `manifest` is its package.json, relative to the bundle's folder. */
  packages: { name: string; version: string; manifest: string }[];
}

/** The package an input file of the bundle belongs to: the folder after the last node_modules/. */
function packageRoot(file: string): string | undefined {
  const parts = file.split(sep);
  const at = parts.lastIndexOf('node_modules');
  if (at < 0 || at + 1 >= parts.length) return undefined;
  const take = parts[at + 1]!.startsWith('@') ? 3 : 2;
  return parts.slice(0, at + take).join(sep);
}

/**
 * Bundles the engine into `outDir` (BUNDLE_FILE and MANIFEST_FILE) with the
 * given esbuild, resolving packages from `root`. `finalDir` is where outDir will
 * end up (the manifest's paths are relative to it). Throws when the engine
 * cannot be bundled this way, for instance when a new version imports more of
 * css-tree than `parse` and `walk`.
 */
export async function bundleEngine(
  esbuild: typeof Esbuild,
  options: { root: string; outDir: string; finalDir?: string },
): Promise<BundleManifest> {
  const cssTreeEntries: Esbuild.Plugin = {
    name: 'css-tree-entries',
    setup(build) {
      build.onResolve({ filter: /^css-tree$/ }, (args) => ({ path: args.resolveDir, namespace: 'css-tree-entries' }));
      build.onLoad({ filter: /.*/, namespace: 'css-tree-entries' }, (args) => ({
        contents: "export { default as parse } from 'css-tree/parser';\nexport { default as walk } from 'css-tree/walker';\n",
        resolveDir: args.path,
        loader: 'js',
      }));
    },
  };
  const result = await esbuild.build({
    stdin: { contents: `export * from '${ENGINE_PACKAGE}';\n`, resolveDir: options.root, loader: 'js' },
    absWorkingDir: options.root,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: ['libxml2-wasm'],
    plugins: [cssTreeEntries],
    metafile: true,
    write: false,
    logLevel: 'silent',
    legalComments: 'inline',
  });
  const code = result.outputFiles[0]!.contents;
  const roots = new Set<string>();
  for (const input of Object.keys(result.metafile.inputs)) {
    const file = input.includes(':') ? undefined : resolve(options.root, input);
    const root = file && packageRoot(file);
    if (root) roots.add(root);
  }
  const finalDir = options.finalDir ?? options.outDir;
  const packages = [...roots].sort().map((root) => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; version: string };
    return {
      name: pkg.name,
      version: pkg.version,
      manifest: relative(finalDir, join(root, 'package.json')).split(sep).join('/'),
    };
  });
  if (!packages.some((p) => p.name === ENGINE_PACKAGE)) throw new Error(`the bundle does not hold ${ENGINE_PACKAGE}`);
  const manifest: BundleManifest = { sha256: digest(code), packages };
  writeFileSync(join(options.outDir, BUNDLE_FILE), code);
  writeFileSync(join(options.outDir, MANIFEST_FILE), seal(JSON.stringify(manifest, null, 2)));
  return manifest;
}

/** Why the bundle in `dir` cannot stand for the installed engine, or undefined when it can. */
export function bundleMismatch(dir: string): string | undefined {
  const manifestFile = join(dir, MANIFEST_FILE);
  if (!existsSync(manifestFile)) return 'no bundle';
  try {
    const manifest = parseSealed<BundleManifest>(readFileSync(manifestFile, 'utf8'));
    if (!manifest?.packages?.length) return 'the manifest is damaged';
    for (const p of manifest.packages) {
      let installed: { name?: string; version?: string };
      try {
        installed = JSON.parse(readFileSync(resolve(dir, p.manifest), 'utf8'));
      } catch {
        return `${p.name} is no longer at ${p.manifest}`;
      }
      if (installed.name !== p.name || installed.version !== p.version) {
        return `${p.name} ${installed.version ?? '?'} is installed, the bundle holds ${p.version}`;
      }
    }
    if (digest(readFileSync(join(dir, BUNDLE_FILE))) !== manifest.sha256) return 'the bundle is damaged';
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

const chosen = new Map<string, string>();
/**
 * What the engine is imported from: the bundle beside this module when it
 * matches what is installed (checked once per process), else the package.
 */
export function engineSpecifier(dir = dirname(fileURLToPath(import.meta.url))): string {
  let specifier = chosen.get(dir);
  if (!specifier) {
    specifier = bundleMismatch(dir) === undefined ? pathToFileURL(join(dir, BUNDLE_FILE)).href : ENGINE_PACKAGE;
    chosen.set(dir, specifier);
  }
  return specifier;
}
