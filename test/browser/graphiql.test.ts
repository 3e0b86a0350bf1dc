// GraphiQL in a real browser: the gateway serves it whole, so it renders and runs its example query offline.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../helpers.js';
import { launchChromium, openPage } from './chromium.js';

let stack: Stack;
let browser: Browser;
beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launchChromium()]);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

describe('GraphiQL in Chromium', () => {
  it('renders, runs its default query against the gateway, and asks nothing of another host', async () => {
    const origin = new URL(stack.url).origin;
    const { page, guard, close } = await openPage(browser, origin);
    try {
      await page.goto(stack.url);
      await page.locator('.graphiql-execute-button').waitFor({ timeout: 30_000 });
      const answered = page.waitForResponse(
        (res) =>
          res.url() === stack.url &&
          res.request().method() === 'POST' &&
          /TaskOverview/.test(res.request().postData() ?? ''),
      );
      await page.click('.graphiql-execute-button');
      const res = await answered;
      const body = (await res.json()) as { data?: { task?: { id: string } }; errors?: unknown[] };
      expect(body.errors).toBeUndefined();
      expect(body.data?.task?.id).toBe('xxx-yyy-zzz');
      // The answer is shown in the result pane.
      await page.locator('.graphiql-response', { hasText: 'xxx-yyy-zzz' }).waitFor();
      expect(guard.foreign).toEqual([]);
      expect(guard.errors).toEqual([]);
    } finally {
      await close();
    }
  });
});
