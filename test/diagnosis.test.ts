// Diagnosis over HTTP: what a code means and what to do, on loss buckets, trace stages and for tools.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startStack, type Stack } from './helpers.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());
beforeEach(() => stack.emulator.reset());

const DIAGNOSIS = 'class meaning remedy retryable pruneToken source';

interface Diagnosis {
  class: string;
  meaning: string | null;
  remedy: string | null;
  retryable: boolean;
  pruneToken: boolean;
  source: string | null;
}
interface Bucket {
  platform: string | null;
  errorCode: string;
  diagnosis: Diagnosis;
}
interface Stage {
  stage: string;
  status: string;
  errorCode: number;
  diagnosis: Diagnosis | null;
}

describe('Query.diagnosis', () => {
  it("diagnoses Tencent's -1, APNs 410 and Huawei 80300007, and invents nothing for an unknown code", async () => {
    const { data, errors } = await stack.gql<
      Record<'tencent' | 'apns' | 'huawei' | 'unknown' | 'noVendor', Diagnosis>
    >(`{
      tencent: diagnosis(code: "-1") { ${DIAGNOSIS} }
      apns: diagnosis(platform: APNS, code: "410") { ${DIAGNOSIS} }
      huawei: diagnosis(platform: HUAWEI, code: "80300007") { ${DIAGNOSIS} }
      unknown: diagnosis(platform: VIVO, code: "10302") { ${DIAGNOSIS} }
      noVendor: diagnosis(code: "410") { class meaning }
    }`);
    expect(errors).toBeUndefined();
    if (!data) throw new Error('no data');
    expect(data.tencent).toMatchObject({ class: 'CONFIG', retryable: false, pruneToken: false });
    expect(data.tencent.meaning).toMatch(/certificate/i);
    expect(data.tencent.source).toMatch(/^https:\/\/trtc\.io\//);
    expect(data.apns).toMatchObject({ class: 'TOKEN_INVALID', retryable: false, pruneToken: true });
    expect(data.apns.source).toMatch(/^https:\/\/developer\.apple\.com\//);
    expect(data.huawei).toMatchObject({ class: 'TOKEN_INVALID', pruneToken: true });
    expect(data.huawei.remedy).toBeTruthy();
    expect(data.unknown).toEqual({
      class: 'UNKNOWN',
      meaning: null,
      remedy: null,
      retryable: false,
      pruneToken: false,
      source: null,
    });
    expect(data.noVendor).toEqual({ class: 'UNKNOWN', meaning: null });
    expect(stack.emulator.calls).toHaveLength(0);
  });

  it('refuses an empty code', async () => {
    const { errors } = await stack.gql(`{ diagnosis(code: " ") { class } }`);
    expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('LossBucket.diagnosis', () => {
  it("diagnoses the documented loss buckets, reading an overall bucket's code with its only channel", async () => {
    const { data } = await stack.gql<{ task: { loss: Record<string, Bucket[]> } }>(`{ task(id: "xxx-yyy-zzz") { loss {
      readyToSend { errorCode diagnosis { class } }
      postSendDelivered { errorCode diagnosis { class pruneToken } }
      byPlatform { platform errorCode diagnosis { class } }
    } } }`);
    const loss = data!.task.loss;
    expect(loss.readyToSend).toEqual([
      { errorCode: '-1', diagnosis: { class: 'CONFIG' } },
      { errorCode: '-2', diagnosis: { class: 'CONFIG' } },
    ]);
    // The example shows "1" only on APNs and "410" only on Xiaomi: neither vendor has that code in the knowledge base.
    expect(loss.postSendDelivered!.map((b) => b.diagnosis.class)).toEqual(['UNKNOWN', 'UNKNOWN']);
    expect(loss.byPlatform!.map((b) => [b.platform, b.errorCode, b.diagnosis.class])).toEqual([
      ['APNS', '-1', 'CONFIG'],
      ['XIAOMI', '-1', 'CONFIG'],
      ['APNS', '1', 'UNKNOWN'],
      ['XIAOMI', '410', 'UNKNOWN'],
    ]);
  });

  it('diagnoses every generated vendor code from the knowledge base', async () => {
    const ids = Array.from({ length: 10 }, (_, i) => `diag-${i}`);
    const { data } = await stack.gql<{ tasks: { loss: { byPlatform: Bucket[] } }[] }>(
      `query($ids: [ID!]!) { tasks(ids: $ids) { loss { byPlatform { platform errorCode diagnosis { class source } } } } }`,
      { ids },
    );
    const buckets = data!.tasks.flatMap((t) => t.loss.byPlatform);
    expect(buckets.length).toBeGreaterThan(20);
    for (const b of buckets) expect(b.diagnosis.source, `${b.platform} ${b.errorCode}`).toMatch(/^https:/);
  });
});

describe('StageStat.diagnosis', () => {
  it('is null for a successful stage and read with the device channel for a failed one', async () => {
    const users = Array.from({ length: 25 }, (_, i) => `stage-user-${i}`);
    const { data } = await stack.gql<{
      task: { traces: { instances: { platform: string; stages: Stage[] }[] }[] };
    }>(
      `query($users: [ID!]!) { task(id: "stage-diag") { traces(userIds: $users) { instances { platform stages { stage status errorCode diagnosis { class source } } } } } }`,
      { users },
    );
    const stages = data!.task.traces.flatMap((u) =>
      u.instances.flatMap((i) => i.stages.map((s) => ({ ...s, platform: i.platform }))),
    );
    expect(stages.filter((s) => s.status === 'SUCCESS').every((s) => s.diagnosis === null)).toBe(true);
    const failedAtVendor = stages.filter((s) => s.status === 'FAILURE' && s.stage === 'OFFLINE_CHANNEL');
    expect(failedAtVendor.length).toBeGreaterThan(0);
    for (const s of failedAtVendor) expect(s.diagnosis?.source, `${s.platform} ${s.errorCode}`).toMatch(/^https:/);
  });
});
