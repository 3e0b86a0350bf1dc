// The dashboard end to end: `npm start` (compiled, embedded emulator), Debian's Chromium, every view opened at its
// own address, its figures compared with what the GraphQL API answers for the same question.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DashboardDailyDocument,
  DashboardTaskDocument,
  DashboardTasksDocument,
  type DashboardDailyQuery,
  type DashboardTaskQuery,
} from '../../web/gql/graphql.js';
import { createPgDatabase, type TestDatabase } from '../history-helpers.js';
import { ensureBuilt, npmStart, type Started } from '../npm-start.js';
import { launchChromium, liveCallbacksShown, openPage, type Guard } from './chromium.js';

const TASKS = ['xxx-yyy-zzz', 'aaa-bbb-ccc'];
const count = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const percent = new Intl.NumberFormat('en-US', {
  style: 'percent',
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});
const num = (n: number | null | undefined) => (n == null ? '—' : count.format(n));
const pct = (n: number | null | undefined) => (n == null ? '—' : percent.format(n));

let gateway: Started;
let origin: string;
let browser: Browser;
let database: TestDatabase;
/** The task the Push test sends, read again by the History test. */
let pushedTaskId: string | undefined;

beforeAll(async () => {
  ensureBuilt();
  database = await createPgDatabase();
  // History on a PostgreSQL database of this test's own; the collector visits pushed tasks every second.
  const env = { HISTORY_ENABLED: 'true', DATABASE_URL: database.url, HISTORY_COLLECT_INTERVAL_SECONDS: '1' };
  // Each is kept as soon as it is up, so that afterAll stops the gateway even when Chromium fails to start
  // (a destructured Promise.all would leave the started gateway running, unreferenced, after the run).
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
  await database?.drop();
});

/** The same question over HTTP, as any client would ask it. */
async function api<T>(document: { toString(): string }, variables: Record<string, unknown>): Promise<T> {
  const res = await fetch(`${origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: document.toString(), variables }),
  });
  const answer = (await res.json()) as { data: T; errors?: unknown[] };
  expect(answer.errors).toBeUndefined();
  return answer.data;
}

const text = async (page: Page, selector: string) => (await page.locator(selector).first().textContent())?.trim();

/** A view of its own in a fresh tab; afterwards, nothing was asked of another host and nothing went wrong. */
async function visit(path: string, check: (page: Page) => Promise<void>, viewport = { width: 1280, height: 800 }) {
  const { page, guard, close } = await openPage(browser, origin, { viewport });
  try {
    await page.goto(origin + path);
    await check(page);
    expectClean(guard);
  } finally {
    await close();
  }
}

function expectClean(guard: Guard): void {
  expect(guard.foreign, 'requests to another host').toEqual([]);
  expect(guard.errors, 'console errors').toEqual([]);
}

describe('dashboard', () => {
  it('serves its page at each address, fresh and under a self-only CSP, and its hashed assets for a year', async () => {
    for (const path of ['/', '/tasks/xxx-yyy-zzz', '/troubleshoot?task=xxx-yyy-zzz&users=a,b', '/push']) {
      const res = await fetch(origin + path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
      const html = await res.text();
      expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
      for (const [, asset] of html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)) {
        const served = await fetch(origin + asset!);
        expect(served.status, asset).toBe(200);
        expect(served.headers.get('cache-control')).toContain('immutable');
      }
    }
    // GraphQL and GraphiQL stay where they were.
    const graphiql = await fetch(`${origin}/graphql`, { headers: { accept: 'text/html' } });
    expect(await graphiql.text()).toContain('GraphiQL');
  });

  it('Tasks: each task’s funnel and loss rate as the API gives them', async () => {
    const data = await api<{ tasks: { id: string; summary: DashboardTaskQuery['task']['summary'] }[] }>(
      DashboardTasksDocument,
      { ids: TASKS },
    );
    await visit(`/?ids=${TASKS.join(',')}`, async (page) => {
      await page
        .locator('table.tasks tbody tr')
        .nth(TASKS.length - 1)
        .waitFor();
      for (const task of data.tasks) {
        const row = `tr[data-task="${task.id}"]`;
        const s = task.summary!;
        expect(await text(page, `${row} [data-field="sendable"]`)).toBe(num(s.stats!.total));
        expect(await text(page, `${row} [data-field="sent"]`)).toBe(num(s.stats!.sent));
        expect(await text(page, `${row} [data-field="delivered"]`)).toBe(num(s.stats!.delivered));
        expect(await text(page, `${row} [data-field="clicked"]`)).toBe(num(s.stats!.clicked));
        expect(await text(page, `${row} [data-field="lost"]`)).toBe(num(s.loss!.total));
        expect(await text(page, `${row} [data-field="lossRate"]`)).toBe(pct(s.lossRate));
      }
    });
  });

  it('Task: the funnel, two charts, each channel and the largest reasons with what to do', async () => {
    const { task } = await api<DashboardTaskQuery>(DashboardTaskDocument, { taskId: 'xxx-yyy-zzz' });
    const s = task.summary!;
    await visit('/tasks/xxx-yyy-zzz', async (page) => {
      await page.locator('.reasons li').first().waitFor();
      const figures = '.figures:not(.live)';
      expect(await text(page, `${figures} [data-field="sendable"]`)).toBe(num(s.stats!.total));
      expect(await text(page, `${figures} [data-field="sent"]`)).toBe(num(s.stats!.sent));
      expect(await text(page, `${figures} [data-field="delivered"]`)).toBe(num(s.stats!.delivered));
      expect(await text(page, `${figures} [data-field="clicked"]`)).toBe(num(s.stats!.clicked));
      expect(await text(page, `${figures} [data-field="lost"]`)).toBe(num(s.loss!.total));
      expect(await text(page, `${figures} [data-field="lossRate"]`)).toBe(pct(s.lossRate));
      expect(await page.locator('.chart canvas').count()).toBe(2);
      for (const p of s.byPlatform) {
        const row = `table.channels tr[data-platform="${p.platform}"]`;
        expect(await text(page, `${row} [data-field="sendable"]`)).toBe(num(p.sendable));
        expect(await text(page, `${row} [data-field="lost"]`)).toBe(num(p.lost));
        expect(await text(page, `${row} [data-field="lossRate"]`)).toBe(pct(p.lossRate));
      }
      const reasons = page.locator('.reasons li');
      expect(await reasons.count()).toBe(s.topReasons.length);
      for (const [i, r] of s.topReasons.entries()) {
        const item = reasons.nth(i);
        expect((await item.locator('[data-field="count"]').textContent())?.trim()).toBe(num(r.count));
        const shown = await item.textContent();
        expect(shown).toContain(r.errorCode);
        if (r.diagnosis.remedy) expect(shown).toContain(r.diagnosis.remedy);
      }
    });
  });

  it('Task at phone width: the same figures, nothing wider than the screen', async () => {
    const { task } = await api<DashboardTaskQuery>(DashboardTaskDocument, { taskId: 'aaa-bbb-ccc' });
    await visit(
      '/tasks/aaa-bbb-ccc',
      async (page) => {
        await page.locator('.reasons li').first().waitFor();
        expect(await text(page, '.figures:not(.live) [data-field="sendable"]')).toBe(num(task.summary!.stats!.total));
        expect(await text(page, '.figures:not(.live) [data-field="lossRate"]')).toBe(pct(task.summary!.lossRate));
        const width = await page.evaluate('document.documentElement.scrollWidth');
        expect(width, 'no sideways scrolling').toBeLessThanOrEqual(390);
      },
      { width: 390, height: 844 },
    );
  });

  it('works from the keyboard: skip to the content, ask for a task, open it', async () => {
    await visit('/', async (page) => {
      await page.keyboard.press('Tab');
      expect(await page.evaluate('document.activeElement.textContent')).toBe('Skip to the content');
      await page.keyboard.press('Enter');
      await page.keyboard.press('Tab');
      expect(await page.evaluate('document.activeElement.id')).toBe('task-ids');
      await page.keyboard.type('xxx-yyy-zzz');
      await page.keyboard.press('Enter');
      await page.locator('tr[data-task="xxx-yyy-zzz"] [data-field="sendable"]').waitFor();
      // The list is a new view, focused as after a page load: its form first, then the task's link.
      expect(await page.evaluate('document.activeElement.id')).toBe('view');
      await page.keyboard.press('Tab'); // the ids field
      await page.keyboard.press('Tab'); // the Show button
      await page.keyboard.press('Tab'); // the task's link
      expect(await page.evaluate('document.activeElement.textContent')).toBe('xxx-yyy-zzz');
      await page.keyboard.press('Enter');
      await page.waitForURL(`${origin}/tasks/xxx-yyy-zzz`);
      await page.locator('#reasons-title').waitFor();
      // The new view has the focus, as after a page load.
      expect(await page.evaluate('document.activeElement.id')).toBe('view');
    });
  });

  it('Troubleshoot: each user streamed in with each device’s outcome, from the address alone', async () => {
    const { task } = await api<{
      task: {
        traces: { userId: string; outcome: string; instances: { instanceId: string; outcome: { result: string } }[] }[];
      };
    }>(
      `query ($users: [ID!]!) { task(id: "xxx-yyy-zzz") { traces(userIds: $users) {
         userId outcome instances { instanceId outcome { result } } } } }`,
      { users: ['xyz', 'alice'] },
    );
    await visit('/troubleshoot?task=xxx-yyy-zzz&users=xyz,alice', async (page) => {
      await page.locator('article.user').nth(1).waitFor();
      for (const user of task.traces) {
        const card = page.locator(`article[data-user="${user.userId}"]`);
        expect(await card.locator('h3 [data-result]').getAttribute('data-result')).toBe(user.outcome);
        expect(await card.locator('.device').count()).toBe(user.instances.length);
        for (const device of user.instances)
          expect(
            await card
              .locator(`.device[data-instance="${device.instanceId}"] h4 [data-result]`)
              .getAttribute('data-result'),
          ).toBe(device.outcome.result);
      }
    });
  });

  it('Push: the form pushes, opens the new task’s page and shows live progress; the task joins the list', async () => {
    await visit('/push', async (page) => {
      await page.fill('#push-to', 'u1, u2 u3\nu4');
      await page.fill('#push-title', 'Spring sale');
      await page.fill('#push-data-id', 'dashboard-test-1');
      await page.keyboard.press('Enter'); // the form is sent from the keyboard
      await page.waitForURL(/\/tasks\/[^/]+$/);
      const taskId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
      pushedTaskId = taskId;
      // The emulator's callbacks arrive over a few seconds; the live counters follow them.
      await liveCallbacksShown(page);
      await page.locator('#reasons-title').waitFor(); // the loss and statistics of the new task came too
      const { task } = await api<{ task: { live: { sent: number; failed: number } | null } }>(
        'query ($id: ID!) { task(id: $id) { live { sent failed } } }',
        { id: taskId },
      );
      expect(task.live!.sent + task.live!.failed).toBeGreaterThan(0);
      await page.click('header nav a[href="/"]');
      await page.locator(`tr[data-task="${taskId}"]`).waitFor();
      expect(await text(page, `tr[data-task="${taskId}"] th`)).toContain('Spring sale');
    });
  });

  it(
    'History: a tab of its own lists the pushed task from the gateway’s records; its page shows the recorded days',
    { timeout: 90_000 },
    async () => {
      const taskId = pushedTaskId!;
      expect(taskId).toBeDefined();
      const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
      const window = { taskId, from: iso(Date.now() - 29 * 86_400_000), to: iso(Date.now() + 86_400_000) };
      let days: DashboardDailyQuery['task']['daily'] = [];
      // A fresh database's first visit backfills 30 days of overall figures at 1 call/s (about 30 s); the pushed
      // task, followed since the push, is asked at the visit after.
      for (let i = 0; i < 100 && !days.some((d) => d.stats); i++) {
        if (i) await new Promise((r) => setTimeout(r, 500));
        days = (await api<DashboardDailyQuery>(DashboardDailyDocument, window)).task.daily;
      }
      const day = days.find((d) => d.stats);
      expect(day, 'the collector recorded the day of the push').toBeDefined();
      // A fresh context has no sessionStorage: the list comes from the gateway's recentTasks.
      await visit('/', async (page) => {
        await page.locator(`tr[data-task="${taskId}"]`).waitFor();
        expect(await text(page, `tr[data-task="${taskId}"] th`)).toContain('Spring sale');
      });
      await visit(`/tasks/${encodeURIComponent(taskId)}`, async (page) => {
        const row = `table.daily tr[data-day="${day!.day}"]`;
        await page.locator(row).waitFor();
        expect(await text(page, `${row} [data-field="sent"]`)).toBe(num(day!.stats!.sent));
        expect(await text(page, `${row} [data-field="delivered"]`)).toBe(num(day!.stats!.delivered));
        expect(await page.locator('#trend-title').textContent()).toBe('Day by day');
        expect(await page.locator('section.trend figure.chart canvas').count()).toBeGreaterThan(0);
      });
    },
  );

  it('asks for a key only when the gateway answers 401, keeps it for the tab, and explains errors', async () => {
    const key = 'dashboard-test-key-0123456789';
    // A short quota deadline: of several users' traces at 1 call/s, the last cannot be served in time.
    const guarded = await npmStart({ GATEWAY_API_KEYS: `${key}=stats:read+push:send`, QUOTA_DEADLINE_MS: '1500' });
    const at = new URL(guarded.url).origin;
    const { page, guard, close } = await openPage(browser, at);
    try {
      await page.goto(`${at}/?ids=xxx-yyy-zzz`);
      await page.locator('dialog.sign-in').waitFor();
      await page.fill('#credential', key);
      await page.keyboard.press('Enter');
      await page.locator('tr[data-task="xxx-yyy-zzz"] [data-field="sendable"]').waitFor();
      // Another view in the same tab needs no second sign-in.
      await page.click('a[href="/tasks/xxx-yyy-zzz"]');
      await page.locator('#reasons-title').waitFor();
      expect(await page.locator('dialog.sign-in').count()).toBe(0);
      // A refused input is explained in words, not JSON.
      await page.goto(`${at}/tasks/xxx-yyy-zzz?from=2025-03-01&to=2025-03-20`);
      expect(await text(page, '.range .error')).toContain('at most 7 days');
      await page.goto(`${at}/troubleshoot?task=busy-task&users=u1,u2,u3,u4,u5`);
      await page.locator('[role="alert"]', { hasText: 'Try again in 2 s' }).waitFor({ timeout: 15_000 });
      expect(guard.foreign).toEqual([]);
      // The one expected failure: the first request's 401, which Chromium reports on the console.
      expect(guard.errors.filter((e) => !/status of 401/.test(e))).toEqual([]);
    } finally {
      await close();
      guarded.npm.kill('SIGTERM');
      await guarded.exited;
    }
  });
});
