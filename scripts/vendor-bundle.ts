// The CLI's npm dependencies as a few bundled files in lib/vendor/, imported by the
// compiled modules instead of the packages: a run then loads about thirty files for
// them, not the hundreds of small modules unified, micromark, zod and yaml are made
// of, each resolved through node_modules and its package.json. Importing the build
// (lib/pipeline/build.js) took 220–303 ms from node_modules and 132–197 ms from the
// bundles (bench/README.md, 2026-12-03). lib/ itself stays one file per source, so every path
// a module finds from its own location resolves as it does from src/.
//
// Left in node_modules: packages that find files or binaries from their own place
// (sharp's native module, Pagefind's binary, libxml2's WebAssembly, axe's script,
// the fonts), the validation engine (bundled on its own, src/validate/engine-bundle.ts),
// puppeteer and chokidar (one command or one target each, loaded when used), Shiki
// (megabytes of grammars, loaded when a post has code) and the compilers.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as Esbuild from 'esbuild';

export const UNBUNDLED = new Set([
  'sharp',
  'pagefind',
  'libxml2-wasm',
  'axe-core',
  '@likecoin/epubcheck-ts',
  'puppeteer-core',
  'chokidar',
  'shiki',
  'tsx',
  'esbuild',
]);

/** The folder under lib/ the bundles are written to. */
export const VENDOR = 'vendor';

/** The package a bare specifier names: `yaml`, `@scope/name`, `pkg` of `pkg/sub`. */
export function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

const BUILTIN = new Set(builtinModules);
const isPackage = (s: string) => !s.startsWith('.') && !s.startsWith('/') && !s.startsWith('node:') && !BUILTIN.has(s);

/** The file name of a specifier's bundle: `hast-util-to-html.js`, `_scope_name.js`. */
export const bundleName = (specifier: string) => `${specifier.replace(/[@/]/g, '_')}.js`;

/** Compiled modules (.js, .mjs) under `dir`, relative paths, the vendor folder left out. */
export function modulesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.m?js$/.test(e.name))
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
    .filter((f) => !f.startsWith(`${VENDOR}/`))
    .sort();
}

/**
 * The package specifiers each module imports (statically, or by import() of a
 * string), as esbuild's parser finds them: not a scan of the text, which would also
 * see `from "x"` inside a string. Every import is left external, so each module is
 * read once and nothing is followed.
 */
export async function importsOf(esbuild: typeof Esbuild, dir: string, files: string[]): Promise<Map<string, Set<string>>> {
  const byFile = new Map<string, Set<string>>();
  await esbuild.build({
    entryPoints: files.map((f) => join(dir, f)),
    bundle: true,
    write: false,
    platform: 'node',
    format: 'esm',
    outdir: join(dir, '.imports'),
    logLevel: 'silent',
    plugins: [
      {
        name: 'postbound-imports',
        setup(build) {
          build.onResolve({ filter: /.*/ }, (args) => {
            if (args.kind === 'entry-point') return undefined;
            if (args.kind === 'import-statement' || args.kind === 'dynamic-import') {
              const file = relative(dir, args.importer).split(sep).join('/');
              if (!byFile.has(file)) byFile.set(file, new Set());
              byFile.get(file)!.add(args.path);
            }
            return { path: args.path, external: true };
          });
        },
      },
    ],
  });
  return byFile;
}

/**
 * Bundles the packages the modules under `dir` import (but UNBUNDLED) into
 * `dir/vendor/`, and points the modules at those files. A bundle of the same
 * packages, lockfile and script is copied from `reuse` (the lib/ being replaced)
 * instead of made again: esbuild takes seconds, a copy milliseconds.
 */
export async function bundleVendor(
  esbuild: typeof Esbuild,
  options: { dir: string; root: string; reuse?: string },
): Promise<string[]> {
  const { dir, root } = options;
  const files = modulesUnder(dir);
  const imports = await importsOf(esbuild, dir, files);
  const wanted = new Set<string>();
  for (const specifiers of imports.values())
    for (const s of specifiers) if (isPackage(s) && !UNBUNDLED.has(packageOf(s))) wanted.add(s);
  const specifiers = [...wanted].sort();
  if (!specifiers.length) return [];
  const out = join(dir, VENDOR);
  const lock = join(root, 'package-lock.json');
  const key = createHash('sha256')
    .update(readFileSync(fileURLToPath(import.meta.url)))
    .update(existsSync(lock) ? readFileSync(lock) : '')
    .update(esbuild.version)
    .update(specifiers.join('\n'))
    .digest('hex');
  const reused = options.reuse ? join(options.reuse, VENDOR) : undefined;
  if (reused && existsSync(join(reused, '.key')) && readFileSync(join(reused, '.key'), 'utf8') === key) {
    cpSync(reused, out, { recursive: true });
  } else {
    await makeBundles(esbuild, { dir, root, out, specifiers });
    writeFileSync(join(out, '.key'), key);
  }
  for (const file of files) {
    const mine = [...(imports.get(file) ?? [])].filter((s) => wanted.has(s));
    if (!mine.length) continue;
    const path = join(dir, file);
    const code = readFileSync(path, 'utf8');
    writeFileSync(
      path,
      pointAtBundles(code, mine, (s) => relativeSpecifier(dirname(path), join(out, bundleName(s)))),
    );
  }
  return specifiers;
}

/** One entry per specifier re-exporting what Node's own import of it has, so a CommonJS package keeps its named exports. */
async function makeBundles(
  esbuild: typeof Esbuild,
  o: { dir: string; root: string; out: string; specifiers: string[] },
): Promise<void> {
  // entries inside `root`, so esbuild finds the packages in its node_modules
  const stubs = join(o.root, `.vendor-entries-${process.pid}`);
  mkdirSync(stubs, { recursive: true });
  try {
    const entryPoints: Record<string, string> = {};
    const exported = exportsOf(o.root, o.specifiers);
    for (const s of o.specifiers) {
      const keys = exported[s] ?? [];
      const names = keys.filter((k) => k !== 'default' && /^[A-Za-z_$][\w$]*$/.test(k));
      const lines = [`export { ${names.join(', ')} } from ${JSON.stringify(s)};`];
      if (keys.includes('default')) lines.push(`export { default } from ${JSON.stringify(s)};`);
      const entry = join(stubs, bundleName(s).replace(/\.js$/, '.mjs'));
      writeFileSync(entry, `${names.length ? lines.join('\n') : lines.slice(1).join('\n')}\n`);
      entryPoints[bundleName(s).replace(/\.js$/, '')] = entry;
    }
    await esbuild.build({
      entryPoints,
      absWorkingDir: o.root,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      outdir: o.out,
      chunkNames: 'chunks/[name]-[hash]',
      external: [...UNBUNDLED],
      // CommonJS inside the bundles requires Node's modules (fs, stream, zlib)
      banner: {
        js: "import { createRequire as __pbCreateRequire } from 'node:module';\nconst require = __pbCreateRequire(import.meta.url);",
      },
      legalComments: 'eof',
      logLevel: 'error',
    });
  } finally {
    rmSync(stubs, { recursive: true, force: true });
  }
}

/**
 * The names each package exports as plain Node imports it from `root` (a CommonJS
 * package's names as Node's own lexer finds them, and `default`), read in a child
 * process: the compile may run under tsx or vitest, whose loaders can pick a
 * package's other build.
 */
function exportsOf(root: string, specifiers: string[]): Record<string, string[]> {
  const script =
    'const out = {}; for (const s of JSON.parse(process.argv[1])) out[s] = Object.keys(await import(s)); process.stdout.write(JSON.stringify(out));';
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(specifiers)], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  if (result.status !== 0) throw new Error(`vendor-bundle: could not import the packages to bundle: ${result.stderr}`);
  return JSON.parse(result.stdout) as Record<string, string[]>;
}

/** `to` as a specifier relative to the folder `from`: `../vendor/yaml.js`. */
function relativeSpecifier(from: string, to: string): string {
  const rel = relative(from, to).split(sep).join('/');
  return rel.startsWith('.') ? rel : `./${rel}`;
}

/**
 * Rewrites the imports of each of `specifiers` (those esbuild found in this module):
 * static ones as esbuild prints them, a whole line at the top level (`import … from
 * "x";`, `export … from "x";`, `import "x";`, and `} from "x";` ending a list of names
 * on several lines), and `import("x")` where no quote or
 * name runs into it, so a string that merely reads `from "x"` is left alone.
 */
export function pointAtBundles(code: string, specifiers: string[], target: (specifier: string) => string): string {
  const known = new Set(specifiers);
  const swap = (all: string, lead: string, quote: string, s: string, tail = '') =>
    known.has(s) ? `${lead}${quote}${target(s)}${quote}${tail}` : all;
  return code
    .replace(
      /^((?:import|export)\b[^\n]*?\bfrom\s*|\}\s*from\s*|import\s*)(["'])([^"'\n]+)\2(?=;?[ \t]*$)/gm,
      (all, lead, quote, s) => swap(all, lead, quote, s),
    )
    .replace(/(?<![\w$.'"`])(import\(\s*)(["'])([^"'\n]+)\2(\s*\))/g, (all, lead, quote, s, tail) =>
      swap(all, lead, quote, s, tail),
    );
}
