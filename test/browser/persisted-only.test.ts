// A gateway that runs trusted documents only (GATEWAY_PERSISTED_ONLY=true) still serves a working dashboard: its
// documents are trusted, and the page sends their hashes once the gateway refuses a query's text.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../helpers.js';
import { ensureBuilt } from '../npm-start.js';
import { launchChromium, liveCallbacksShown, openPage } from './chromium.js';

let stack: Stack;
let browser: Browser;
beforeAll(async () => {
  ensureBuilt();
  [stack, browser] = await Promise.all([
    startStack({ env: { GATEWAY_PERSISTED_ONLY: 'true' }, callbacks: true }),
    launchChromium(),
  ]);
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

describe('dashboard with trusted documents only', () => {
  it('refuses an arbitrary query, yet every view of the dashboard answers', async () => {
    const refused = await stack.gql('{ task(id: "xxx-yyy-zzz") { id } }');
    expect(refused.errors?.[0]?.extensions?.code).toBe('CANNOT_SEND_PQ_ID_AND_BODY');
    const origin = new URL(stack.url).origin;
    const { page, guard, close } = await openPage(browser, origin);
    try {
      await page.goto(`${origin}/troubleshoot?task=xxx-yyy-zzz&users=xyz,alice`);
      await page.locator('article.user').nth(1).waitFor();
      await page.goto(`${origin}/tasks/xxx-yyy-zzz`);
      await page.locator('.reasons li').first().waitFor();
      // This gateway keeps no history: the Day by day section says so, calmly, instead of alerting.
      await page.locator('[data-history="off"]').waitFor();
      // Nor any recipients: their views say so as calmly.
      for (const path of ['/tasks/xxx-yyy-zzz/recipients', '/invalid-tokens']) {
        await page.goto(origin + path);
        await page.locator('[data-history="off"]').waitFor();
      }
      await page.goto(`${origin}/push`);
      await page.fill('#push-to', 'u1 u2 u3');
      await page.click('button[type="submit"].primary');
      await page.waitForURL(/\/tasks\//);
      await liveCallbacksShown(page);
      expect(await page.locator('[role="alert"]').count()).toBe(0);
      expect(guard.foreign).toEqual([]);
      expect(guard.errors.filter((e) => !/status of 400/.test(e))).toEqual([]);
    } finally {
      await close();
    }
  });
});
