// The EPUB, MOBI and site targets start once the PDF has handed its book to
// Chromium (its preparation has the main thread to itself until then), and a
// PDF that fails before it prints holds nothing back.
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { buildProject } from '../../src/pipeline/build.ts';
import { makeProject } from '../helpers/project.ts';

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

async function build(env: Record<string, string> = {}) {
  const root = await makeProject();
  roots.push(root);
  const steps: string[] = [];
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    const result = await buildProject({ root, progress: { step: (m) => steps.push(m) } });
    return { result, steps };
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

describe('the order of the targets', () => {
  it('should start the EPUB, MOBI and site after the PDF handed its book to Chromium, and make them all', async () => {
    const { result, steps } = await build();
    expect(result.ok).toBe(true);
    const printing = steps.indexOf('pdf: test-book: printing');
    expect(printing).toBeGreaterThan(-1);
    for (const held of ['epub', 'mobi', 'site']) expect(steps.indexOf(held), held).toBeGreaterThan(printing);
    // the PDF's own pictures are made before it prints
    for (const first of ['pdf', 'summary', 'cover']) expect(steps.indexOf(first), first).toBeLessThan(printing);
    const paths = result.report!.files.map((f) => f.path);
    for (const file of ['book/test-book.epub', 'book/test-book.mobi', 'book/test-book.pdf', 'site/index.html'])
      expect(paths).toContain(file);
  }, 180_000);

  it('should still make the other targets, and end, when the PDF fails before it prints', async () => {
    const { result, steps } = await build({ PUPPETEER_EXECUTABLE_PATH: '/nonexistent/chromium' });
    expect(result.ok).toBe(false);
    expect(steps).not.toContain('pdf: test-book: printing');
    for (const held of ['epub', 'mobi', 'site']) expect(steps, held).toContain(held);
    const reasons = result.files.flatMap((f) => f.messages.map((m) => m.reason));
    expect(reasons.some((r) => r.includes('PUPPETEER_EXECUTABLE_PATH'))).toBe(true);
  }, 180_000);
});
