import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/validate/engine.ts';
import { validateEpub } from '../../../src/validate/index.ts';
import type { ValidationMessage } from '../../../src/validate/types.ts';
import { edit, minimalFiles, zip } from './fixtures.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const cacheDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'postbound-validation-cache-'));
  dirs.push(d);
  return d;
};

/** An engine that counts its checks and reports one warning on the first content document. */
function countingEngine(name = 'fake 1', fail = false) {
  const engine = {
    name,
    calls: 0,
    async check() {
      engine.calls++;
      if (fail) throw new Error('the fake engine broke');
      const warning: ValidationMessage = {
        id: 'RSC-017',
        severity: 'warning',
        message: 'A warning from the fake engine.',
        locations: [{ path: 'EPUB/ch1.xhtml', line: 3 }],
        origin: 'engine',
      };
      return { messages: [warning], version: '3.3', checker: name };
    },
  } satisfies Engine & { calls: number };
  return engine;
}

describe('validation cache', () => {
  it('should give the same report for the same bytes without checking them again', async () => {
    const dir = cacheDir();
    const data = zip(await minimalFiles());
    const engine = countingEngine();
    const first = await validateEpub(data, { engine, cacheDir: dir });
    const second = await validateEpub(data, { engine, cacheDir: dir });
    expect(engine.calls).toBe(1);
    const { elapsedMs: _a, ...a } = first;
    const { elapsedMs: _b, ...b } = second;
    expect(b).toEqual(a);
    expect(a.messages.map((m) => m.id)).toContain('RSC-017');
  });

  it('should apply sources and strictness on each use, not keep them', async () => {
    const dir = cacheDir();
    const data = zip(await minimalFiles());
    const engine = countingEngine();
    await validateEpub(data, { engine, cacheDir: dir });
    const strict = await validateEpub(data, {
      engine,
      cacheDir: dir,
      strict: true,
      sources: { 'EPUB/ch1.xhtml': 'content/posts/01.md' },
    });
    expect(engine.calls).toBe(1);
    expect(strict.valid).toBe(false);
    expect(strict.messages.find((m) => m.id === 'RSC-017')?.source).toEqual({ file: 'content/posts/01.md' });
    const plain = await validateEpub(data, { engine, cacheDir: dir });
    expect(plain.valid).toBe(true);
    expect(plain.messages.find((m) => m.id === 'RSC-017')?.source).toBeUndefined();
  });

  it('should check again when a byte, the engine or the limits differ', async () => {
    const dir = cacheDir();
    const files = await minimalFiles();
    const engine = countingEngine();
    await validateEpub(zip(files), { engine, cacheDir: dir });
    await validateEpub(zip(edit(files, 'EPUB/ch1.xhtml', (s) => s.replace('before dawn', 'after dawn'))), {
      engine,
      cacheDir: dir,
    });
    expect(engine.calls).toBe(2);
    const other = countingEngine('fake 2');
    await validateEpub(zip(files), { engine: other, cacheDir: dir });
    expect(other.calls).toBe(1);
    await validateEpub(zip(files), { engine, cacheDir: dir, limits: { maxEntries: 500 } });
    expect(engine.calls).toBe(3);
  });

  it('should not keep a run the engine failed, and keep nothing without a cacheDir', async () => {
    const dir = cacheDir();
    const data = zip(await minimalFiles());
    const broken = countingEngine('fake 1', true);
    const failed = await validateEpub(data, { engine: broken, cacheDir: dir });
    expect(failed.messages.map((m) => m.id)).toContain('PB-ENGINE-001');
    await validateEpub(data, { engine: broken, cacheDir: dir });
    expect(broken.calls).toBe(2);
    expect(readdirSync(dir)).toEqual([]);
    const engine = countingEngine();
    await validateEpub(data, { engine });
    await validateEpub(data, { engine });
    expect(engine.calls).toBe(2);
  });

  it('should keep only the latest runs, one new EPUB after another', async () => {
    const dir = cacheDir();
    const files = await minimalFiles();
    const engine = countingEngine();
    for (let i = 0; i < 20; i++) {
      await validateEpub(zip(edit(files, 'EPUB/ch1.xhtml', (s) => s.replace('before dawn', `before dawn ${i}`))), {
        engine,
        cacheDir: dir,
      });
    }
    expect(readdirSync(join(dir, 'validation')).filter((n) => n.endsWith('.json')).length).toBe(16);
    // the newest is among them: checking it again costs nothing
    const calls = engine.calls;
    await validateEpub(zip(edit(files, 'EPUB/ch1.xhtml', (s) => s.replace('before dawn', 'before dawn 19'))), {
      engine,
      cacheDir: dir,
    });
    expect(engine.calls).toBe(calls);
  });
});
