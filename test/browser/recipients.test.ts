// The Recipients and Invalid tokens views end to end: `npm start` (embedded emulator, history in the embedded
// engine, an API key required), a batch push whose callbacks the emulator posts to the webhook, Debian's Chromium;
// each view shows what the GraphQL API answers, the CSV downloads with the dashboard's credential, and no page
// asks another host or logs an error.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postMemberPush } from '../helpers.js';
import { ensureBuilt, npmStart, type Started } from '../npm-start.js';
import { launchChromium, openPage, type Guard } from './chromium.js';

const KEY = 'recipients-browser-key-0123456789';
const TOKEN = 'recipients-browser-callback-token';
const SDKAPPID = 1400000001;
/** More than a page (50): the list has a second one. */
const ACCOUNTS = Array.from({ length: 60 }, (_, i) => `r-${String(i + 1).padStart(2, '0')}`);
/**
 * Two recipients the test reports itself, so that the Failed filter has known rows whatever the emulator's dice
 * give: a token APNs rejected, and a device that never uploaded one.
 */
const KNOWN_FAILED = [
  { account: 'zz-dead-apns', platform: 1, code: 410, info: 'Unregistered' },
  { account: 'zz-no-token', platform: 4, code: -2, info: 'token not uploaded' },
];
const num = (n: number) => new Intl.NumberFormat('en-US').format(n);

let gateway: Started;
let origin: string;
let browser: Browser;
let dataDir: string;
let taskId: string;

interface Device {
  platform: string;
  status: string;
  errorCode: number;
  diagnosis: { class: string; meaning: string | null } | null;
}
interface Node {
  account: string;
  result: string;
  taskId: string | null;
  devices: Device[];
}
interface Connection {
  totalCount: number;
  edges: { node: Node }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}
interface Summary {
  total: number;
  byResult: { result: string; count: number }[];
  byClass: { class: string; count: number }[];
}

/** The same question over HTTP with the key, as any client would ask it. */
async function api<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch(`${origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': KEY },
    body: JSON.stringify({ query, variables }),
  });
  const answer = (await res.json()) as { data: T; errors?: unknown[] };
  expect(answer.errors).toBeUndefined();
  return answer.data;
}

const NODE = 'account result taskId devices { platform status errorCode diagnosis { class meaning } }';
const recipients = (filter: object | null, after?: string) =>
  api<{ task: { recipients: Connection } }>(
    `query ($id: ID!, $filter: RecipientFilter, $after: String) { task(id: $id) {
       recipients(filter: $filter, first: 50, after: $after) { totalCount edges { node { ${NODE} } } pageInfo { hasNextPage endCursor } } } }`,
    { id: taskId, filter, after },
  ).then((d) => d.task.recipients);
const summary = () =>
  api<{ task: { recipientSummary: Summary } }>(
    'query ($id: ID!) { task(id: $id) { recipientSummary { total byResult { result count } byClass { class count } } } }',
    { id: taskId },
  ).then((d) => d.task.recipientSummary);
const invalidTokens = (platform?: string[]) =>
  api<{ invalidTokens: Connection }>(
    `query ($platform: [PushPlatform!]) { invalidTokens(platform: $platform, first: 50) {
       totalCount edges { node { ${NODE} } } pageInfo { hasNextPage endCursor } } }`,
    { platform },
  ).then((d) => d.invalidTokens);

/** Posts Push.AllMemberPush events of the task, signed as Tencent signs them. */
async function postCallbacks(events: Record<string, unknown>[]): Promise<void> {
  expect(await postMemberPush(origin, TOKEN, events)).toBe(200);
}

/** Pushes to ACCOUNTS and waits until the emulator's callbacks (spread over about 7 s) have all been kept. */
async function pushAndSettle(): Promise<string> {
  const { sendBatchPush } = await api<{ sendBatchPush: { taskId: string } }>(
    'mutation ($to: [ID!]!) { sendBatchPush(input: { fromAccount: "admin", toAccounts: $to }) { taskId } }',
    { to: ACCOUNTS },
  );
  taskId = sendBatchPush.taskId;
  const at = Math.floor(Date.now() / 1000);
  await postCallbacks(
    KNOWN_FAILED.map((f) => ({
      CallbackCommand: 'Push.AllMemberPush',
      EventType: 1,
      TaskId: taskId,
      EventTime: at,
      To_Account: f.account,
      PushPlatform: f.platform,
      PushStage: 1,
      ErrCode: f.code,
      ErrInfo: f.info,
    })),
  );
  const started = Date.now();
  let last = '';
  for (let same = 0; same < 3;) {
    await new Promise((r) => setTimeout(r, 700));
    const now = JSON.stringify(await summary());
    same = now === last && Date.now() - started > 8_000 ? same + 1 : 0;
    last = now;
  }
  expect((await summary()).total).toBe(ACCOUNTS.length + KNOWN_FAILED.length);
  return taskId;
}

beforeAll(async () => {
  ensureBuilt();
  dataDir = mkdtempSync(join(tmpdir(), 'timpush-recipients-browser-'));
  const env = {
    HISTORY_ENABLED: 'true',
    DATA_DIR: dataDir,
    GATEWAY_API_KEYS: `${KEY}=stats:read+push:send`,
    TIM_CALLBACK_TOKEN: TOKEN,
    TIM_SDKAPPID: String(SDKAPPID),
  };
  // Each is kept as soon as it is up, so that afterAll stops the gateway even when Chromium fails to start.
  const [started, launched] = await Promise.allSettled([npmStart(env), launchChromium()]);
  if (started.status === 'fulfilled') gateway = started.value;
  if (launched.status === 'fulfilled') browser = launched.value;
  for (const r of [started, launched]) if (r.status === 'rejected') throw r.reason;
  origin = new URL(gateway.url).origin;
  // The embedded engine opens in the background; until it has, the webhook cannot keep the callbacks.
  for (let i = 0; ; i++) {
    const ready = (await (await fetch(`${origin}/readyz`)).json()) as { history?: string };
    if (ready.history === 'ok') break;
    if (i > 120) throw new Error('the gateway was not ready within a minute');
    await new Promise((r) => setTimeout(r, 500));
  }
  await pushAndSettle();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  gateway?.npm.kill('SIGTERM');
  await gateway?.exited;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const text = async (page: Page, selector: string) => (await page.locator(selector).first().textContent())?.trim();

/** A tab of its own, signed in with the key as a person would be; afterwards, nothing foreign and no error. */
async function visit(path: string, check: (page: Page) => Promise<void>, viewport = { width: 1280, height: 800 }) {
  const { page, guard, close } = await openPage(browser, origin, { viewport });
  try {
    await page
      .context()
      .addInitScript(
        (key) => sessionStorage.setItem('timpush.credential', JSON.stringify({ kind: 'apiKey', value: key })),
        KEY,
      );
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

const shownAccounts = (page: Page) =>
  page.locator('table.recipients tbody').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-account')));

/** A small RFC 4180 reader: the meanings hold commas and quotes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [[]];
  let cell = '';
  let quoted = false;
  const end = (line: boolean) => {
    rows.at(-1)!.push(cell);
    cell = '';
    if (line) rows.push([]);
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') cell += text[++i];
    else if (c === '"') quoted = !quoted;
    else if (!quoted && c === ',') end(false);
    else if (!quoted && c === '\n') end(true);
    else cell += c;
  }
  rows.pop(); // the empty one after the last line's end
  return rows;
}

/** Clicks the download link and reads the file the browser saved. */
async function downloaded(page: Page, name: string): Promise<{ file: string; rows: string[][] }> {
  const [file] = await Promise.all([
    page.waitForEvent('download', { timeout: 10_000 }),
    page.getByRole('link', { name }).click(),
  ]);
  return { file: file.suggestedFilename(), rows: parseCsv(readFileSync(await file.path(), 'utf8')) };
}

describe('dashboard: recipients', () => {
  it('serves its page at /tasks/{id}/recipients and /invalid-tokens, under the self-only CSP', async () => {
    for (const path of [`/tasks/${encodeURIComponent(taskId)}/recipients?result=FAILED`, '/invalid-tokens']) {
      const res = await fetch(origin + path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    }
  });

  it('from the task’s page: the counts by result and by cause, and the list a page at a time', async () => {
    const counts = await summary();
    const first = await recipients(null);
    const next = await recipients(null, first.pageInfo.endCursor!);
    const accounts = (c: Connection) => c.edges.map((e) => e.node.account);
    await visit(`/tasks/${encodeURIComponent(taskId)}`, async (page) => {
      await page.getByRole('link', { name: /^Recipients/ }).click();
      await page.waitForURL(`${origin}/tasks/${encodeURIComponent(taskId)}/recipients`);
      await page.locator('table.recipients tbody').first().waitFor();
      expect(await text(page, 'a.chip[data-result="ALL"] .chip-count')).toBe(num(counts.total));
      for (const r of counts.byResult)
        expect(await text(page, `a.chip[data-result="${r.result}"] .chip-count`), r.result).toBe(num(r.count));
      expect(await page.locator('a.chip[data-class]').count()).toBe(counts.byClass.length);
      for (const c of counts.byClass)
        expect(await text(page, `a.chip[data-class="${c.class}"] .chip-count`), c.class).toBe(num(c.count));
      expect(await shownAccounts(page)).toEqual(accounts(first));
      expect(await text(page, '.pager [data-field="range"]')).toBe(`Recipients 1–50 of ${num(first.totalCount)}`);

      await page.getByRole('link', { name: 'Next →' }).click();
      await page.waitForURL(/[?&]after=/);
      await page.locator('.pager [data-field="range"]', { hasText: '51–' }).waitFor();
      expect(await shownAccounts(page)).toEqual(accounts(next));
      await page.getByRole('link', { name: '← Previous' }).click();
      await page.locator('.pager [data-field="range"]', { hasText: '1–50' }).waitFor();
      expect(await shownAccounts(page)).toEqual(accounts(first));
      // The browser's back button returns to the second page, from its address alone.
      await page.goBack();
      await page.locator('.pager [data-field="range"]', { hasText: '51–' }).waitFor();
      expect(await shownAccounts(page)).toEqual(accounts(next));
    });
  });

  it('Failed: exactly the failed recipients with what their codes mean, their CSV, an account to Troubleshoot', async () => {
    const failed = await recipients({ result: ['FAILED'] });
    expect(failed.pageInfo.hasNextPage).toBe(false);
    const failedAccounts = failed.edges.map((e) => e.node.account);
    for (const known of KNOWN_FAILED) expect(failedAccounts).toContain(known.account);
    await visit(`/tasks/${encodeURIComponent(taskId)}/recipients`, async (page) => {
      await page.locator('a.chip[data-result="FAILED"]').click();
      await page.waitForURL(/\?result=FAILED$/);
      await page.locator('a.chip[data-result="FAILED"][aria-current]').waitFor();
      await page.locator('table.recipients tbody').first().waitFor();
      expect(await shownAccounts(page)).toEqual(failedAccounts);
      expect(await text(page, '[data-field="matching"]')).toContain(`${num(failed.totalCount)} of`);
      for (const { node } of failed.edges) {
        const rows = page.locator(`table.recipients tbody[data-account="${node.account}"] tr`);
        expect(await rows.count()).toBe(node.devices.length);
        for (const [i, d] of node.devices.entries()) {
          const row = rows.nth(i);
          expect(await row.getAttribute('data-platform')).toBe(d.platform);
          expect(await row.locator('[data-field="code"]').textContent()).toContain(String(d.errorCode));
          expect(await row.locator('[data-field="meaning"]').textContent()).toContain(
            d.diagnosis?.meaning ?? 'Not in the knowledge base yet.',
          );
        }
      }

      // The export answers 401 without the key: the download below carried the dashboard's.
      const path = `/exports/tasks/${encodeURIComponent(taskId)}/recipients.csv?result=FAILED`;
      expect((await fetch(origin + path)).status).toBe(401);
      const { file, rows } = await downloaded(page, 'Download CSV of these');
      expect(file).toMatch(/^recipients-.*\.csv$/);
      const [header, ...lines] = rows;
      expect(header!.slice(0, 3)).toEqual(['account', 'result', 'failed_stage']);
      expect(lines.length).toBe(failed.edges.reduce((n, e) => n + e.node.devices.length, 0));
      expect([...new Set(lines.map((l) => l[0]))]).toEqual(failedAccounts);
      expect(new Set(lines.map((l) => l[1]))).toEqual(new Set(['FAILED']));
      const dead = lines.find((l) => l[0] === 'zz-dead-apns')!;
      expect(dead.slice(3, 10)).toEqual(['APNS', 'OFFLINE', 'SENT', 'FAILURE', '410', 'Unregistered', 'TOKEN_INVALID']);

      // The filter comes off again.
      await page.getByRole('link', { name: 'Clear the filter' }).click();
      await page.locator('a.chip[data-result="ALL"][aria-current]').waitFor();

      await page.goBack();
      const account = failedAccounts[0]!;
      await page.locator(`tbody[data-account="${account}"] th a`).click();
      await page.waitForURL(
        `${origin}/troubleshoot?task=${encodeURIComponent(taskId)}&users=${encodeURIComponent(account)}`,
      );
      await page.locator(`article[data-user="${account}"]`).waitFor({ timeout: 15_000 });
    });
  });

  it('works from the keyboard and at phone width', async () => {
    await visit(
      `/tasks/${encodeURIComponent(taskId)}/recipients`,
      async (page) => {
        await page.locator('table.recipients tbody').first().waitFor();
        for (let i = 0; i < 30; i++) {
          await page.keyboard.press('Tab');
          if (await page.evaluate('document.activeElement.dataset.result === "FAILED"')) break;
        }
        await page.keyboard.press('Enter');
        await page.waitForURL(/\?result=FAILED$/);
        await page.locator('a.chip[data-result="FAILED"][aria-current]').waitFor();
        // The new list has the focus, as after a page load.
        expect(await page.evaluate('document.activeElement.id')).toBe('view');
        await page.locator('table.recipients tbody').first().waitFor();
        expect(
          await page.evaluate('document.documentElement.scrollWidth'),
          'no sideways scrolling',
        ).toBeLessThanOrEqual(390);
        await page.goto(`${origin}/invalid-tokens`);
        await page.locator('table.invalid-tokens tbody tr').first().waitFor();
        expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
      },
      { width: 390, height: 844 },
    );
  });

  it('Invalid tokens: what invalidTokens answers, by channel, with its CSV', async () => {
    const all = await invalidTokens();
    const apns = await invalidTokens(['APNS']);
    expect(apns.edges.map((e) => e.node.account)).toContain('zz-dead-apns');
    /** One row per rejected device (of the channel asked for), as account/platform/code. */
    const expected = (c: Connection, platform?: string) =>
      c.edges.flatMap(({ node }) =>
        node.devices
          .filter((d) => d.diagnosis?.class === 'TOKEN_INVALID' && (!platform || d.platform === platform))
          .map((d) => `${node.account}/${d.platform}/${d.errorCode}`),
      );
    const shown = (page: Page) =>
      page
        .locator('table.invalid-tokens tbody tr')
        .evaluateAll((rows) =>
          rows.map(
            (r) =>
              `${r.getAttribute('data-account')}/${r.getAttribute('data-platform')}/${r.querySelector('[data-field="code"] code')?.textContent}`,
          ),
        );
    await visit('/', async (page) => {
      await page.click('header nav a[href="/invalid-tokens"]');
      await page.locator('table.invalid-tokens tbody tr').first().waitFor();
      expect(await page.locator('header nav a[href="/invalid-tokens"]').getAttribute('aria-current')).toBe('page');
      expect(await text(page, '[data-field="matching"] strong')).toBe(num(all.totalCount));
      expect(await shown(page)).toEqual(expected(all));

      await page.selectOption('#it-platform', 'APNS');
      await page.getByRole('button', { name: 'Show' }).click();
      await page.waitForURL(/\?platform=APNS$/);
      await page.locator('[data-field="matching"]', { hasText: 'APNs' }).waitFor();
      expect(await shown(page)).toEqual(expected(apns, 'APNS'));
      const { file, rows } = await downloaded(page, 'Download CSV');
      expect(file).toBe('invalid-tokens.csv');
      const [header, ...lines] = rows;
      expect(header!.slice(0, 3)).toEqual(['task_id', 'push_id', 'account']);
      expect([...new Set(lines.map((l) => l[2]))]).toEqual(apns.edges.map((e) => e.node.account));
      expect(lines.find((l) => l[2] === 'zz-dead-apns')?.[0]).toBe(taskId);
    });
  });
});
