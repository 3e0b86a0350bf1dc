// The documented examples, as a GraphQL client receives them through the gateway.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLoss, generateTrace } from '../emulator/data.js';
import { decodeLoss, decodeTrace } from '../src/upstream/decode.js';
import {
  DECODED_ALL_MEMBER_PUSH_TRACE,
  DECODED_NORMAL_PUSH_LOSS,
  DECODED_NORMAL_PUSH_TRACE,
  DECODED_TASK_LOSS,
  asJson,
} from './fixtures/index.js';
import { startStack, type Stack } from './helpers.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());

const INSTANCE = `instanceId pushTime eventType platform deviceModel system systemVersion token certId sdkVersion
  pushVersion notificationEnabled recentlyActive stages { stage status errorCode errorInfo eventTime }`;
const BUCKET = `stage platform eventType errorCode errorInfo count`;
const LOSS = `readyToSend { ${BUCKET} } postSendDelivered { ${BUCKET} } byPlatform { ${BUCKET} }`;

describe('decoded traces over HTTP', () => {
  it('answers the documented all_member_push_trace example field by field', async () => {
    const data = await stack.data<{ task: { trace: unknown } }>(
      `{ task(id: "xxx-yyy-zzz") { trace(userId: "xyz") { taskId userId instances { ${INSTANCE} } } } }`,
    );
    expect(data.task.trace).toEqual({
      taskId: 'xxx-yyy-zzz',
      userId: 'xyz',
      instances: [asJson(DECODED_ALL_MEMBER_PUSH_TRACE)],
    });
  });

  it('answers the documented normal_push_trace example field by field', async () => {
    const data = await stack.data<{ push: unknown }>(`{ push(id: "xxx-yyy-zzz") { id traces { ${INSTANCE} } } }`);
    expect(data.push).toEqual({ id: 'xxx-yyy-zzz', traces: [asJson(DECODED_NORMAL_PUSH_TRACE)] });
  });
});

describe('decoded loss over HTTP', () => {
  it('answers the documented all_member_push_loss examples field by field, with their totals', async () => {
    const data = await stack.data<{ tasks: { loss: unknown }[] }>(
      `{ tasks(ids: ["xxx-yyy-zzz", "aaa-bbb-ccc"]) { loss { taskId total ${LOSS} } } }`,
    );
    expect(data.tasks.map((t) => t.loss)).toEqual([
      { taskId: 'xxx-yyy-zzz', total: 167 + 125 + 217 + 35, ...asJson(DECODED_TASK_LOSS['xxx-yyy-zzz']) },
      { taskId: 'aaa-bbb-ccc', total: 159 + 104 + 26 + 143, ...asJson(DECODED_TASK_LOSS['aaa-bbb-ccc']) },
    ]);
  });

  it('narrows byPlatform to a stage and to a channel', async () => {
    const data = await stack.data<{ task: { loss: Record<'apns' | 'delivered', unknown> } }>(
      `{ task(id: "aaa-bbb-ccc") { loss {
        apns: byPlatform(platform: APNS) { ${BUCKET} }
        delivered: byPlatform(stage: POST_SEND_DELIVERED) { ${BUCKET} }
      } } }`,
    );
    const { byPlatform } = DECODED_TASK_LOSS['aaa-bbb-ccc'];
    expect(data.task.loss.apns).toEqual(byPlatform.filter((b) => b.platform === 'APNS'));
    expect(data.task.loss.delivered).toEqual(byPlatform.filter((b) => b.stage === 'POST_SEND_DELIVERED'));
    expect(data.task.loss.apns).toHaveLength(3);
    expect(data.task.loss.delivered).toHaveLength(2);
  });

  it('answers the documented normal_push_loss example for its window, field by field', async () => {
    const data = await stack.data<{ pushLoss: unknown }>(
      `{ pushLoss(range: { from: "2025-03-12T00:00:00+08:00", to: "2025-03-13T00:00:00+08:00" }) {
        taskId from to total ${LOSS} } }`,
    );
    expect(data.pushLoss).toEqual({
      taskId: null,
      from: '2025-03-11T16:00:00.000Z',
      to: '2025-03-12T16:00:00.000Z',
      total: 167 + 125 + 217 + 35,
      ...asJson(DECODED_NORMAL_PUSH_LOSS),
    });
    expect(stack.emulator.callsTo('normal_push_loss')[0]!.body).toEqual({ StartTime: 1741708800, EndTime: 1741795200 });
  });
});

describe('generated data for any other id', () => {
  // The emulator's demo data is seeded by the ids; its times follow the emulator's clock, so they are left out.
  it("answers the emulator's generated loss and trace, decoded", async () => {
    const data = await stack.data<{ task: { loss: unknown; trace: { instances: unknown[] } } }>(
      `{ task(id: "generated-1") { loss { ${LOSS} } trace(userId: "bob") { instances { instanceId platform eventType
        stages { stage status errorCode errorInfo } } } } }`,
    );
    expect(data.task.loss).toEqual(decodeLoss({ ...generateLoss('task-loss:generated-1', true) }));
    const clock = { anchorMs: 0, format: () => '' };
    const expected = decodeTrace(
      { InstanceTrace: generateTrace('task:generated-1:bob', clock) },
      { utcOffsetMinutes: 0 },
    );
    expect(data.task.trace.instances).toEqual(
      expected.map(({ instanceId, platform, eventType, stages }) => ({
        instanceId,
        platform,
        eventType,
        stages: stages.map(({ eventTime: _, ...stage }) => stage),
      })),
    );
    expect(data.task.trace.instances.length).toBeGreaterThan(0);
  });
});
