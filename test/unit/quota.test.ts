import { describe, expect, it } from 'vitest';
import { createMemoryQuota } from '../../src/upstream/scheduler/quota.js';

describe('quota reservation', () => {
  it('spaces slots of one key by the interval, in reservation order', async () => {
    const quota = createMemoryQuota();
    const waits = [];
    for (let i = 0; i < 4; i++) waits.push(await quota.reserve('k', 1000, 60_000));
    expect(waits[0]).toBeLessThan(5);
    for (let i = 1; i < 4; i++) expect(waits[i]! - waits[i - 1]!).toBeGreaterThanOrEqual(999);
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

describe('quota dispatch check', () => {
  it('holds a call that is on time when the one before it left late', async () => {
    const quota = createMemoryQuota();
    // Two calls reach the send point together: the first left its slot late, the second is on time.
    expect((await quota.dispatch('k', 1000)).waitMs).toBe(0);
    // The second still goes out a full interval after the first.
    const extra = (await quota.dispatch('k', 1000)).waitMs;
    expect(extra).toBeGreaterThan(995);
    expect(extra).toBeLessThanOrEqual(1000);
  });

  it('adds nothing when calls leave as planned', async () => {
    const quota = createMemoryQuota();
    await quota.dispatch('k', 20);
    await new Promise((r) => setTimeout(r, 30));
    expect((await quota.dispatch('k', 20)).waitMs).toBe(0);
  });
});

describe('quota departure record', () => {
  it('spaces the next call from when the last one actually left, not from when it was recorded', async () => {
    const quota = createMemoryQuota();
    const { sentAt } = await quota.dispatch('k', 1000);
    // Signing and connecting held the call back 300 ms after it was recorded as sent.
    await quota.confirm('k', 1000, sentAt, 300);
    await new Promise((r) => setTimeout(r, 20));
    const { waitMs } = await quota.dispatch('k', 1000);
    expect(waitMs).toBeGreaterThan(1250);
    expect(waitMs).toBeLessThanOrEqual(1300);
  });
});
