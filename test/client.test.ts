// The generated client: every document from one import, and the example script run against a real gateway.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as client from '../client/gql/index.js';
import { request } from '../client/incremental.js';
import { startStack, type Stack } from './helpers.js';

let stack: Stack;
beforeAll(async () => (stack = await startStack()));
afterAll(() => stack.close());

describe('client/gql', () => {
  it('exports every operation document and graphql() from one import', () => {
    for (const name of ['TaskOverview', 'TaskTracesStream', 'TasksLoss', 'PushTraces', 'LossOverview', 'SendBatchPush'])
      expect(client).toHaveProperty(`${name}Document`);
    expect(typeof client.graphql).toBe('function');
  });

  it('gives a @defer result typed and whole once the stream ends', async () => {
    const to = new Date();
    const from = new Date(to.getTime() - 86_400_000);
    const { data, errors } = await request({ url: stack.url }, client.LossOverviewDocument, {
      range: { from: from.toISOString(), to: to.toISOString() },
    });
    expect(errors).toEqual([]);
    expect(typeof data?.pushLoss?.total).toBe('number');
    expect(typeof data?.overallTaskLoss?.total).toBe('number');
  });
});

describe('client/example.ts', () => {
  it('prints the loss, then each streamed trace, against the gateway', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'client/example.ts', 'xxx-yyy-zzz', 'xyz', 'alice', 'bob'],
      { env: { ...process.env, GATEWAY_URL: stack.url }, timeout: 30_000 },
    );
    expect(stdout).toMatch(/^task xxx-yyy-zzz: \d+ lost between/m);
    const payloads = [...stdout.matchAll(/^streamed in payload (\d+): /gm)].map((m) => Number(m[1]));
    expect(payloads).toHaveLength(3);
    // Incremental: the traces came in separate payloads, not in one answer.
    expect(new Set(payloads).size).toBeGreaterThan(1);
    expect(stdout).toMatch(/^streamed in payload \d+: xyz on /m);
    expect(stdout).toMatch(/^done: 3 traces$/m);
  });
});
