// The Push form when a push goes wrong: the gateway's error codes in words a person acts on.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../helpers.js';
import { ensureBuilt } from '../npm-start.js';
import { launchChromium, openPage } from './chromium.js';

let stack: Stack;
let browser: Browser;
beforeAll(async () => {
  ensureBuilt(); // the gateway serves the dashboard from dist/web
  [stack, browser] = await Promise.all([startStack(), launchChromium()]);
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

async function pushFromForm(accounts: string) {
  const origin = new URL(stack.url).origin;
  const opened = await openPage(browser, origin);
  await opened.page.goto(`${origin}/push`);
  await opened.page.fill('#push-to', accounts);
  await opened.page.click('button[type="submit"].primary');
  return opened;
}

describe('Push form errors', () => {
  it('PUSH_OUTCOME_UNKNOWN: says the push may have gone out and what to check before pushing again', async () => {
    stack.emulator.inject('batch', { dropAfterRequest: true });
    const { page, guard, close } = await pushFromForm('u1, u2');
    try {
      const alert = page.locator('[role="alert"]');
      await alert.waitFor();
      const said = await alert.textContent();
      expect(said).toContain('may or may not have gone out');
      expect(said).toContain('new idempotency key');
      expect(new URL(page.url()).pathname).toBe('/push'); // no task page for a push that may not exist
      expect(guard.foreign).toEqual([]);
      expect(guard.errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('BAD_USER_INPUT: says what to correct, in the gateway’s words', async () => {
    const { page, guard, close } = await pushFromForm('');
    try {
      // The browser's own check comes first: an empty required field is not sent.
      expect(await page.locator('#push-to:invalid').count()).toBe(1);
      await page.fill('#push-to', Array.from({ length: 501 }, (_, i) => `user-${i}`).join(' '));
      await page.click('button[type="submit"].primary');
      const alert = page.locator('[role="alert"]');
      await alert.waitFor();
      expect(await alert.textContent()).toMatch(/^Please check what you entered: .*500/);
      expect(guard.errors).toEqual([]);
    } finally {
      await close();
    }
  });
});
