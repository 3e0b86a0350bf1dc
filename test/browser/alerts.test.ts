// The Alerts view end to end: `npm start` (compiled, embedded emulator posting its callbacks), Debian's Chromium and
// a local webhook receiver. A rule made in the form fires on the emulator's vendor failures after a push, shows
// with its delivery, marks the task's page, keeps its webhook through an edit and resolves quietly when paused.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgDatabase, type TestDatabase } from '../history-helpers.js';
import { ensureBuilt, npmStart, type Started } from '../npm-start.js';
import { startReceiver, until, type Receiver } from '../alert-helpers.js';
import { launchChromium, openPage } from './chromium.js';

let gateway: Started;
let origin: string;
let browser: Browser;
let database: TestDatabase;
let receiver: Receiver;

beforeAll(async () => {
  ensureBuilt();
  database = await createPgDatabase();
  receiver = await startReceiver();
  const env = {
    HISTORY_ENABLED: 'true',
    DATABASE_URL: database.url,
    ALERT_EVAL_INTERVAL_SECONDS: '1',
    ALERT_WEBHOOK_HOSTS: '127.0.0.1',
  };
  const [started, launched] = await Promise.allSettled([npmStart(env), launchChromium()]);
  if (started.status === 'fulfilled') gateway = started.value;
  if (launched.status === 'fulfilled') browser = launched.value;
  for (const r of [started, launched]) if (r.status === 'rejected') throw r.reason;
  origin = new URL(gateway.url).origin;
}, 180_000);

afterAll(async () => {
  await browser?.close();
  gateway?.npm.kill('SIGTERM');
  await gateway?.exited;
  await receiver?.close();
  await database?.drop();
});

async function api<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch(`${origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const answer = (await res.json()) as { data: T; errors?: unknown[] };
  expect(answer.errors).toBeUndefined();
  return answer.data;
}

const text = async (page: Page, selector: string) => (await page.locator(selector).first().textContent())?.trim();

describe('the Alerts view', () => {
  it('makes a rule that fires on the emulator’s failures, marks the task, edits and pauses it', async () => {
    const { page, guard, close } = await openPage(browser, origin);
    try {
      await page.goto(`${origin}/alerts`);
      await page.locator('[data-field="none-firing"]').waitFor();
      await page.click('[data-action="new-rule"]');
      await page.fill('input[name="name"]', 'Emulator failures');
      await page.selectOption('select[name="kind"]', 'lossRate');
      await page.fill('[data-kind="lossRate"] input[name="above"]', '5');
      await page.fill('[data-kind="lossRate"] input[name="minEvents"]', '20');
      await page.click('[data-action="add-webhook"]');
      await page.fill('.channel-row input[name="url"]', `${receiver.origin}/team-room`);
      await page.selectOption('.channel-row select[name="format"]', 'SLACK');
      await page.click('form.rule-form button[type="submit"]');
      const row = page.locator('table.alert-rules tbody tr', { hasText: 'Emulator failures' });
      await row.waitFor();
      expect(await row.locator('[data-field="rule-state"]').textContent()).toBe('Watching');
      expect(await row.textContent()).toMatch(/Slack · http:\/\/127\.0\.0\.1:\d+\/…#[0-9a-f]{8}/);

      // 100 accounts: the emulator's callbacks include vendor failures well above 5%.
      const accounts = Array.from({ length: 100 }, (_, i) => `alert-demo-${i}`);
      const { sendBatchPush } = await api<{ sendBatchPush: { taskId: string } }>(
        `mutation ($to: [ID!]!) { sendBatchPush(input: { fromAccount: "admin", toAccounts: $to, title: "hi" }) { taskId } }`,
        { to: accounts },
      );
      // The view hears of it through the subscription: no reload.
      const card = page.locator('.alert-card.firing', { hasText: 'Emulator failures' });
      await card.waitFor({ timeout: 30_000 });
      await card.locator('[data-field="delivery-status"]', { hasText: 'Delivered' }).waitFor({ timeout: 15_000 });
      expect(await card.locator('[data-field="summary"]').textContent()).toMatch(/% of \d+ devices failed/);
      expect(await card.locator('.remedy').count()).toBe(1);
      expect(receiver.at('/team-room')).toHaveLength(1);

      // The task's page marks it.
      await page.goto(`${origin}/tasks/${encodeURIComponent(sendBatchPush.taskId)}`);
      await page.locator('.alert-banner p', { hasText: 'Emulator failures' }).waitFor();
      expect(await text(page, '.alert-banner .badge')).toBe('Firing');

      // Edit the name: the webhook, given back masked, is kept.
      await page.goto(`${origin}/alerts`);
      await row.locator('[data-action="edit"]').click();
      await page.fill('input[name="name"]', 'Emulator failures (renamed)');
      await page.click('form.rule-form button[type="submit"]');
      const renamed = page.locator('table.alert-rules tbody tr', { hasText: 'Emulator failures (renamed)' });
      await renamed.waitFor();
      expect(await renamed.textContent()).toMatch(/Slack · http:\/\/127\.0\.0\.1:\d+\/…#[0-9a-f]{8}/);
      const { alertRules } = await api<{ alertRules: { channels: { webhook: { url: string } }[] }[] }>(
        `{ alertRules { channels { webhook { url } } } }`,
      );
      expect(alertRules[0]!.channels).toHaveLength(1);

      // Pause: the alert resolves without a message.
      await renamed.locator('[data-action="pause"]').click();
      await until(async () => (await renamed.locator('[data-field="rule-state"]').textContent()) === 'Paused');
      await page.locator('.alert-card.resolved', { hasText: 'Emulator failures' }).waitFor({ timeout: 15_000 });
      expect(receiver.at('/team-room')).toHaveLength(1);
      expect(guard.foreign, 'requests to another host').toEqual([]);
      expect(guard.errors, 'console errors').toEqual([]);
    } finally {
      await close();
    }
  }, 120_000);
});
