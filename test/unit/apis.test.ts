import { describe, expect, it } from 'vitest';
import { decodeTaskInfo } from '../../src/upstream/apis/schedule-wire.js';
import {
  addSchedTask,
  getAttrName,
  getTag,
  push,
  allMemberPushLoss,
  allMemberPushStatistics,
  batch,
  callsFor,
  normalPushStatistics,
  normalPushTrace,
  revoke,
} from '../../src/upstream/apis/index.js';
import { PushOutcomeUnknownError } from '../../src/upstream/errors.js';
import { createMemoryCache } from '../../src/cache/index.js';
import { createFairQueue, type Lane } from '../../src/upstream/scheduler/queue.js';

const day = (d: string) => ({ from: new Date(`${d}T00:00:00Z`), to: new Date(`${d}T23:00:00Z`) });
const ttls = { traceMs: 60_000, lossMs: 300_000, settledLossMs: 3_600_000 };

describe('all_member_push_loss description', () => {
  it('needs ⌈K/5⌉ calls per window, and one of its own for the overall figures', () => {
    const keys = [
      ...Array.from({ length: 7 }, (_, i) => ({ window: day('2025-03-01'), taskId: `t${i}` })),
      { window: day('2025-03-01'), taskId: 't0' },
      { window: day('2025-03-02'), taskId: 't0' },
      { window: day('2025-03-01'), taskId: null },
    ];
    expect(callsFor(allMemberPushLoss, keys)).toBe(2 + 1 + 1);
  });

  it('maps Results back to keys, a missing task to an empty part', () => {
    const keys = [
      { window: day('2025-03-01'), taskId: 'b' },
      { window: day('2025-03-01'), taskId: 'none' },
    ];
    const body = allMemberPushLoss.body(keys);
    expect(body).toMatchObject({ TaskID: ['b', 'none'] });
    const parts = allMemberPushLoss.split({ Results: [{ TaskID: 'b', ReadyToSendLoss: [] }] }, keys);
    expect(parts).toEqual([{ TaskID: 'b', ReadyToSendLoss: [] }, {}]);
  });

  it('keeps settled windows longer than open ones', () => {
    const now = Date.parse('2025-03-02T12:00:00Z');
    expect(allMemberPushLoss.ttlMs({ window: day('2025-03-01'), taskId: 'a' }, ttls, now)).toBe(3_600_000);
    const open = { from: new Date(now - 3_600_000), to: new Date(now) };
    expect(allMemberPushLoss.ttlMs({ window: open, taskId: 'a' }, ttls, now)).toBe(300_000);
  });

  it('has no batch form for traces: one call per distinct key', () => {
    expect(callsFor(normalPushTrace, ['p1', 'p2', 'p1'])).toBe(2);
  });
});

describe('statistics descriptions', () => {
  it('batch 5 tasks of one window a call, the overall figures apart, like loss', () => {
    const keys = [
      ...Array.from({ length: 6 }, (_, i) => ({ window: day('2025-03-01'), taskId: `t${i}` })),
      { window: day('2025-03-01'), taskId: null },
    ];
    expect(callsFor(allMemberPushStatistics, keys)).toBe(2 + 1);
    expect(allMemberPushStatistics.body(keys.slice(0, 2))).toMatchObject({ TaskID: ['t0', 't1'] });
    expect(allMemberPushStatistics.body([keys[6]!])).toMatchObject({ TaskID: [] });
  });

  it('split Results per task, a missing task to zero statistics, and keep settled windows longer', () => {
    const keys = [
      { window: day('2025-03-01'), taskId: 'b' },
      { window: day('2025-03-01'), taskId: 'none' },
    ];
    const parts = allMemberPushStatistics.split({ Results: [{ TaskID: 'b', TotalCount: 3 }] }, keys);
    expect(parts).toEqual([{ TaskID: 'b', TotalCount: 3 }, {}]);
    expect(allMemberPushStatistics.decode(parts[1]!, keys[1]!, { utcOffsetMinutes: 480 }).total).toBe(0);
    const now = Date.parse('2025-03-02T12:00:00Z');
    expect(allMemberPushStatistics.ttlMs(keys[0]!, ttls, now)).toBe(3_600_000);
    const open = { from: new Date(now - 3_600_000), to: new Date(now) };
    expect(normalPushStatistics.ttlMs(open, ttls, now)).toBe(300_000);
    expect(normalPushStatistics.batch).toBeUndefined();
  });
});

describe('write descriptions', () => {
  it('batch: an OK answer without TaskId is an unknown outcome, as is an unclear failure', () => {
    const at = new Date('2025-03-01T00:00:00Z');
    expect(() => batch.decode({ ActionStatus: 'OK' }, at)).toThrow(PushOutcomeUnknownError);
    expect(batch.unclear!(at, 'UND_ERR_SOCKET')).toBeInstanceOf(PushOutcomeUnknownError);
    expect(batch.decode({ TaskId: 't-1' }, at)).toEqual({ taskId: 't-1', failedAccounts: [] });
  });

  it('revoke: overwrites the notification only when a title or description is given', () => {
    expect(revoke.body({ taskId: 't', title: null, description: null })).toEqual({ TaskId: 't' });
    expect(revoke.body({ taskId: 't', title: 'T', description: null })).toEqual({
      TaskId: 't',
      OfflinePushInfo: { Title: 'T' },
    });
    expect('unclear' in revoke).toBe(false);
  });
});

describe('audience and schedule descriptions', () => {
  it('get_tag: 100 accounts a call from any request, each account its entry, its error or nothing', () => {
    const accounts = Array.from({ length: 250 }, (_, i) => `u${i}`);
    expect(callsFor(getTag, [...accounts, 'u0'])).toBe(3);
    const parts = getTag.split(
      {
        UserTags: [{ To_Account: 'a', Tags: ['vip'] }],
        ErrorList: [{ To_Account: 'ghost', ErrorCode: 70107, ErrorInfo: 'no such account' }],
      },
      ['a', 'ghost', 'quiet'],
    );
    expect(parts.map((p, i) => getTag.decode(p, ['a', 'ghost', 'quiet'][i]!, { utcOffsetMinutes: 480 }))).toEqual([
      { account: 'a', tags: ['vip'], failure: null },
      { account: 'ghost', tags: [], failure: { account: 'ghost', errorCode: 70107, errorInfo: 'no such account' } },
      { account: 'quiet', tags: [], failure: null },
    ]);
    expect(getTag.ttlMs('a', ttls, 0)).toBe(0);
  });

  it('get_attr_name: names in slot order, empty slots left out', () => {
    const part = getAttrName.split({ AttrNames: { '2': 'city', '0': 'level', '1': '' } }, ['names'])[0]!;
    expect(getAttrName.decode(part, 'names', { utcOffsetMinutes: 480 })).toEqual(['level', 'city']);
  });

  it('push: no Condition for everyone, only the tag lists that hold tags; an answer without TaskId is unknown', () => {
    const base = { fromAccount: 'a', dataId: null, msgRandom: 1, title: null, description: null, offlinePush: true };
    expect(push.body({ ...base, audience: { kind: 'ALL' } })).not.toHaveProperty('Condition');
    expect(push.body({ ...base, audience: { kind: 'TAGS', and: [], or: ['x'], not: [] } }).Condition).toEqual({
      TagsOr: ['x'],
    });
    expect(() => push.decode({}, new Date())).toThrow(PushOutcomeUnknownError);
  });

  it('schedule: Type and SchedAt as the pages spell them, TaskInfo read back in UTC', () => {
    const content = {
      fromAccount: 'a',
      recipients: { kind: 'ATTRIBUTES' as const, attributes: [{ name: 'level', value: 'gold' }] },
      dataId: null,
      msgRandom: 1,
      title: 'T',
      description: null,
      offlinePush: true,
    };
    const body = addSchedTask.body({ sdkAppId: 7, at: new Date('2025-03-13T08:16:29Z'), content });
    expect(body).toMatchObject({ Sdkappid: 7, Type: 'Tag', SchedAt: '2025-03-13 08:16:29' });
    expect(
      decodeTaskInfo({ TaskID: 5, Type: 'User', SchedAt: '2025-03-13 08:16:29', Status: 'pending', PushTaskID: '' }),
    ).toMatchObject({ id: '5', type: 'USER', at: new Date('2025-03-13T08:16:29Z'), pushTaskId: null });
  });
});

describe('memory cache', () => {
  it('is bounded by bytes: old entries go, and one answer larger than the budget is not kept', async () => {
    const cache = createMemoryCache(1024 * 1024);
    const value = { text: 'x'.repeat(100_000) }; // about 200 KB in memory
    for (let i = 0; i < 20; i++) await cache.set(`k${i}`, value, 60_000);
    let kept = 0;
    for (let i = 0; i < 20; i++) if ((await cache.get(`k${i}`)) !== undefined) kept++;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThanOrEqual(5);
    expect(await cache.get('k19')).toEqual(value);
    await cache.set('huge', { text: 'x'.repeat(600_000) }, 60_000);
    expect(await cache.get('huge')).toBeUndefined();
  });
});

describe('fair queue', () => {
  const item = (owner: number, name: string, lane: Lane = 'interactive') => ({ owner, lane, name });

  it('takes turns between owners, interactive before background', () => {
    const q = createFairQueue<ReturnType<typeof item>>();
    for (let i = 0; i < 3; i++) q.push(item(1, `a${i}`));
    q.push(item(2, 'b0'));
    q.push(item(3, 'bg', 'background'));
    const order: string[] = [];
    while (q.size) order.push(...q.take(1).map((i) => i.name));
    expect(order).toEqual(['a0', 'b0', 'a1', 'a2', 'bg']);
  });

  it('fills a call with companions from any owner', () => {
    const q = createFairQueue<ReturnType<typeof item>>();
    q.push(item(1, 'x1'));
    q.push(item(2, 'y1'));
    q.push(item(2, 'x2'));
    q.push(item(3, 'x3', 'background'));
    expect(q.take(10, (h, o) => o.name[0] === h.name[0]).map((i) => i.name)).toEqual(['x1', 'x2', 'x3']);
    expect(q.take(10).map((i) => i.name)).toEqual(['y1']);
    expect(q.size).toBe(0);
  });
});
