// closePage asks Chromium again when a page it said it would close is still
// there, and gives up after a few asks instead of waiting forever.
import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { closePage } from '../../../src/browser/browser.ts';

/** A page whose close() settles from the `settlesAt`-th call on (never, when undefined). */
function fakePage(settlesAt: number | undefined, fails = false) {
  let calls = 0;
  const page = {
    close: () => {
      calls++;
      if (settlesAt === undefined || calls < settlesAt) return new Promise<void>(() => {});
      return fails ? Promise.reject(new Error('Target closed')) : Promise.resolve();
    },
  };
  return { page: page as unknown as Page, calls: () => calls };
}

describe('closePage', () => {
  it('should ask once when the page closes', async () => {
    const { page, calls } = fakePage(1);
    await closePage(page, 50);
    expect(calls()).toBe(1);
  });

  it('should ask again when the first close never settles', async () => {
    const { page, calls } = fakePage(2);
    await closePage(page, 20);
    expect(calls()).toBe(2);
  });

  it('should take a failed close as closed (the browser is gone)', async () => {
    const { page, calls } = fakePage(1, true);
    await expect(closePage(page, 20)).resolves.toBeUndefined();
    expect(calls()).toBe(1);
  });

  it('should give up after the tries it is given, leaving the page to the browser', async () => {
    const { page, calls } = fakePage(undefined);
    await closePage(page, 10, 3);
    expect(calls()).toBe(3);
  });
});
