// The engine as one prebuilt file (src/validate/engine-bundle.ts): it must find
// what the package finds, and stand aside whenever it is not what is installed.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import * as EngineModule from '@likecoin/epubcheck-ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEsbuild } from '../../../scripts/compile.ts';
import { seal } from '../../../src/content/sealed.ts';
import {
  BUNDLE_FILE,
  type BundleManifest,
  bundleEngine,
  bundleMismatch,
  ENGINE_PACKAGE,
  engineSpecifier,
  MANIFEST_FILE,
} from '../../../src/validate/engine-bundle.ts';
import { edit, minimalFiles, zip } from './fixtures.ts';

const REPO = resolve(import.meta.dirname, '../../..');

const faulty = async () => {
  let files = await minimalFiles();
  files = edit(files, 'EPUB/style.css', (s) => `${s}\na { position: fixed; }\n@font-face { font-family: X; }\nb { color: red`);
  files = edit(files, 'EPUB/ch1.xhtml', (s) =>
    s.replace('href="ch2.xhtml#arrival"', 'href="ch9.xhtml"').replace('<p>We', '<blink>x</blink><p>We'),
  );
  return zip(files);
};

const check = async (module: typeof EngineModule, data: Uint8Array) =>
  (await new module.EpubCheck({ includeUsage: false, includeInfo: true }).check(data)).messages;

describe('the engine bundle', () => {
  let dir: string;
  let manifest: BundleManifest;
  const fresh = (name: string) => {
    const copy = join(dir, name);
    cpSync(join(dir, 'made'), copy, { recursive: true });
    return copy;
  };
  const rewriteManifest = (at: string, change: (m: BundleManifest) => void) => {
    const m = structuredClone(manifest);
    change(m);
    writeFileSync(join(at, MANIFEST_FILE), seal(JSON.stringify(m)));
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'postbound-engine-bundle-'));
    const made = join(dir, 'made');
    mkdirSync(made);
    manifest = await bundleEngine(loadEsbuild(), { root: REPO, outDir: made });
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('should hold the installed engine, css-tree and fflate, and not the CSS data the engine never reads', () => {
    const names = manifest.packages.map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining([ENGINE_PACKAGE, 'css-tree', 'fflate']));
    expect(names).not.toContain('mdn-data');
    expect(manifest.packages.find((p) => p.name === ENGINE_PACKAGE)?.version).toBe(EngineModule.VERSION);
    expect(bundleMismatch(join(dir, 'made'))).toBeUndefined();
    expect(engineSpecifier(join(dir, 'made'))).toBe(pathToFileURL(join(dir, 'made', BUNDLE_FILE)).href);
  });

  it('should find what the package finds, message for message', async () => {
    const bundled = (await import(pathToFileURL(join(dir, 'made', BUNDLE_FILE)).href)) as typeof EngineModule;
    expect(bundled.VERSION).toBe(EngineModule.VERSION);
    const data = await faulty();
    const [a, b] = [await check(EngineModule, data), await check(bundled, data)];
    expect(b).toEqual(a);
    const ids = a.map((m) => m.id);
    // the CSS and the XHTML were both checked
    expect(ids.some((id) => id.startsWith('CSS-'))).toBe(true);
    expect(ids).toContain('RSC-007');
    expect(await check(bundled, zip(await minimalFiles()))).toEqual(await check(EngineModule, zip(await minimalFiles())));
  });

  it('should stand aside for another installed version, a damaged bundle or manifest, or none at all', () => {
    const other = fresh('other');
    rewriteManifest(other, (m) => {
      m.packages.find((p) => p.name === 'css-tree')!.version = '0.0.1';
    });
    expect(bundleMismatch(other)).toMatch(/css-tree .* is installed, the bundle holds 0\.0\.1/);
    expect(engineSpecifier(other)).toBe(ENGINE_PACKAGE);

    const moved = fresh('moved');
    rewriteManifest(moved, (m) => {
      m.packages[0]!.manifest = 'nowhere/package.json';
    });
    expect(bundleMismatch(moved)).toMatch(/no longer at/);

    const damaged = fresh('damaged');
    const code = readFileSync(join(damaged, BUNDLE_FILE), 'utf8');
    writeFileSync(join(damaged, BUNDLE_FILE), code.replace('RSC-007', 'RSC-000'));
    expect(bundleMismatch(damaged)).toBe('the bundle is damaged');

    const cut = fresh('cut');
    const sealed = readFileSync(join(cut, MANIFEST_FILE), 'utf8');
    writeFileSync(join(cut, MANIFEST_FILE), sealed.slice(0, -20));
    expect(bundleMismatch(cut)).toBe('the manifest is damaged');

    expect(bundleMismatch(join(REPO, 'src', 'validate'))).toBe('no bundle');
  });

  it('should check with the package in a worker when the bundle it is given will not load', async () => {
    const broken = join(dir, 'broken.mjs');
    writeFileSync(broken, 'export const = ;\n');
    const worker = new Worker(new URL('../../../src/validate/engine-worker.mjs', import.meta.url), {
      workerData: { engine: pathToFileURL(broken).href },
    });
    try {
      const data = await faulty();
      const reply = await new Promise<{ ok: boolean; messages: EngineModule.ValidationMessage[] }>((ok, fail) => {
        worker.once('message', ok);
        worker.once('error', fail);
        const copy = new Uint8Array(data);
        worker.postMessage({ id: 1, data: copy.buffer }, [copy.buffer]);
      });
      expect(reply.ok).toBe(true);
      expect(reply.messages).toEqual(await check(EngineModule, data));
    } finally {
      await worker.terminate();
    }
  });
});
