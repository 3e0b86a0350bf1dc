// Per-device outcome over HTTP: a clicked device, a failed one with its diagnosis, and the user's best result.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from './helpers.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());

interface Outcome {
  result: string;
  failedStage: string | null;
  diagnosis: { class: string; source: string | null } | null;
}
interface Trace {
  userId: string;
  outcome: string;
  instances: { platform: string; outcome: Outcome; stages: { stage: string; status: string }[] }[];
}

const TRACE = `userId outcome instances { platform stages { stage status } outcome { result failedStage diagnosis { class source } } }`;

describe('InstanceTrace.outcome and UserTrace.outcome', () => {
  it('reads the documented trace as a clicked device', async () => {
    const { data, errors } = await stack.gql<{ task: { trace: Trace } }>(
      `{ task(id: "xxx-yyy-zzz") { trace(userId: "xyz") { ${TRACE} } } }`,
    );
    expect(errors).toBeUndefined();
    expect(data!.task.trace.outcome).toBe('CLICKED');
    expect(data!.task.trace.instances[0]!.outcome).toEqual({ result: 'CLICKED', failedStage: null, diagnosis: null });
  });

  it('names the first failed stage of a failed device and diagnoses it', async () => {
    const users = Array.from({ length: 30 }, (_, i) => `outcome-${i}`);
    const { data } = await stack.gql<{ task: { traces: Trace[] } }>(
      `query($users: [ID!]!) { task(id: "outcome-task") { traces(userIds: $users) { ${TRACE} } } }`,
      { users },
    );
    const devices = data!.task.traces.flatMap((u) => u.instances);
    const failed = devices.filter((d) => d.outcome.result === 'FAILED');
    expect(failed.length).toBeGreaterThan(0);
    for (const d of failed) {
      const first = d.stages.find((s) => s.status === 'FAILURE');
      expect(d.outcome.failedStage).toBe(first!.stage);
      expect(d.outcome.diagnosis).not.toBeNull();
    }
    expect(failed.some((d) => d.outcome.diagnosis!.class === 'TOKEN_INVALID')).toBe(true);
    for (const user of data!.task.traces) {
      const results = user.instances.map((d) => d.outcome.result);
      const best = ['CLICKED', 'DELIVERED', 'PENDING', 'FAILED'].find((r) => results.includes(r)) ?? 'PENDING';
      expect(user.outcome).toBe(best);
    }
  });
});
