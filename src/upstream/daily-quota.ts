// The daily cap of all-user, tag and attribute pushes (free and trial editions 10 a day, standard 100, more
// bought per day), counted by the gateway in the upstream's day so a push over it is refused before any call,
// and learned from the upstream's own 90047 (pushes made elsewhere count too). In memory, or in Redis so that
// every replica counts the same pushes (daily-quota-redis.ts).
import type { Logger } from 'pino';
import { DailyQuotaExhaustedError, UpstreamError, UpstreamUnavailableError, isDefiniteFailure } from './errors.js';

/** The upstream's answer when the day's pushes are used up. */
export const DAILY_LIMIT_CODE = 90047;

export interface DailyCount {
  used: number;
  /** The upstream said 90047 today: none is left, whatever the count. */
  exhausted: boolean;
}

export interface DailyQuotaStore {
  /** Atomically takes one push of `day` when fewer than `limit` are taken and the day is not exhausted. */
  take(day: string, limit: number, ttlMs: number): Promise<boolean>;
  /** Gives one back: the push it was taken for surely did not go out. */
  giveBack(day: string): Promise<void>;
  /** Marks the day exhausted: later pushes that day make no call. */
  exhaust(day: string, ttlMs: number): Promise<void>;
  read(day: string): Promise<DailyCount>;
}

export interface DailyQuotaStatus {
  dailyLimit: number;
  resetsAt: Date;
  /** Read from the store: fails on its own when the store (Redis) cannot be read. */
  count(): Promise<DailyCount>;
}

export interface DailyQuota {
  status(): DailyQuotaStatus;
  /** Runs `push` if today has a push left, counting it unless it surely did not go out. */
  spend<T>(push: () => Promise<T>): Promise<T>;
}

/** Both the day and when it ends, in the upstream's zone (UTC+08:00 unless TIM_UTC_OFFSET says otherwise). */
export function upstreamDay(nowMs: number, utcOffsetMinutes: number): { day: string; endsAt: Date } {
  const local = new Date(nowMs + utcOffsetMinutes * 60_000);
  const day = local.toISOString().slice(0, 10);
  const nextMidnight = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + 1);
  return { day, endsAt: new Date(nextMidnight - utcOffsetMinutes * 60_000) };
}

/** A day's count is kept past its end, for a push taken just before midnight and settled just after. */
const KEEP_MS = 2 * 86_400_000;

export interface DailyQuotaOptions {
  store: DailyQuotaStore;
  dailyLimit: number;
  utcOffsetMinutes: number;
  log: Logger;
  now?: () => number;
}

export function createDailyQuota({ store, dailyLimit, utcOffsetMinutes, log, now = Date.now }: DailyQuotaOptions) {
  const today = () => upstreamDay(now(), utcOffsetMinutes);
  const unreachable = () =>
    new UpstreamUnavailableError('push', 'the daily quota store (Redis) is unreachable; nothing was sent');

  async function settleFailure(day: string, endsAt: Date, error: unknown): Promise<never> {
    if (error instanceof UpstreamError && error.errorCode === DAILY_LIMIT_CODE) {
      await store.exhaust(day, KEEP_MS).catch(() => log.warn('could not mark the day exhausted in the quota store'));
      await store.giveBack(day).catch(() => undefined);
      throw new DailyQuotaExhaustedError(endsAt, dailyLimit, error);
    }
    // A push that may have gone out stays counted.
    if (isDefiniteFailure(error))
      await store.giveBack(day).catch(() => log.warn('could not give back a push to the daily quota store'));
    throw error;
  }

  const quota: DailyQuota = {
    status() {
      const { day, endsAt } = today();
      return {
        dailyLimit,
        resetsAt: endsAt,
        count: () =>
          store.read(day).catch(() => {
            throw unreachable();
          }),
      };
    },
    async spend(push) {
      const { day, endsAt } = today();
      const taken = await store.take(day, dailyLimit, KEEP_MS).catch(() => {
        throw unreachable();
      });
      if (!taken) throw new DailyQuotaExhaustedError(endsAt, dailyLimit);
      try {
        return await push();
      } catch (error) {
        return settleFailure(day, endsAt, error);
      }
    },
  };
  return quota;
}

export function createMemoryDailyQuotaStore(): DailyQuotaStore {
  const days = new Map<string, DailyCount>();
  const of = (day: string) => {
    let count = days.get(day);
    if (!count) {
      // Only today and yesterday matter: older days go.
      if (days.size > 2) days.delete(days.keys().next().value!);
      days.set(day, (count = { used: 0, exhausted: false }));
    }
    return count;
  };
  return {
    async take(day, limit) {
      const count = of(day);
      if (count.exhausted || count.used >= limit) return false;
      count.used++;
      return true;
    },
    async giveBack(day) {
      const count = of(day);
      count.used = Math.max(0, count.used - 1);
    },
    async exhaust(day) {
      of(day).exhausted = true;
    },
    async read(day) {
      return { ...of(day) };
    },
  };
}
