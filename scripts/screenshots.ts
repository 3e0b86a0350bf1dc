// Writes docs/screenshots/*.png: each dashboard view against `npm start`'s emulator, at 1280 × 800 and at phone
// width, in Debian's Chromium (the browser tests' helper). Run by `npm run screenshots` after a build.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium, openPage } from '../test/browser/chromium.js';
import { npmStart } from '../test/npm-start.js';

const out = new URL('../docs/screenshots/', import.meta.url);
mkdirSync(out, { recursive: true });

// History in the embedded engine, as a fresh clone's `npm start` keeps it, in a directory of this run's own.
const dataDir = mkdtempSync(join(tmpdir(), 'timpush-screenshots-'));
const gateway = await npmStart({ HISTORY_ENABLED: 'true', DATA_DIR: dataDir, HISTORY_COLLECT_INTERVAL_SECONDS: '1' });
const origin = new URL(gateway.url).origin;
const browser = await launchChromium();

async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch(`${origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const answer = (await res.json()) as { data?: T; errors?: { message: string }[] };
  if (!answer.data) throw new Error(answer.errors?.map((e) => e.message).join('; ') ?? `HTTP ${res.status}`);
  return answer.data;
}

/**
 * The demo task's daily trend: tracked, the collector records the past days the emulator still keeps, one
 * statistics call a second; wait for four weeks of them (the embedded engine's first start takes a while too).
 */
async function recordDemoDays(): Promise<void> {
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const window = { from: day(Date.now() - 29 * 86_400_000), to: day(Date.now() + 86_400_000) };
  for (let i = 0; ; i++) {
    const tracked = await gql('mutation { trackTask(id: "xxx-yyy-zzz") { id tracked } }').catch(() => null);
    if (tracked) break;
    if (i > 120) throw new Error('the history database did not open within 2 minutes');
    await new Promise((r) => setTimeout(r, 1000));
  }
  for (let i = 0; i < 120; i++) {
    const { task } = await gql<{ task: { daily: { stats: unknown }[] } }>(
      'query ($from: Date!, $to: Date!) { task(id: "xxx-yyy-zzz") { daily(from: $from, to: $to) { stats { total } } } }',
      window,
    );
    if (task.daily.filter((d) => d.stats).length >= 28) return;
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error('the collector did not record four weeks of the demo task within 2 minutes');
}

/** Pushes to these accounts and waits for the emulator's callbacks, spread over about 7 s, to be kept. */
async function pushAndSettle(accounts: string[]): Promise<string> {
  const { sendBatchPush } = await gql<{ sendBatchPush: { taskId: string } }>(
    'mutation ($to: [ID!]!) { sendBatchPush(input: { fromAccount: "admin", toAccounts: $to, title: "Spring sale" }) { taskId } }',
    { to: accounts },
  );
  const summary = () =>
    gql('query ($id: ID!) { task(id: $id) { recipientSummary { total byResult { count } } } }', {
      id: sendBatchPush.taskId,
    }).then((d) => JSON.stringify(d));
  await new Promise((r) => setTimeout(r, 8_000));
  let last = '';
  for (;;) {
    const now = await summary();
    if (now === last) return sendBatchPush.taskId;
    last = now;
    await new Promise((r) => setTimeout(r, 1000));
  }
}

async function shoot(
  name: string,
  path: string,
  ready: (page: Page) => Promise<unknown>,
  phone = false,
): Promise<void> {
  const viewport = phone ? { width: 390, height: 844 } : { width: 1280, height: 800 };
  const { page, guard, close } = await openPage(browser, origin, { viewport, deviceScaleFactor: phone ? 2 : 1 });
  await page.goto(origin + path);
  await ready(page);
  await page.waitForTimeout(300); // charts settle on their final size
  await page.screenshot({ path: new URL(`${name}.png`, out).pathname, fullPage: !phone });
  await close();
  if (guard.errors.length || guard.foreign.length)
    throw new Error(`${name}: ${[...guard.errors, ...guard.foreign].join('; ')}`);
  console.log(`docs/screenshots/${name}.png`);
}

try {
  const reasons = (page: Page) => page.locator('.reasons li').first().waitFor();
  await shoot('tasks', '/?ids=xxx-yyy-zzz,aaa-bbb-ccc', (page) =>
    page.locator('table.tasks tbody tr').nth(1).waitFor(),
  );
  await recordDemoDays();
  await shoot('task', '/tasks/xxx-yyy-zzz', async (page) => {
    await reasons(page);
    await page.locator('table.daily tbody tr').nth(27).waitFor();
  });
  await shoot('troubleshoot', '/troubleshoot?task=xxx-yyy-zzz&users=xyz,alice', (page) =>
    page.locator('article.user').nth(1).waitFor(),
  );
  // A push from the form, then its page while the callbacks come in.
  await shoot('push', '/push', async (page) => {
    await page.fill('#push-to', 'alice, bob, carol, dave, erin, frank');
    await page.fill('#push-title', 'Spring sale');
    await page.fill('#push-description', 'Everything 20% off until Sunday');
    await page.fill('#push-data-id', 'spring-sale-1');
  });
  await shoot('task-live', '/push', async (page) => {
    await page.fill('#push-to', 'alice, bob, carol, dave, erin, frank, ghost-1');
    await page.fill('#push-title', 'Spring sale');
    await page.click('button[type="submit"].primary');
    await page.waitForURL(/\/tasks\//);
    await page.waitForFunction(
      () => Number(document.querySelector('[data-field="live-delivered"]')?.textContent?.replace(/\D/g, '')) > 0,
      undefined,
      { timeout: 20_000 },
    );
    await reasons(page);
  });
  await shoot('task-phone', '/tasks/aaa-bbb-ccc', reasons, true);
  // Who got a push and who did not: a push to 12 accounts, once the emulator's callbacks are all in.
  const taskId = await pushAndSettle(Array.from({ length: 12 }, (_, i) => `user-${String(i + 1).padStart(2, '0')}`));
  const rows = (page: Page) => page.locator('table tbody tr').first().waitFor();
  await shoot('recipients', `/tasks/${encodeURIComponent(taskId)}/recipients`, rows);
  await shoot('invalid-tokens', '/invalid-tokens', rows);
} finally {
  await browser.close();
  gateway.npm.kill('SIGTERM');
  await gateway.exited;
  rmSync(dataDir, { recursive: true, force: true });
}
