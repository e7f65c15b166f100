import { VERSION } from '@likecoin/epubcheck-ts';
import { describe, expect, it } from 'vitest';
import {
  ENGINE_VERSION,
  EngineTimeoutError,
  epubcheckTs,
  epubcheckTsWorker,
  TIERING_BUDGET,
} from '../../../src/validate/engine.ts';
import { validateEpub } from '../../../src/validate/index.ts';
import { edit, minimalFiles, zip } from './fixtures.ts';

const broken = async () =>
  zip(edit(await minimalFiles(), 'EPUB/ch1.xhtml', (s) => s.replace('href="ch2.xhtml#arrival"', 'href="ch9.xhtml"')));

describe('engines', () => {
  it("should name the engine with the library's own VERSION, read without loading it", () => {
    expect(ENGINE_VERSION).toBe(VERSION);
    expect(epubcheckTsWorker().name).toBe(`epubcheck-ts ${VERSION}`);
  });

  it('should keep EPUBCheck ids, severities and locations as the port gives them, in or out of a worker', async () => {
    const data = await broken();
    const worker = epubcheckTsWorker();
    // the command's engine, with its WebAssembly tiering budget (the flag is this test process's)
    const cli = epubcheckTsWorker({ tieringBudget: TIERING_BUDGET });
    try {
      const [a, b, c] = await Promise.all([epubcheckTs().check(data), worker.check(data), cli.check(data)]);
      expect(a.messages).toEqual(b.messages);
      expect(c.messages).toEqual(b.messages);
      expect(b.messages).toEqual([
        expect.objectContaining({
          id: 'RSC-007',
          severity: 'error',
          locations: [expect.objectContaining({ path: 'EPUB/ch1.xhtml', line: 16 })],
        }),
      ]);
    } finally {
      await Promise.all([worker.close(), cli.close()]);
    }
  });

  it('should stop a check that runs too long, report it, and start afresh for the next book', async () => {
    const many = Array.from({ length: 60_000 }, (_, i) => `<a id="i${i}" href="#i${i}">x</a>`).join('');
    const slow = zip(edit(await minimalFiles(), 'EPUB/ch1.xhtml', (s) => s.replace('<p>We', `${many}<p>We`)));
    const engine = epubcheckTsWorker({ timeoutMs: 3000 });
    try {
      const t = performance.now();
      await expect(engine.check(slow)).rejects.toBeInstanceOf(EngineTimeoutError);
      expect(performance.now() - t).toBeLessThan(5000);
      const report = await validateEpub(slow, { engine });
      expect(report.messages.find((m) => m.id === 'PB-ENGINE-002')?.message, JSON.stringify(report.messages.slice(0, 3))).toMatch(
        /longer than/,
      );
      expect(report.valid).toBe(false);
      // the same engine, with a new worker behind it
      expect((await engine.check(await broken())).messages.map((m) => m.id)).toEqual(['RSC-007']);
    } finally {
      await engine.close();
    }
  });
});
