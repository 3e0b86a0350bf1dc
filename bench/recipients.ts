// Recipient rows of the benchmark: one push's recipients posted through the webhook of the compiled gateway
// (kept before each acknowledgement), then read back: a filtered first page, a page deep in the list (keyset),
// the summary, and the whole list exported as CSV with the gateway's memory watched. PostgreSQL with 1,000,000
// recipients, PGlite with 100,000 (--smoke: 10,000 and 2,000).
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { callbackUrl } from '../src/events/signature.js';
import { openPostgres } from '../src/history/db.js';
import { openPglite } from '../src/history/pglite/client.js';
import { encodeCursor } from '../src/schema/cursor.js';
import { startGatewayProcess, type GatewayProcess } from '../scripts/gateway-process.js';
import { dataOf, gqlAt } from '../test/helpers.js';
import { createPgDatabase } from '../test/history-helpers.js';
import { quantile } from './live.js';

export interface RecipientsRow {
  engine: string;
  recipients: number;
  events: number;
  eventsPerSec: number;
  ackP50Ms: number;
  ackP99Ms: number;
  refused: number;
  lost: number;
  failedFirstPageP50Ms: number;
  deepPageP50Ms: number;
  summaryP50Ms: number;
  exportRows: number;
  exportSeconds: number;
  exportRssGrowthMb: number;
  /** The gateway's RSS once every event is in, before the export: what a flood of callbacks leaves it holding. */
  rssAfterIngestMb: number;
  bytesPerDevice: number;
}

const TOKEN = `bench-recipients-${randomUUID()}`;
const SDKAPPID = 1400000000;
const TASK = 'bench-recipients';
/** PushPlatform 1–8, and a code each vendor answers for a dead token. */
const DEAD = { 1: [410, 'Unregistered'], 4: [404, 'UNREGISTERED'] } as Record<number, [number, string]>;

/** Tencent's order: every recipient sent, then their arrivals or failures, then the clicks. */
function* phases(recipients: number): Generator<object[]> {
  const event = (i: number, stage: number, code = 0, info = '') => ({
    CallbackCommand: 'Push.AllMemberPush',
    EventType: 1,
    TaskId: TASK,
    EventTime: Math.floor(Date.now() / 1000),
    To_Account: `r${i}`,
    PushPlatform: 1 + (i % 8),
    PushStage: stage,
    ErrCode: code,
    ErrInfo: info,
  });
  let batch: object[] = [];
  const add = function* (e: object) {
    batch.push(e);
    if (batch.length === 100) {
      yield batch;
      batch = [];
    }
  };
  for (let i = 0; i < recipients; i++) yield* add(event(i, 1));
  for (let i = 0; i < recipients; i++) {
    const dead = i % 10 === 0 ? (DEAD[1 + (i % 8)] ?? [20_000, 'vendor error']) : undefined;
    yield* add(dead ? event(i, 2, dead[0], dead[1]) : event(i, 2));
  }
  for (let i = 0; i < recipients; i += 5) if (i % 10 !== 0) yield* add(event(i, 3));
  if (batch.length) yield batch;
}

const rssOf = (pid: number, field: 'VmRSS' | 'VmHWM') =>
  Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

async function post(gateway: GatewayProcess, recipients: number, posters: number) {
  // Signed at each request, as Tencent signs them: the gateway refuses a RequestTime over 60 s away.
  const url = () =>
    callbackUrl(gateway.url.replace(/\/graphql$/, '/callbacks/tencent'), {
      sdkAppId: SDKAPPID,
      command: 'Push.AllMemberPush',
      token: TOKEN,
    });
  const batches = phases(recipients);
  const acks: number[] = [];
  let events = 0;
  let refused = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: posters }, async () => {
      for (let next = batches.next(); !next.done; next = batches.next()) {
        const t = performance.now();
        const res = await fetch(url(), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ Events: next.value }),
        });
        await res.arrayBuffer();
        acks.push(performance.now() - t);
        if (res.status === 200) events += next.value.length;
        else refused++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  acks.sort((a, b) => a - b);
  return { events, refused, seconds, ackP50: quantile(acks, 0.5), ackP99: quantile(acks, 0.99) };
}

async function p50(runs: number, run: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const t = performance.now();
    await run();
    if (i > 0) times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return Math.round(quantile(times, 0.5));
}

async function reads(gateway: GatewayProcess, recipients: number) {
  const page = (filter: object, after?: string) =>
    gqlAt<{ task: { recipients: { totalCount: number; pageInfo: { endCursor: string } } } }>(
      gateway.url,
      `query ($filter: RecipientFilter, $after: String) { task(id: "${TASK}") { recipients(filter: $filter, first: 50, after: $after) {
        totalCount edges { node { account result devices { platform errorCode diagnosis { class meaning } } } } pageInfo { endCursor } } } }`,
      { filter, after },
    );
  const failedFirstPageP50Ms = await p50(20, async () => dataOf(await page({ result: ['FAILED'] })));
  // A cursor deep in the list: the keyset read costs what the first page does (no OFFSET).
  const deep = encodeCursor([`r${Math.floor(recipients * 0.9)}`]);
  const deepPageP50Ms = await p50(20, async () => dataOf(await page({}, deep)));
  const summaryP50Ms = await p50(20, async () =>
    dataOf(
      await gqlAt(
        gateway.url,
        `{ task(id: "${TASK}") { recipientSummary { total byResult { result count } byClass { class count } } } }`,
      ),
    ),
  );
  const total = dataOf(await page({})).task.recipients.totalCount;
  return { failedFirstPageP50Ms, deepPageP50Ms, summaryP50Ms, total };
}

async function exportAll(gateway: GatewayProcess) {
  const pid = gateway.child.pid!;
  const before = rssOf(pid, 'VmRSS');
  let peak = before;
  const watch = setInterval(() => (peak = Math.max(peak, rssOf(pid, 'VmRSS'))), 50);
  const started = performance.now();
  const res = await fetch(gateway.url.replace(/\/graphql$/, `/exports/tasks/${TASK}/recipients.csv`));
  let rows = -1; // the header
  const decoder = new TextDecoder();
  for await (const chunk of res.body!) rows += (decoder.decode(chunk, { stream: true }).match(/\n/g) ?? []).length;
  clearInterval(watch);
  return { rows, seconds: (performance.now() - started) / 1000, rssBeforeMb: before, growthMb: peak - before };
}

async function engineRow(
  engine: string,
  env: Record<string, string>,
  bytes: () => Promise<number>,
  recipients: number,
): Promise<RecipientsRow> {
  const gateway = await startGatewayProcess(
    {
      HISTORY_ENABLED: 'true',
      TIM_CALLBACK_TOKEN: TOKEN,
      HISTORY_COLLECT_INTERVAL_SECONDS: '3600',
      CALLBACK_RATE_LIMIT: '100000',
      ...env,
    },
    'dist/src/main.js',
  );
  try {
    for (let i = 0; i < 200 && (await gqlAt(gateway.url, '{ recentTasks(first: 1) { edges { cursor } } }')).errors; i++)
      await new Promise((r) => setTimeout(r, 100));
    const ingest = await post(gateway, recipients, 64);
    const r = await reads(gateway, recipients);
    const exported = await exportAll(gateway);
    const devices = recipients; // one device per recipient in this workload
    return {
      engine,
      recipients,
      events: ingest.events,
      eventsPerSec: Math.round(ingest.events / ingest.seconds),
      ackP50Ms: Math.round(ingest.ackP50),
      ackP99Ms: Math.round(ingest.ackP99),
      refused: ingest.refused,
      lost: recipients - r.total,
      failedFirstPageP50Ms: r.failedFirstPageP50Ms,
      deepPageP50Ms: r.deepPageP50Ms,
      summaryP50Ms: r.summaryP50Ms,
      exportRows: exported.rows,
      exportSeconds: Math.round(exported.seconds * 10) / 10,
      exportRssGrowthMb: Math.round(exported.growthMb),
      rssAfterIngestMb: Math.round(exported.rssBeforeMb),
      bytesPerDevice: Math.round((await bytes()) / devices),
    };
  } finally {
    await gateway.stop();
  }
}

const RECIPIENT_BYTES = sql`select coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint as bytes
  from pg_inherits i join pg_class c on c.oid = i.inhrelid join pg_class p on p.oid = i.inhparent where p.relname = 'recipients'`;

export async function recipientsBench(smoke: boolean): Promise<RecipientsRow[]> {
  const pg = await createPgDatabase();
  const dir = mkdtempSync(join(tmpdir(), 'timpush-bench-recipients-'));
  try {
    const rows = [
      await engineRow(
        'PostgreSQL 127.0.0.1:5432',
        { DATABASE_URL: pg.url },
        async () => {
          const h = await openPostgres(pg.url);
          try {
            return Number((await h.rows<{ bytes: string }>(RECIPIENT_BYTES))[0]!.bytes);
          } finally {
            await h.close();
          }
        },
        smoke ? 10_000 : 1_000_000,
      ),
    ];
    rows.push(
      await engineRow(
        'PGlite (DATA_DIR, on its thread)',
        { DATA_DIR: dir },
        async () => {
          const h = await openPglite({ dataDir: join(dir, 'pglite') });
          try {
            return Number((await h.rows<{ bytes: string }>(RECIPIENT_BYTES))[0]!.bytes);
          } finally {
            await h.close();
          }
        },
        smoke ? 2_000 : 100_000,
      ),
    );
    return rows;
  } finally {
    await pg.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The targets: PostgreSQL ≥ 20,000 events/s, PGlite ≥ 5,000, nothing lost, pages ≤ 50 ms, summary ≤ 100 ms, export growth ≤ 64 MB. */
export function recipientsMisses(rows: RecipientsRow[], smoke: boolean): string[] {
  return rows.flatMap((r) => {
    const pg = r.engine.startsWith('PostgreSQL');
    return [
      ...(r.lost !== 0 || r.refused !== 0
        ? [`${r.engine}: ${r.lost} recipients lost, ${r.refused} callbacks refused`]
        : []),
      ...(r.exportRows < r.recipients ? [`${r.engine}: the export has ${r.exportRows} rows`] : []),
      ...(smoke
        ? []
        : [
            ...(r.eventsPerSec < (pg ? 20_000 : 5_000) ? [`${r.engine}: ${r.eventsPerSec} events/s`] : []),
            ...(r.failedFirstPageP50Ms > 50 || r.deepPageP50Ms > 50 ? [`${r.engine}: pages over 50 ms`] : []),
            ...(r.summaryP50Ms > 100 ? [`${r.engine}: summary ${r.summaryP50Ms} ms`] : []),
            ...(r.exportRssGrowthMb > 64 ? [`${r.engine}: export grew RSS ${r.exportRssGrowthMb} MB`] : []),
          ]),
    ];
  });
}

export function printRecipients(rows: RecipientsRow[]): void {
  console.log(
    '\n## Recipients: one push through the webhook, kept before each acknowledgement (64 posters, 100 events a request)\n',
  );
  console.log(
    '| engine | recipients | events | events/s | ack p50 | ack p99 | lost | FAILED, first page p50 | a page 90% in p50 | summary p50 | CSV export | RSS growth | RSS after ingest | bytes per recipient-device |',
  );
  console.log('| --- | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: |');
  for (const r of rows)
    console.log(
      `| ${r.engine} | ${r.recipients} | ${r.events} | ${r.eventsPerSec} | ${r.ackP50Ms} ms | ${r.ackP99Ms} ms | ${r.lost} | ${r.failedFirstPageP50Ms} ms | ${r.deepPageP50Ms} ms | ${r.summaryP50Ms} ms | ${r.exportRows} rows in ${r.exportSeconds} s | ${r.exportRssGrowthMb} MB | ${r.rssAfterIngestMb} MB | ${r.bytesPerDevice} |`,
    );
}

if (process.argv[1]?.endsWith('recipients.ts')) {
  // `tsx bench/recipients.ts [--smoke]`: these rows alone (after npm run build).
  const smoke = process.argv.includes('--smoke');
  const rows = await recipientsBench(smoke);
  printRecipients(rows);
  const misses = recipientsMisses(rows, smoke);
  if (misses.length) {
    console.error(`\nTargets missed: ${misses.join('; ')}`);
    process.exitCode = 1;
  }
}
