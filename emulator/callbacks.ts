// The emulator's push callbacks: after a `batch` push it posts signed Push.AllMemberPush events to a configured
// webhook, as Tencent does: per recipient and device, sent → delivered → sometimes clicked, some failures with
// vendor codes, spread over a few seconds. The outcomes are those of the task's generated traces, so the live
// counters and the traces of a task tell the same story.
import { callbackUrl } from '../src/events/signature.js';
import type { WireInstanceTrace, WireStat } from '../src/upstream/wire.js';
import { generateTrace, rng, type Clock } from './data.js';

export interface CallbackTarget {
  /** The webhook, e.g. http://127.0.0.1:4000/callbacks/tencent. */
  url: string;
  /** The console's callback token; absent: unsigned callbacks. */
  token?: string;
}

export interface CallbackStats {
  posts: number;
  events: number;
  /** Posts the webhook did not acknowledge (non-200, FAIL, or no answer). */
  failed: number;
}

type WireEvent = Record<string, string | number>;

/** Callbacks due within this much of each other go out in one request (at most 100 events, as Tencent sends). */
const SLOT_MS = 250;
const MAX_EVENTS = 100;

interface Planned {
  atMs: number;
  event: WireEvent;
}

function plan(taskId: string, dataId: string | undefined, account: string, clock: Clock, startMs: number): Planned[] {
  const next = rng(`callbacks:${taskId}:${account}`);
  const out: Planned[] = [];
  const taskTime = Math.floor(startMs / 1000);
  const add = (atMs: number, instance: WireInstanceTrace, stage: number, stat: WireStat) => {
    const platform = instance.EventType === 2 ? 0 : instance.PushPlatform;
    out.push({
      atMs,
      event: {
        CallbackCommand: 'Push.AllMemberPush',
        EventType: instance.EventType ?? 1,
        TaskId: taskId,
        ...(dataId ? { DataId: dataId } : {}),
        TaskTime: taskTime,
        EventTime: Math.floor((startMs + atMs) / 1000),
        To_Account: account,
        PushPlatform: platform,
        DeviceType: platform,
        PushStage: stage,
        ErrCode: stat.PushStatus === 1 ? 0 : stat.ErrorCode,
        ErrInfo: stat.PushStatus === 1 ? '' : stat.ErrorInfo,
      },
    });
    return stat.PushStatus === 1;
  };
  for (const instance of generateTrace(`task:${taskId}:${account}`, clock)) {
    const sentAt = 200 + Math.floor(next() * 1500);
    const deliveredAt = sentAt + 300 + Math.floor(next() * 1500);
    const clickedAt = deliveredAt + 1000 + Math.floor(next() * 2500);
    const online = instance.OnlinePushStat;
    const offline = instance.OfflinePushStat;
    if (online?.ChannelStat) {
      if (add(sentAt, instance, 1, online.ChannelStat) && online.DeviceStat)
        add(deliveredAt, instance, 2, online.DeviceStat);
      continue;
    }
    // Lost before the vendor (no certificate, no token…): the callback reports it at the first stage.
    if (offline?.OfflineStat?.PushStatus === 2) {
      add(sentAt, instance, 1, offline.OfflineStat);
      continue;
    }
    if (!offline?.ChannelStat || !add(sentAt, instance, 1, offline.ChannelStat)) continue;
    if (!offline.DeviceStat || !add(deliveredAt, instance, 2, offline.DeviceStat)) continue;
    if (offline.ClickStat) add(clickedAt, instance, 3, offline.ClickStat);
  }
  return out;
}

export function createCallbackSender(sdkAppId: number, clock: Clock, initial?: CallbackTarget) {
  let target = initial;
  const timers = new Set<NodeJS.Timeout>();
  const stats: CallbackStats = { posts: 0, events: 0, failed: 0 };

  async function post(to: CallbackTarget, events: WireEvent[]): Promise<void> {
    stats.posts++;
    stats.events += events.length;
    try {
      const url = callbackUrl(to.url, { sdkAppId, command: 'Push.AllMemberPush', token: to.token });
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ Events: events }),
        signal: AbortSignal.timeout(2_000), // Tencent's timeout
      });
      const answer = (await res.json()) as { ActionStatus?: string };
      if (res.status !== 200 || answer.ActionStatus !== 'OK') stats.failed++;
    } catch {
      stats.failed++;
    }
  }

  return {
    stats,
    setTarget(next: CallbackTarget | undefined) {
      target = next;
    },
    /** Plans the callbacks of a new batch task and posts them as they fall due. */
    schedule(taskId: string, dataId: string | undefined, accounts: string[]): void {
      const to = target;
      if (!to || accounts.length === 0) return;
      const start = Date.now();
      const slots = new Map<number, WireEvent[]>();
      for (const account of accounts) {
        for (const { atMs, event } of plan(taskId, dataId, account, clock, start)) {
          const slot = Math.floor(atMs / SLOT_MS) * SLOT_MS;
          slots.set(slot, [...(slots.get(slot) ?? []), event]);
        }
      }
      for (const [slot, events] of slots) {
        const timer = setTimeout(() => {
          timers.delete(timer);
          for (let i = 0; i < events.length; i += MAX_EVENTS) void post(to, events.slice(i, i + MAX_EVENTS));
        }, slot);
        timers.add(timer);
      }
    },
    stop() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}
