// scripts/compile.ts turns src/ into lib/, and bin/postbound.mjs runs lib/ only
// while it matches src/: these check the compiled tree, that it behaves as the
// tsx run does, and which of the two the bin picks as src/ changes.
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile, loadEsbuild, rewriteSpecifiers, STAMP } from '../../../scripts/compile.ts';
import {
  bundleName,
  importsOf,
  modulesUnder,
  packageOf,
  pointAtBundles,
  UNBUNDLED,
  VENDOR,
} from '../../../scripts/vendor-bundle.ts';

const REPO = resolve(import.meta.dirname, '../../..');
const BIN = join(REPO, 'bin', 'postbound.mjs');

const filesUnder = (dir: string) =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)));

/** A folder under the system temp dir that finds the repository's packages, its .js read as ES modules. */
function tempPackage(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'), 'dir');
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  return dir;
}

describe('scripts/compile.ts', () => {
  let dir: string;
  let lib: string;

  beforeAll(async () => {
    dir = tempPackage('postbound-compile-');
    lib = join(dir, 'lib');
    await compile({ outDir: lib });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('should write a .js beside every .ts of src/, and copy the other files', () => {
    const src = filesUnder(join(REPO, 'src'));
    const out = new Set(filesUnder(lib));
    expect(src.filter((f) => f.endsWith('.ts')).length).toBeGreaterThan(50);
    for (const file of src) expect(out, file).toContain(file.replace(/\.ts$/, '.js'));
    expect(out).toContain(STAMP);
  });

  it('should leave no relative .ts specifier in the output', () => {
    const offenders = filesUnder(lib)
      .filter((f) => f.endsWith('.js'))
      .filter((f) => /(["'])\.\.?\/[^"'\n]*\.ts\1/.test(readFileSync(join(lib, f), 'utf8')));
    expect(offenders).toEqual([]);
    // The lazy imports of the targets are the ones a missed rewrite would break mid-build.
    expect(readFileSync(join(lib, 'pipeline', 'build.js'), 'utf8')).toContain('import("../epub/index.js")');
  });

  it('should rewrite static, dynamic and URL specifiers, and leave packages and other strings alone', () => {
    const code = [
      'import { a } from "../a.ts";',
      'export * from "./b.ts";',
      'import "./side.ts";',
      'const c = () => import("../c/index.ts");',
      'const u = new URL("./w.ts", import.meta.url);',
      'import x from "pkg.ts";',
      'const s = "see ./notes.ts";',
    ].join('\n');
    expect(rewriteSpecifiers(code).split('\n')).toEqual([
      'import { a } from "../a.js";',
      'export * from "./b.js";',
      'import "./side.js";',
      'const c = () => import("../c/index.js");',
      'const u = new URL("./w.js", import.meta.url);',
      'import x from "pkg.ts";',
      'const s = "see ./notes.ts";',
    ]);
  });

  it('should import the npm packages from the bundles in vendor/, except those left in node_modules', async () => {
    const imports = await importsOf(loadEsbuild(), lib, modulesUnder(lib));
    const fromNodeModules = new Set<string>();
    for (const [file, specifiers] of imports) {
      for (const s of specifiers) {
        if (s.startsWith('.')) expect(existsSync(join(lib, file, '..', s)), `${file} imports ${s}`).toBe(true);
        else if (!s.startsWith('node:') && !builtinModules.includes(s)) fromNodeModules.add(packageOf(s));
      }
    }
    expect([...fromNodeModules].filter((p) => !UNBUNDLED.has(p))).toEqual([]);
    expect(readFileSync(join(lib, 'content', 'yaml.js'), 'utf8')).toContain('from "../vendor/yaml.js"');
    // a second compile over the first takes its bundles as they are
    const key = readFileSync(join(lib, VENDOR, '.key'), 'utf8');
    await compile({ outDir: lib });
    expect(readFileSync(join(lib, VENDOR, '.key'), 'utf8')).toBe(key);
  });

  it('should export from each bundle what the package exports, CommonJS ones included', async () => {
    const bundled = readdirSync(join(lib, VENDOR)).filter((n) => n.endsWith('.js'));
    expect(bundled).toEqual(expect.arrayContaining(['unified.js', 'yaml.js', 'zod.js', 'yauzl.js', 'vfile.js']));
    // compared in plain Node, which picks a package's build as the bundle does (vitest's loader may take its ES build)
    const specifiers = ['unified', 'yaml', 'zod', 'yauzl', 'vfile', 'fflate', 'liquidjs', 'remark-parse'];
    const script = `const [lib, ...names] = process.argv.slice(1); const out = {};
      for (const s of names) out[s] = [Object.keys(await import(s)).sort(), Object.keys(await import(lib + '/' + s.replace(/[@/]/g, '_') + '.js')).sort()];
      process.stdout.write(JSON.stringify(out));`;
    const compared = JSON.parse(
      execFileSync(
        process.execPath,
        ['--input-type=module', '-e', script, pathToFileURL(join(lib, VENDOR)).href, ...specifiers],
        {
          cwd: REPO,
          encoding: 'utf8',
        },
      ),
    ) as Record<string, [string[], string[]]>;
    for (const s of specifiers) {
      expect(compared[s]![0].length, s).toBeGreaterThan(0);
      expect(compared[s]![1], s).toEqual(compared[s]![0]);
    }
    expect(bundleName('@scope/pkg')).toBe('_scope_pkg.js');
    // the bundle works: a CommonJS package (yaml) and an ES one (unified with remark) through it
    const yaml = await import(pathToFileURL(join(lib, VENDOR, 'yaml.js')).href);
    expect(yaml.parse('title: "A post"\ntags: [one, two]\n')).toEqual({ title: 'A post', tags: ['one', 'two'] });
  });

  it('should point the imports of bundled packages at their bundles, and leave strings alone', () => {
    const code = [
      'import { parse } from "yaml";',
      'import * as z from "zod";',
      'export { VFile } from "vfile";',
      'import "unified";',
      'const m = await import("yaml");',
      'import {\n  a,\n  b\n} from "yaml";',
      'const s = \'a line that reads from "yaml"\';',
      'const t = "import(\\"yaml\\")";',
      'import sharp from "sharp";',
    ].join('\n');
    const out = pointAtBundles(code, ['yaml', 'zod', 'vfile', 'unified'], (s) => `../vendor/${s}.js`);
    expect(out.split('\n')).toEqual([
      'import { parse } from "../vendor/yaml.js";',
      'import * as z from "../vendor/zod.js";',
      'export { VFile } from "../vendor/vfile.js";',
      'import "../vendor/unified.js";',
      'const m = await import("../vendor/yaml.js");',
      'import {',
      '  a,',
      '  b',
      '} from "../vendor/yaml.js";',
      'const s = \'a line that reads from "yaml"\';',
      'const t = "import(\\"yaml\\")";',
      'import sharp from "sharp";',
    ]);
  });

  it('should print what the tsx run prints for --version and schema config', () => {
    const fromLib = (args: string[]) =>
      execFileSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          'const { main } = await import(process.argv[1]); process.exitCode = await main(process.argv.slice(2));',
          pathToFileURL(join(lib, 'cli', 'main.js')).href,
          ...args,
        ],
        { encoding: 'utf8' },
      );
    const fromTsx = (args: string[]) =>
      execFileSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, POSTBOUND_TSX: '1' } });
    expect(fromLib(['--version'])).toBe(fromTsx(['--version']));
    const schema = fromLib(['schema', 'config']);
    expect(JSON.parse(schema)).toHaveProperty('properties');
    expect(schema).toBe(fromTsx(['schema', 'config']));
  });

  it('should leave the previous output as it was when a file does not compile', async () => {
    const src = join(dir, 'broken-src');
    mkdirSync(src);
    writeFileSync(join(src, 'ok.ts'), 'export const ok: number = 1;\n');
    writeFileSync(join(src, 'bad.ts'), 'export const = ;\n');
    const before = readFileSync(join(lib, STAMP), 'utf8');
    await expect(compile({ srcDir: src, outDir: lib })).rejects.toThrow();
    expect(readFileSync(join(lib, STAMP), 'utf8')).toBe(before);
    expect(readdirSync(dir).filter((n) => n.startsWith('.lib-'))).toEqual([]);
  });
});

describe('bin/postbound.mjs', () => {
  // A miniature package: the real bin, and a main that says where it was loaded from.
  let dir: string;
  const main = () => join(dir, 'src', 'cli', 'main.ts');
  const other = () => join(dir, 'src', 'other.ts');
  const mainSource = (word: string) =>
    `export async function main(argv: string[]): Promise<number> {\n  const from: string = import.meta.url.split('/').slice(-3).join('/');\n  process.stdout.write(\`${word} \${from}\\n\`);\n  return argv.length;\n}\n`;
  const run = (env: Record<string, string> = {}) =>
    execFileSync(process.execPath, [join(dir, 'bin', 'postbound.mjs')], {
      encoding: 'utf8',
      env: { ...process.env, ...env },
    }).trim();
  const build = () => compile({ srcDir: join(dir, 'src'), outDir: join(dir, 'lib') });

  beforeAll(() => {
    dir = tempPackage('postbound-bin-');
    mkdirSync(join(dir, 'bin'));
    cpSync(BIN, join(dir, 'bin', 'postbound.mjs'));
    mkdirSync(join(dir, 'src', 'cli'), { recursive: true });
    writeFileSync(main(), mainSource('hello'));
    writeFileSync(other(), 'export const other = 1;\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('should run src/ through tsx when there is no lib/', () => {
    expect(existsSync(join(dir, 'lib'))).toBe(false);
    expect(run()).toBe('hello src/cli/main.ts');
  });

  it('should run lib/ once it is compiled, unless POSTBOUND_TSX=1', async () => {
    await build();
    expect(run()).toBe('hello lib/cli/main.js');
    expect(run({ POSTBOUND_TSX: '1' })).toBe('hello src/cli/main.ts');
  });

  it('should keep lib/ when a source is touched but its bytes are the same', async () => {
    await build();
    const later = new Date(Date.now() + 60_000);
    utimesSync(main(), later, later);
    expect(run()).toBe('hello lib/cli/main.js');
  });

  it('should run src/ when a source changed since the compile', async () => {
    await build();
    writeFileSync(main(), mainSource('changed'));
    expect(run()).toBe('changed src/cli/main.ts');
    await build();
    expect(run()).toBe('changed lib/cli/main.js');
  });

  it('should run src/ when the lockfile changed since the compile (lib/vendor/ bundles its packages)', async () => {
    writeFileSync(join(dir, 'package-lock.json'), '{ "lockfileVersion": 3 }\n');
    await build();
    expect(run()).toBe('changed lib/cli/main.js');
    writeFileSync(join(dir, 'package-lock.json'), '{ "lockfileVersion": 3, "packages": {} }\n');
    expect(run()).toBe('changed src/cli/main.ts');
    await build();
    expect(run()).toBe('changed lib/cli/main.js');
    unlinkSync(join(dir, 'package-lock.json'));
  });

  it('should run src/ when a file was added to or removed from src/', async () => {
    await build();
    writeFileSync(join(dir, 'src', 'added.ts'), 'export const added = 1;\n');
    expect(run()).toBe('changed src/cli/main.ts');
    unlinkSync(join(dir, 'src', 'added.ts'));
    expect(run()).toBe('changed lib/cli/main.js');
    unlinkSync(other());
    expect(run()).toBe('changed src/cli/main.ts');
  });
});
