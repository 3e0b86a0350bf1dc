// Days as the upstream counts them (TIM_UTC_OFFSET), and several days' figures added up into one window's.
import { describe, expect, it } from 'vitest';
import { createDays, kept, settled } from '../../src/history/days.js';
import { mergeLoss, mergeStats } from '../../src/history/merge.js';

const days = createDays(480);

describe('history days', () => {
  it('cuts days at midnight UTC+08:00', () => {
    expect(days.window('2025-03-12')).toEqual({
      from: new Date('2025-03-11T16:00:00Z'),
      to: new Date('2025-03-12T16:00:00Z'),
    });
    expect(days.dayOf(Date.parse('2025-03-11T15:59:59Z'))).toBe('2025-03-11');
    expect(days.dayOf(Date.parse('2025-03-11T16:00:00Z'))).toBe('2025-03-12');
  });

  it('knows a window of whole days, and nothing else', () => {
    const w = { from: new Date('2025-03-11T16:00:00Z'), to: new Date('2025-03-14T16:00:00Z') };
    expect(days.wholeDays(w)).toEqual(['2025-03-12', '2025-03-13', '2025-03-14']);
    expect(days.wholeDay(w)).toBeUndefined();
    expect(days.wholeDay(days.window('2025-03-12'))).toBe('2025-03-12');
    expect(days.wholeDays({ from: new Date('2025-03-12T00:00:00Z'), to: new Date('2025-03-13T00:00:00Z') })).toBe(
      undefined,
    );
  });

  it('settles a day an hour after its end; the upstream keeps loss 7 days and statistics 30', () => {
    const w = days.window('2025-03-12');
    expect(settled(w, w.to.getTime() + 3_599_000)).toBe(false);
    expect(settled(w, w.to.getTime() + 3_601_000)).toBe(true);
    const eightDaysOn = w.from.getTime() + 8 * 86_400_000;
    expect(kept(w, 'loss', eightDaysOn)).toBe(false);
    expect(kept(w, 'stats', eightDaysOn)).toBe(true);
  });
});

describe('several days as one window', () => {
  it('adds statistics per channel and loss per code', () => {
    const day = (n: number) => ({
      total: n,
      sent: n,
      delivered: n - 1,
      clicked: 0,
      byPlatform: [
        { platform: 'FCM' as const, eventType: 'OFFLINE' as const, total: n, sent: n, delivered: n - 1, clicked: 0 },
      ],
    });
    expect(mergeStats([day(10), day(5)])).toMatchObject({
      total: 15,
      delivered: 13,
      byPlatform: [{ platform: 'FCM', total: 15, delivered: 13 }],
    });
    const bucket = (count: number, errorCode = '410') => ({
      stage: 'POST_SEND_DELIVERED' as const,
      platform: 'APNS' as const,
      eventType: 'OFFLINE' as const,
      errorCode,
      errorInfo: 'Unregistered',
      count,
    });
    const loss = mergeLoss([
      { readyToSend: [], postSendDelivered: [bucket(2)], byPlatform: [bucket(2)] },
      { readyToSend: [], postSendDelivered: [bucket(3), bucket(7, '400')], byPlatform: [bucket(3)] },
    ]);
    expect(loss.postSendDelivered.map((b) => [b.errorCode, b.count])).toEqual([
      ['400', 7],
      ['410', 5],
    ]);
    expect(loss.byPlatform.map((b) => b.count)).toEqual([5]);
  });
});
