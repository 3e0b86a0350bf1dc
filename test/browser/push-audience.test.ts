// The Push view's audiences, vendor options, schedule and quota, in headless Chromium against a gateway and the
// emulator: what the form sends is read at the emulator, field by field.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../helpers.js';
import { ensureBuilt } from '../npm-start.js';
import { launchChromium, openPage } from './chromium.js';

let stack: Stack;
let browser: Browser;
beforeAll(async () => {
  ensureBuilt(); // the gateway serves the dashboard from dist/web
  [stack, browser] = await Promise.all([startStack({ env: { PUSH_DAILY_LIMIT: '3' } }), launchChromium()]);
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});
beforeEach(() => stack.emulator.reset());

/** The Push view in a tab of its own (UTC, so a typed time is the upstream's UTC time); clean afterwards. */
async function onPushView(check: (page: Page) => Promise<void>) {
  const origin = new URL(stack.url).origin;
  const { page, guard, close } = await openPage(browser, origin, { timezoneId: 'UTC' });
  try {
    await page.goto(`${origin}/push`);
    await check(page);
    expect(guard.foreign).toEqual([]);
    expect(guard.errors).toEqual([]);
  } finally {
    await close();
  }
}

const remaining = async (page: Page) => {
  await page.locator('[data-field="quota-remaining"]').waitFor();
  return page.locator('[data-field="quota-remaining"]').textContent();
};
const pushBody = () => stack.emulator.callsTo('push').at(-1)!.body as Record<string, unknown>;

describe('Push view', () => {
  it('pushes to tags with vendor options, collapsed until opened, and counts it in today’s quota', async () => {
    await onPushView(async (page) => {
      expect(await remaining(page)).toBe('3');
      await page.check('input[name="audience"][value="tags"]');
      expect(await page.locator('#push-to').isVisible()).toBe(false);
      await page.fill('#push-tags-or', 'vip, beijing');
      await page.fill('#push-tags-not', 'churned');
      await page.fill('#push-title', 'Autumn sale');
      await page.fill('#push-ext', '{"screen":"sale"}');
      expect(await page.locator('#push-xiaomi-channel').isVisible()).toBe(false);
      await page.click('#push-vendor summary');
      await page.fill('#push-xiaomi-channel', 'mi-promo');
      await page.selectOption('#push-vivo-classification', 'OPERATIONAL');
      await page.selectOption('#push-apns-interruption', 'TIME_SENSITIVE');
      await page.click('button[type="submit"].primary');
      await page.waitForURL(/\/tasks\/[^/]+$/);
      expect(pushBody()).toMatchObject({
        From_Account: 'administrator',
        Condition: { TagsOr: ['vip', 'beijing'], TagsNot: ['churned'] },
        OfflinePushInfo: {
          PushFlag: 0,
          Title: 'Autumn sale',
          Ext: '{"screen":"sale"}',
          AndroidInfo: { XiaoMiChannelID: 'mi-promo', VIVOClassification: 0 },
          ApnsInfo: { InterruptionLevel: 'time-sensitive' },
        },
      });
      await page.goto(page.url().replace(/\/tasks\/.*$/, '/push'));
      expect(await remaining(page)).toBe('2');
    });
  });

  it('pushes to everyone only once confirmed', async () => {
    await onPushView(async (page) => {
      await page.check('input[name="audience"][value="everyone"]');
      await page.fill('#push-title', 'To all');
      await page.click('button[type="submit"].primary');
      // The browser holds the form back: the confirmation is required.
      expect(await page.locator('#push-everyone-confirm:invalid').count()).toBe(1);
      expect(stack.emulator.callsTo('push')).toHaveLength(0);
      await page.check('#push-everyone-confirm');
      await page.click('button[type="submit"].primary');
      await page.waitForURL(/\/tasks\/[^/]+$/);
      expect(pushBody()).not.toHaveProperty('Condition');
      expect(pushBody().OfflinePushInfo).toEqual({ PushFlag: 0, Title: 'To all' });
    });
  });

  it('schedules a push to accounts for later, and says when it goes', async () => {
    await onPushView(async (page) => {
      await page.fill('#push-to', 'u1 u2');
      await page.fill('#push-title', 'Tomorrow');
      await page.check('#push-later');
      await page.fill('#push-at', '2030-01-02T03:04:05');
      await page.click('button[type="submit"].primary');
      const done = page.locator('.done');
      await done.waitFor();
      expect(await done.textContent()).toMatch(/^Scheduled: it goes at .*2030/);
      expect(stack.emulator.callsTo('add_sched_task').map((c) => c.body)).toEqual([
        {
          Sdkappid: expect.any(Number) as number,
          Type: 'User',
          SchedAt: '2030-01-02 03:04:05',
          Content: expect.objectContaining({
            To_Account: ['u1', 'u2'],
            OfflinePushInfo: { PushFlag: 0, Title: 'Tomorrow' },
          }) as object,
        },
      ]);
      expect(new URL(page.url()).pathname).toBe('/push');
    });
  });

  it('says when today’s quota is used up, and when the next push can go', async () => {
    await onPushView(async (page) => {
      const left = Number(await remaining(page));
      for (let i = 0; i < left; i++)
        await stack.data(`mutation { sendPush(input: { fromAccount: "a", audience: { all: true } }) { taskId } }`);
      await page.check('input[name="audience"][value="attributes"]');
      await page.fill('#push-attributes', 'level=gold');
      await page.click('button[type="submit"].primary');
      const alert = page.locator('[role="alert"]');
      await alert.waitFor();
      expect(await alert.textContent()).toMatch(
        /^No all-user, tag or attribute push is left today \(3 a day\): the next one can go at /,
      );
      // The line is read again once the refusal is shown: wait for that reading, not the one already on screen.
      await expect.poll(() => remaining(page), { timeout: 5_000 }).toBe('0');
      expect(stack.emulator.callsTo('push')).toHaveLength(left);
    });
  });
});
