// The documented examples, as a GraphQL client receives them through the gateway.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DECODED_ALL_MEMBER_PUSH_TRACE, asJson } from './fixtures/index.js';
import { startStack, type Stack } from './helpers.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());

const INSTANCE = `instanceId pushTime eventType platform deviceModel system systemVersion token certId sdkVersion
  pushVersion notificationEnabled recentlyActive stages { stage status errorCode errorInfo eventTime }`;
const stage = (name: string, time: string) => ({
  stage: name,
  status: 'SUCCESS',
  errorCode: 0,
  errorInfo: 'success',
  eventTime: time,
});

describe('decoded traces over HTTP', () => {
  it('answers the documented all_member_push_trace example field by field', async () => {
    const { data, errors } = await stack.gql(
      `{ task(id: "xxx-yyy-zzz") { trace(userId: "xyz") { taskId userId instances { ${INSTANCE} } } } }`,
    );
    expect(errors).toBeUndefined();
    expect(data.task.trace).toEqual({
      taskId: 'xxx-yyy-zzz',
      userId: 'xyz',
      instances: [asJson(DECODED_ALL_MEMBER_PUSH_TRACE)],
    });
    expect(data.task.trace.instances[0].pushTime).toBe('2025-03-13T08:16:27.000Z');
  });

  it('answers the documented normal_push_trace example field by field', async () => {
    const { data } = await stack.gql(`{ push(id: "xxx-yyy-zzz") { id traces { ${INSTANCE} } } }`);
    expect(data.push).toEqual({
      id: 'xxx-yyy-zzz',
      traces: [
        {
          instanceId: '101205908',
          pushTime: '2025-03-07T02:04:47.000Z',
          eventType: null,
          platform: 'APNS',
          deviceModel: null,
          system: 'APNS',
          systemVersion: null,
          token: null,
          certId: '0',
          sdkVersion: null,
          pushVersion: null,
          notificationEnabled: false,
          recentlyActive: true,
          stages: [
            stage('IM_COMMIT', '2025-03-07T02:04:47.000Z'),
            ...['OFFLINE_SUBMIT', 'OFFLINE_CHANNEL', 'OFFLINE_DEVICE', 'OFFLINE_CLICK'].map((s) =>
              stage(s, '2025-03-13T08:16:29.000Z'),
            ),
          ],
        },
      ],
    });
  });
});

describe('decoded loss over HTTP', () => {
  it('answers the documented all_member_push_loss examples, with byPlatform filters and total', async () => {
    const { data } = await stack.gql(`{ tasks(ids: ["xxx-yyy-zzz", "aaa-bbb-ccc"]) { loss {
      taskId total
      readyToSend { stage platform errorCode errorInfo count }
      postSendDelivered { errorCode count }
      apns: byPlatform(platform: APNS) { stage errorCode count }
      delivered: byPlatform(stage: POST_SEND_DELIVERED) { platform eventType errorCode errorInfo count }
    } } }`);
    const [first, second] = data.tasks.map((t: any) => t.loss);
    expect(first.total).toBe(167 + 125 + 217 + 35);
    expect(first.readyToSend[0]).toEqual({
      stage: 'READY_TO_SEND',
      platform: null,
      errorCode: '-1',
      errorInfo: 'Certificate id not set',
      count: 167,
    });
    expect(first.apns).toEqual([
      { stage: 'READY_TO_SEND', errorCode: '-1', count: 5 },
      { stage: 'POST_SEND_DELIVERED', errorCode: '1', count: 217 },
    ]);
    expect(second.taskId).toBe('aaa-bbb-ccc');
    expect(second.total).toBe(159 + 104 + 26 + 143);
    expect(second.postSendDelivered).toEqual([
      { errorCode: '410', count: 26 },
      { errorCode: '10302', count: 143 },
    ]);
    expect(second.delivered).toEqual([
      { platform: 'APNS', eventType: 'OFFLINE', errorCode: '16', errorInfo: '', count: 56 },
      { platform: 'XIAOMI', eventType: 'OFFLINE', errorCode: '1', errorInfo: 'regid_invalid', count: 177 },
    ]);
  });

  it('answers the documented normal_push_loss example for its window', async () => {
    const { data } =
      await stack.gql(`{ pushLoss(range: { from: "2025-03-12T00:00:00+08:00", to: "2025-03-13T00:00:00+08:00" }) {
      taskId from to total byPlatform(stage: POST_SEND_DELIVERED) { platform errorCode count } } }`);
    expect(data.pushLoss).toEqual({
      taskId: null,
      from: '2025-03-11T16:00:00.000Z',
      to: '2025-03-12T16:00:00.000Z',
      total: 544,
      byPlatform: [
        { platform: 'APNS', errorCode: '1', count: 217 },
        { platform: 'HUAWEI', errorCode: '410', count: 35 },
      ],
    });
    expect(stack.emulator.callsTo('normal_push_loss')[0]!.body).toEqual({ StartTime: 1741708800, EndTime: 1741795200 });
  });

  it('answers generated data for any other id', async () => {
    const q = `{ task(id: "generated-1") { loss { total byPlatform { platform } } trace(userId: "bob") { instances { instanceId platform stages { stage } } } } }`;
    const { data } = await stack.gql(q);
    expect(data.task.loss.total).toBeGreaterThan(0);
    expect(data.task.trace.instances.length).toBeGreaterThan(0);
    expect(data.task.trace.instances[0].stages[0].stage).toBe('IM_COMMIT');
  });
});
