import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createDailyQuota, createMemoryDailyQuotaStore, upstreamDay } from '../../src/upstream/daily-quota.js';
import { DailyQuotaExhaustedError, UpstreamError } from '../../src/upstream/errors.js';

describe("the upstream's day", () => {
  it('turns at midnight UTC+08:00 and ends at the next one', () => {
    const before = upstreamDay(Date.parse('2025-03-13T15:59:59Z'), 480);
    expect(before).toEqual({ day: '2025-03-13', endsAt: new Date('2025-03-13T16:00:00Z') });
    const after = upstreamDay(Date.parse('2025-03-13T16:00:00Z'), 480);
    expect(after).toEqual({ day: '2025-03-14', endsAt: new Date('2025-03-14T16:00:00Z') });
  });

  it('follows another configured zone, across a month end', () => {
    expect(upstreamDay(Date.parse('2025-03-31T23:30:00Z'), -60)).toEqual({
      day: '2025-03-31',
      endsAt: new Date('2025-04-01T01:00:00Z'),
    });
  });
});

describe('the daily quota', () => {
  const log = pino({ level: 'silent' });

  it('starts each day afresh', async () => {
    let now = Date.parse('2025-03-13T15:00:00Z');
    const quota = createDailyQuota({
      store: createMemoryDailyQuotaStore(),
      dailyLimit: 1,
      utcOffsetMinutes: 480,
      log,
      now: () => now,
    });
    await quota.spend(async () => 'sent');
    await expect(quota.spend(async () => 'sent')).rejects.toBeInstanceOf(DailyQuotaExhaustedError);
    now = Date.parse('2025-03-13T16:00:01Z');
    expect(await quota.spend(async () => 'sent')).toBe('sent');
    expect(await quota.status().count()).toEqual({ used: 1, exhausted: false });
  });

  it('reads 90047 as the day used up, giving back the push that did not go out', async () => {
    const quota = createDailyQuota({ store: createMemoryDailyQuotaStore(), dailyLimit: 5, utcOffsetMinutes: 480, log });
    const error = await quota
      .spend(() => Promise.reject(new UpstreamError('push', 90047, 'over')))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DailyQuotaExhaustedError);
    expect((error as DailyQuotaExhaustedError).upstream?.errorCode).toBe(90047);
    expect(await quota.status().count()).toEqual({ used: 0, exhausted: true });
    let called = false;
    await expect(quota.spend(async () => (called = true))).rejects.toBeInstanceOf(DailyQuotaExhaustedError);
    expect(called).toBe(false);
  });
});
