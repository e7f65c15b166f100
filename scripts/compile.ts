// Compiles src/**/*.ts to lib/**/*.js so the CLI starts without tsx transforming
// about a hundred modules on every run (bin/postbound.mjs picks lib/ when it is
// fresh). Run: `npm run compile` (also run by `npm ci` / `npm install` through
// `prepare`).
//
// Each file is transformed on its own, not bundled: lib/ mirrors src/ folder for
// folder, so every path a module finds from its own location (`../../templates`,
// `./engine-worker.mjs`, `createRequire(import.meta.url)`) resolves as it does
// from src/. Non-TypeScript files under src/ are copied beside the output. The npm
// packages they import are bundled into lib/vendor/ (scripts/vendor-bundle.ts).
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as Esbuild from 'esbuild';
import { bundleEngine } from '../src/validate/engine-bundle.ts';
import { bundleVendor } from './vendor-bundle.ts';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Name of the stamp file inside the output folder; bin/postbound.mjs reads it. */
export const STAMP = '.stamp.json';

/** What lib/ was built from; bin/postbound.mjs trusts lib/ only while these match. */
export interface Stamp {
  /** Date.now() before the first source was read: a file changed after this may not be in lib/. */
  startedAt: number;
  esbuild: string;
  /** Every file under the source folder, as `src/…` ('/'-separated), to the sha256 of its bytes. */
  inputs: Record<string, string>;
  /** sha256 of this script: different compile options make a different lib/. */
  compiler: string;
  /**
   * What else lib/ was made from, as repository paths to their sha256: the vendor
   * script, and the lockfile (lib/vendor/ holds the packages it names).
   */
  tools: Record<string, string>;
}

export interface CompileOptions {
  /** The TypeScript sources; default src/. */
  srcDir?: string;
  /** Replaced as a whole when the compile succeeds; default lib/. */
  outDir?: string;
}

// The esbuild that tsx depends on: the fallback path transforms with it too, so
// both paths see the same compiler, and no separate dependency is needed for
// `npm ci --omit=dev` (tsx is a runtime dependency).
export function loadEsbuild(): typeof Esbuild {
  const fromTsx = createRequire(createRequire(import.meta.url).resolve('tsx/package.json'));
  return fromTsx('esbuild') as typeof Esbuild;
}

// Relative module specifiers in esbuild's output: `from "…"`, `import "…"`,
// `import("…")`, `new URL("…", import.meta.url)`. esbuild prints string literals
// with double quotes; single quotes are accepted in case a future version differs.
const RELATIVE_TS = /(\bfrom\s*|\bimport\s*\(?\s*|\bnew URL\(\s*)(["'])(\.\.?\/[^"'\n]*?)\.ts\2/g;

const ANY_RELATIVE_TS = /(["'])\.\.?\/[^"'\n]*?\.ts\1/;

/** Rewrites `./x.ts` specifiers to `./x.js`; exported for the test. */
export function rewriteSpecifiers(code: string): string {
  return code.replace(RELATIVE_TS, (_m, lead: string, quote: string, path: string) => `${lead}${quote}${path}.js${quote}`);
}

/** Files under dir, relative to it with '/' separators, sorted. */
function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort();
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** The compiler options tsx would take from tsconfig.json, so lib/ behaves as src/ under tsx. */
function tsconfigRaw(): Esbuild.TsconfigRaw {
  try {
    const parsed = JSON.parse(readFileSync(join(REPO, 'tsconfig.json'), 'utf8')) as Esbuild.TsconfigRaw;
    return { compilerOptions: parsed.compilerOptions ?? {} };
  } catch {
    return {};
  }
}

/** Compiles srcDir into outDir; returns the stamp written. Throws (leaving outDir as it was) on any error. */
export async function compile(options: CompileOptions = {}): Promise<Stamp> {
  const srcDir = resolve(options.srcDir ?? join(REPO, 'src'));
  const outDir = resolve(options.outDir ?? join(REPO, 'lib'));
  const esbuild = loadEsbuild();
  const startedAt = Date.now();
  const inputs: Record<string, string> = {};
  // Keys relative to the folder holding src/, the same root bin/postbound.mjs starts from.
  const inputKey = (file: string) => relative(dirname(srcDir), file).split(sep).join('/');

  // Beside outDir so the final rename stays on one filesystem.
  mkdirSync(dirname(outDir), { recursive: true });
  const staging = mkdtempSync(join(dirname(outDir), `.${basename(outDir)}-tmp-`));
  try {
    const tsconfig = tsconfigRaw();
    for (const rel of listFiles(srcDir)) {
      const from = join(srcDir, rel);
      const bytes = readFileSync(from);
      inputs[inputKey(from)] = sha256(bytes);
      if (!rel.endsWith('.ts') || rel.endsWith('.d.ts')) {
        if (rel.endsWith('.d.ts')) continue;
        mkdirSync(dirname(join(staging, rel)), { recursive: true });
        cpSync(from, join(staging, rel));
        continue;
      }
      const to = join(staging, rel.replace(/\.ts$/, '.js'));
      const result = await esbuild.transform(bytes.toString('utf8'), {
        loader: 'ts',
        format: 'esm',
        target: 'node20',
        platform: 'node',
        tsconfigRaw: tsconfig,
        // As tsx does: function and class names survive as written.
        keepNames: true,
        // The map points at the source as seen from the .js file's final place,
        // so stack traces (with source maps enabled) name src/…/x.ts.
        sourcemap: 'inline',
        sourcesContent: false,
        sourcefile: relative(dirname(join(outDir, rel)), from)
          .split(sep)
          .join('/'),
      });
      const code = rewriteSpecifiers(result.code);
      // A form of import the rewrite does not know would fail only when that
      // module loads, perhaps lazily in the middle of a build: refuse it here.
      const left = code.match(ANY_RELATIVE_TS);
      if (left) throw new Error(`compile: ${rel} refers to ${left[0]}, which the rewrite to .js did not cover`);
      mkdirSync(dirname(to), { recursive: true });
      writeFileSync(to, code);
    }
    // The npm packages the modules import, bundled into lib/vendor/ (scripts/vendor-bundle.ts)
    await bundleVendor(esbuild, { dir: staging, root: REPO, reuse: existsSync(outDir) ? outDir : undefined });
    // The engine as one file beside the compiled engine.ts (src/validate/engine-bundle.ts);
    // without it the engine loads from its package, only more slowly.
    if (existsSync(join(staging, 'validate', 'engine.js'))) {
      try {
        await bundleEngine(esbuild, {
          root: dirname(srcDir),
          outDir: join(staging, 'validate'),
          finalDir: join(outDir, 'validate'),
        });
      } catch (err) {
        console.warn(`postbound: the engine was not bundled, it will load from its package: ${(err as Error).message}`);
      }
    }
    const compiler = sha256(readFileSync(fileURLToPath(import.meta.url)));
    const tools: Record<string, string> = {};
    // (relative to the folder holding src/, where bin/postbound.mjs looks for them)
    for (const tool of ['scripts/vendor-bundle.ts', 'package-lock.json']) {
      const file = join(dirname(srcDir), tool);
      if (existsSync(file)) tools[tool] = sha256(readFileSync(file));
    }
    const stamp: Stamp = { startedAt, esbuild: esbuild.version, inputs, compiler, tools };
    writeFileSync(join(staging, STAMP), `${JSON.stringify(stamp, null, 2)}\n`);

    // Two renames, not one: rename() cannot replace a non-empty folder. Between
    // them outDir is missing, and bin/postbound.mjs falls back to tsx.
    const old = existsSync(outDir) ? mkdtempSync(join(dirname(outDir), `.${basename(outDir)}-old-`)) : undefined;
    if (old) renameSync(outDir, join(old, 'lib'));
    renameSync(staging, outDir);
    if (old) rmSync(old, { recursive: true, force: true });
    return stamp;
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    throw err;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const t0 = performance.now();
  const stamp = await compile();
  const count = Object.keys(stamp.inputs).filter((k) => k.endsWith('.ts')).length;
  console.log(`postbound: compiled ${count} modules to lib/ in ${Math.round(performance.now() - t0)} ms`);
}
