import { describe, expect, it } from 'vitest';
import { generateLoss, generateTrace } from '../../emulator/data.js';

const clock = { anchorMs: Date.parse('2026-01-01T00:00:00Z'), format: (ms: number) => new Date(ms).toISOString() };

describe('emulator demo data', () => {
  it('is the same for the same id and differs between ids', () => {
    expect(generateTrace('task:a:u', clock)).toEqual(generateTrace('task:a:u', clock));
    expect(generateTrace('task:a:u', clock)).not.toEqual(generateTrace('task:a:v', clock));
    expect(generateLoss('x', true)).toEqual(generateLoss('x', true));
  });

  it('keeps the overall loss equal to the per-channel loss summed', () => {
    for (const seed of ['a', 'b', 'c', 'd']) {
      const loss = generateLoss(seed, true);
      const sum = (entries: { ErrCount: number }[] = []) => entries.reduce((n, e) => n + e.ErrCount, 0);
      expect(sum(loss.ReadyToSendLoss)).toBe(sum(loss.PlatformReadyToSendLoss));
      expect(sum(loss.PostSendDeliveredLoss)).toBe(sum(loss.PlatformPostSendDeliveredLoss));
    }
  });

  it('shows realistic failures across many users: several platforms and failed channel stages', () => {
    const instances = Array.from({ length: 60 }, (_, i) => generateTrace(`task:t:user${i}`, clock)).flat();
    expect(new Set(instances.map((i) => i.PushPlatform)).size).toBeGreaterThan(4);
    const failedChannel = instances.filter((i) => i.OfflinePushStat?.ChannelStat?.PushStatus === 2);
    expect(failedChannel.length).toBeGreaterThan(0);
    expect(
      failedChannel.some(
        (i) =>
          i.OfflinePushStat!.ChannelStat!.ErrorInfo === 'Unregistered' ||
          i.OfflinePushStat!.ChannelStat!.ErrorCode === 80300007,
      ),
    ).toBe(true);
  });
});
