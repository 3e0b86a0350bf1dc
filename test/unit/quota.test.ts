import { describe, expect, it } from 'vitest';
import { createMemoryQuota } from '../../src/upstream/scheduler/quota.js';

describe('quota reservation', () => {
  it('spaces slots of one key by the interval, in reservation order', async () => {
    const quota = createMemoryQuota();
    // Each wait counts from its own reservation: the slot it gives is that moment plus the wait.
    const waits: number[] = [];
    const slots: number[] = [];
    for (let i = 0; i < 4; i++) {
      const asked = performance.now();
      const wait = (await quota.reserve('k', 1000, 60_000))!;
      waits.push(wait);
      slots.push(asked + wait);
    }
    expect(waits[0]).toBeLessThan(5);
    for (let i = 1; i < 4; i++) expect(slots[i]! - slots[i - 1]!).toBeGreaterThanOrEqual(999);
  });

  it('keeps keys independent', async () => {
    const quota = createMemoryQuota();
    await quota.reserve('a', 1000, 60_000);
    expect(await quota.reserve('b', 1000, 60_000)).toBeLessThan(5);
  });

  it('refuses, taking nothing, a slot beyond the deadline', async () => {
    const quota = createMemoryQuota();
    await quota.reserve('k', 1000, 1500);
    await quota.reserve('k', 1000, 1500);
    expect(await quota.reserve('k', 1000, 1500)).toBeNull();
    // The refused call took no slot: the next one is still 2 intervals out, not 3.
    const wait = await quota.reserve('k', 1000, 5000);
    expect(wait).toBeGreaterThan(1900);
    expect(wait).toBeLessThan(2100);
  });
});

describe('quota departure', () => {
  const sent = async (quota: ReturnType<typeof createMemoryQuota>, key: string, interval: number) => {
    const d = await quota.depart(key, interval);
    if (!('sentAt' in d)) throw new Error(`not due: wait ${d.waitMs} ms`);
    return d.sentAt;
  };

  it('records nothing and says how long to wait while the last call left less than an interval ago', async () => {
    const quota = createMemoryQuota();
    const first = await sent(quota, 'k', 1000);
    await quota.confirm('k', first, 0);
    const second = await quota.depart('k', 1000);
    expect('waitMs' in second && second.waitMs).toBeGreaterThan(995);
    // Nothing was recorded: asking again still points at the same moment.
    const third = await quota.depart('k', 1000);
    expect('waitMs' in third && third.waitMs).toBeLessThanOrEqual(1000);
  });

  it('lets the next call go once the interval has passed', async () => {
    const quota = createMemoryQuota();
    await quota.confirm('k', await sent(quota, 'k', 20), 0);
    await new Promise((r) => setTimeout(r, 30));
    expect(await quota.depart('k', 20)).toHaveProperty('sentAt');
  });

  it('spaces the next call from when the last one actually left, not from when it was recorded', async () => {
    const quota = createMemoryQuota();
    const first = await sent(quota, 'k', 1000);
    // Signing and connecting held the call back 300 ms after it was recorded as leaving.
    await quota.confirm('k', first, 300);
    const next = await quota.depart('k', 1000);
    expect('waitMs' in next && next.waitMs).toBeGreaterThan(1250);
  });

  it('holds the next call while the last one is still on its way out', async () => {
    const quota = createMemoryQuota();
    const first = await sent(quota, 'k', 10);
    await new Promise((r) => setTimeout(r, 30));
    // Due by the clock, but the first has not been confirmed as gone: wait and ask again.
    expect(await quota.depart('k', 10)).toHaveProperty('waitMs');
    await quota.confirm('k', first, null);
    expect(await quota.depart('k', 10)).toHaveProperty('sentAt');
  });
});
