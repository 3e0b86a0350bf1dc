import { describe, expect, it } from 'vitest';
import { changesOf, progressFrom, TOP_REASONS } from '../../src/events/counters.js';
import { MalformedCallback, decodeCallback } from '../../src/events/decode.js';

const NOW = 1_700_000_100_000;
const base = { TaskId: 't', To_Account: 'u', PushStage: 1, EventTime: 1_700_000_000 };

describe('decodeCallback', () => {
  it('reads Push.OfflinePush EventType as the chat type, not offline/online', () => {
    const { events } = decodeCallback(
      {
        Events: [
          {
            CallbackCommand: 'Push.OfflinePush',
            PushID: 'm',
            To_Account: 'u',
            PushStage: 2,
            EventTime: 1,
            EventType: 1,
          },
        ],
      },
      'Push.OfflinePush',
      NOW,
    );
    expect(events[0]).toMatchObject({
      pushId: 'm',
      taskId: null,
      chatType: 'ONE_TO_ONE',
      eventType: null,
      stage: 'DELIVERED',
    });
  });

  it('fills what the documentation leaves optional and keeps an unknown channel as its code', () => {
    const { events } = decodeCallback({ Events: [{ ...base, PushPlatform: 11 }] }, 'Push.AllMemberPush', NOW);
    expect(events[0]).toMatchObject({
      platform: 'UNKNOWN',
      platformCode: 11,
      errorCode: 0,
      errorInfo: '',
      eventTime: 1_700_000_000_000,
      receivedAt: NOW,
    });
  });

  it('skips events of an unknown stage and counts them', () => {
    const out = decodeCallback({ Events: [base, { ...base, PushStage: 4 }] }, 'Push.AllMemberPush', NOW);
    expect(out.events).toHaveLength(1);
    expect(out.unknownStages).toBe(1);
  });

  it('gives replays the same id and different outcomes different ids', () => {
    const id = (e: object) => decodeCallback({ Events: [e] }, 'Push.AllMemberPush', NOW).events[0]!.eventId;
    expect(id(base)).toBe(id({ ...base }));
    expect(id(base)).not.toBe(id({ ...base, ErrCode: 410 }));
    expect(id(base)).not.toBe(id({ ...base, To_Account: 'v' }));
  });

  it('refuses an error code that is not a 32-bit integer', () => {
    expect(() => decodeCallback({ Events: [{ ...base, ErrCode: 2 ** 31 }] }, 'Push.AllMemberPush', NOW)).toThrow(
      MalformedCallback,
    );
  });
});

describe('live counters', () => {
  it('count successes by stage and failures by reason, most frequent first, at most 10', () => {
    const { events } = decodeCallback(
      {
        Events: [
          { ...base, PushPlatform: 1 },
          { ...base, PushPlatform: 1, PushStage: 3 },
          ...Array.from({ length: 12 }, (_, i) => ({
            ...base,
            PushPlatform: 4,
            ErrCode: 100 + i,
            To_Account: `f${i}`,
          })),
          { ...base, PushPlatform: 4, ErrCode: 111, To_Account: 'again', ErrInfo: 'latest' },
        ],
      },
      'Push.AllMemberPush',
      NOW,
    );
    const fields: Record<string, string> = {};
    for (const e of events) {
      const { incr, set } = changesOf(e);
      for (const f of incr) fields[f] = String(Number(fields[f] ?? 0) + 1);
      for (const [f, v] of set) fields[f] = v;
    }
    const p = progressFrom('t', fields);
    expect(p).toMatchObject({ sent: 1, clicked: 1, delivered: 0, failed: 13, updatedAt: null });
    expect(p.byPlatform).toEqual([
      { platform: 'APNS', sent: 1, delivered: 0, clicked: 1, failed: 0 },
      { platform: 'FCM', sent: 0, delivered: 0, clicked: 0, failed: 13 },
    ]);
    expect(p.topReasons).toHaveLength(TOP_REASONS);
    expect(p.topReasons[0]).toEqual({ stage: 'SENT', platform: 'FCM', errorCode: 111, errorInfo: 'latest', count: 2 });
    expect(p.topReasons.slice(1).map((r) => r.errorCode)).toEqual([100, 101, 102, 103, 104, 105, 106, 107, 108]);
  });
});
