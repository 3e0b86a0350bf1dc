import { describe, expect, it } from 'vitest';
import {
  decodeInstance,
  decodeLoss,
  decodeTaskLosses,
  decodeTime,
  decodeTrace,
  encodeTime,
} from '../../src/upstream/decode.js';
import {
  ALL_MEMBER_PUSH_LOSS_EXAMPLE,
  ALL_MEMBER_PUSH_TRACE_EXAMPLE,
  DECODED_ALL_MEMBER_PUSH_TRACE,
  DECODED_NORMAL_PUSH_LOSS,
  DECODED_NORMAL_PUSH_TRACE,
  DECODED_TASK_LOSS,
  NORMAL_PUSH_LOSS_EXAMPLE,
  NORMAL_PUSH_TRACE_EXAMPLE,
} from '../fixtures/index.js';

const cst = { utcOffsetMinutes: 480 };

describe('decodeTime', () => {
  it('reads upstream times in UTC+08:00 by default', () => {
    expect(decodeTime('2025-03-13 16:16:29', cst)?.toISOString()).toBe('2025-03-13T08:16:29.000Z');
  });
  it('honours another configured offset', () => {
    expect(decodeTime('2025-03-13 16:16:29', { utcOffsetMinutes: -300 })?.toISOString()).toBe(
      '2025-03-13T21:16:29.000Z',
    );
  });
  it('gives null for empty, malformed or impossible times', () => {
    for (const v of ['', '0', 'yesterday', '2025-02-30 10:00:00', null, 17, undefined])
      expect(decodeTime(v, cst)).toBeNull();
  });
  it('round-trips through encodeTime', () => {
    expect(encodeTime(decodeTime('2025-03-07 10:04:47', cst)!, cst)).toBe('2025-03-07 10:04:47');
  });
});

describe('trace decoding', () => {
  it('decodes the documented all_member_push_trace example field by field', () => {
    const [i] = decodeTrace({ InstanceTrace: ALL_MEMBER_PUSH_TRACE_EXAMPLE }, cst);
    expect(i).toEqual(DECODED_ALL_MEMBER_PUSH_TRACE);
  });

  it('decodes the documented normal_push_trace example field by field: no EventType, no online stages', () => {
    const [i] = decodeTrace({ InstanceTrace: NORMAL_PUSH_TRACE_EXAMPLE }, cst);
    expect(i).toEqual(DECODED_NORMAL_PUSH_TRACE);
  });

  it('reads both spellings of LastActiveTerminal', () => {
    expect(decodeInstance({ LastActiveTerminal: 1 }, cst).recentlyActive).toBe(true);
    expect(decodeInstance({ last_active_terminal: 1 }, cst).recentlyActive).toBe(true);
    expect(decodeInstance({ LastActiveTerminal: 0 }, cst).recentlyActive).toBe(false);
  });

  it('maps platforms 0–8 and falls back to UNKNOWN', () => {
    const names = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, -1].map((p) => decodeInstance({ PushPlatform: p }, cst).platform);
    expect(names).toEqual([
      'UNKNOWN',
      'APNS',
      'XIAOMI',
      'HUAWEI',
      'FCM',
      'MEIZU',
      'OPPO',
      'VIVO',
      'HONOR',
      'UNKNOWN',
      'UNKNOWN',
    ]);
  });

  it('keeps only present stages, in funnel order, with failures', () => {
    const i = decodeInstance(
      {
        OnlinePushStat: { DeviceStat: { PushStatus: 2, ErrorCode: -10, ErrorInfo: 'offline', EventTime: '' } },
        IMCommitStat: {
          IMStat: { PushStatus: 1, ErrorCode: 0, ErrorInfo: 'success', EventTime: '2025-03-13 16:16:29' },
        },
        OfflinePushStat: {
          ChannelStat: { PushStatus: 2, ErrorCode: 410, ErrorInfo: 'Unregistered', EventTime: '2025-03-13 16:16:30' },
        },
      },
      cst,
    );
    expect(i.stages.map((s) => [s.stage, s.status, s.errorCode])).toEqual([
      ['IM_COMMIT', 'SUCCESS', 0],
      ['OFFLINE_CHANNEL', 'FAILURE', 410],
      ['ONLINE_DEVICE', 'FAILURE', -10],
    ]);
    expect(i.stages[2]!.eventTime).toBeNull();
  });

  it('survives malformed answers without throwing', () => {
    for (const bad of [
      {},
      { InstanceTrace: 'x' },
      { InstanceTrace: [null, 1, 'a', { PushPlatform: '3', IMCommitStat: 5 }] },
    ]) {
      expect(() => decodeTrace(bad as Record<string, unknown>, cst)).not.toThrow();
    }
    expect(decodeTrace({ InstanceTrace: [{ PushPlatform: '3' }] }, cst)[0]!.platform).toBe('HUAWEI');
  });
});

describe('loss decoding', () => {
  it('decodes the documented normal_push_loss example field by field', () => {
    expect(decodeLoss(NORMAL_PUSH_LOSS_EXAMPLE.loss)).toEqual(DECODED_NORMAL_PUSH_LOSS);
  });

  it('decodes the documented all_member_push_loss example by TaskID, field by field, with EventType', () => {
    const byTask = decodeTaskLosses({ Results: Object.values(ALL_MEMBER_PUSH_LOSS_EXAMPLE) });
    expect(Object.fromEntries(byTask)).toEqual(DECODED_TASK_LOSS);
    expect([...byTask.keys()]).toEqual(['xxx-yyy-zzz', 'aaa-bbb-ccc']);
  });

  it('survives malformed loss answers', () => {
    expect(decodeLoss({ ReadyToSendLoss: 'x', PostSendDeliveredLoss: [{ ErrCount: 'lots' }] })).toEqual({
      readyToSend: [],
      postSendDelivered: [
        { stage: 'POST_SEND_DELIVERED', platform: null, eventType: null, errorCode: '', errorInfo: '', count: 0 },
      ],
      byPlatform: [],
    });
    expect(decodeTaskLosses({ Results: { TaskID: 'x' } }).size).toBe(0);
  });
});
