import { describe, expect, it } from 'vitest';
import { decodeStats, decodeTaskStats } from '../../src/upstream/apis/statistics-wire.js';

describe('statistics decoders', () => {
  it('reads the counters and the per-channel rows of all_member_push_statistics', () => {
    const byTask = decodeTaskStats({
      ActionStatus: 'OK',
      Results: [
        {
          TaskID: 'xxx-yyy-zzz',
          TotalCount: 2670,
          SentCount: 2213,
          DeliveredCount: 532,
          ClickCount: 206,
          PlatformStatistics: [
            { EventType: 1, PushPlatform: 1, TotalCount: 10, SentCount: 9, DeliveredCount: 8, ClickCount: 7 },
            { EventType: 2, PushPlatform: 0, TotalCount: 3, SentCount: 3, DeliveredCount: 3, ClickCount: 0 },
          ],
        },
      ],
    });
    expect(byTask.get('xxx-yyy-zzz')).toEqual({
      total: 2670,
      sent: 2213,
      delivered: 532,
      clicked: 206,
      byPlatform: [
        { platform: 'APNS', eventType: 'OFFLINE', total: 10, sent: 9, delivered: 8, clicked: 7 },
        { platform: 'UNKNOWN', eventType: 'ONLINE', total: 3, sent: 3, delivered: 3, clicked: 0 },
      ],
    });
  });

  it('reads a platform-0 row without EventType (normal_push_statistics) as the online row', () => {
    const stats = decodeStats({
      TotalCount: 5,
      PlatformStatistics: [
        { PushPlatform: 8, TotalCount: 4, SentCount: 0, DeliveredCount: 0, ClickCount: 0 },
        { PushPlatform: 0, TotalCount: 1, SentCount: 1, DeliveredCount: 1, ClickCount: 0 },
      ],
    });
    expect(stats.byPlatform.map((r) => [r.platform, r.eventType])).toEqual([
      ['HONOR', null],
      ['UNKNOWN', 'ONLINE'],
    ]);
  });

  it('turns missing, negative or mistyped counters into 0 and skips non-object rows', () => {
    const stats = decodeStats({
      TotalCount: '12',
      SentCount: -3,
      DeliveredCount: null,
      ClickCount: 'many',
      PlatformStatistics: [null, 7, { PushPlatform: 99 }],
    });
    expect(stats).toEqual({
      total: 12,
      sent: 0,
      delivered: 0,
      clicked: 0,
      // An unknown channel number is UNKNOWN, but not the online row.
      byPlatform: [{ platform: 'UNKNOWN', eventType: null, total: 0, sent: 0, delivered: 0, clicked: 0 }],
    });
  });
});
