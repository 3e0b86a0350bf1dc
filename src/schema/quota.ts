// Query.pushQuota: today's all-user, tag and attribute pushes, counted by the gateway (across replicas through
// Redis), so a client sees how many are left before the cap refuses one.
import type { DailyCount, DailyQuotaStatus } from '../upstream/daily-quota.js';
import { builder } from './builder.js';

/** The count is read once per answer, however many of its fields are selected. */
const counts = new WeakMap<DailyQuotaStatus, Promise<DailyCount>>();
const countOf = (status: DailyQuotaStatus) => {
  let count = counts.get(status);
  if (!count) counts.set(status, (count = status.count()));
  return count;
};

const PushQuota = builder.objectRef<DailyQuotaStatus>('PushQuota').implement({
  description:
    "Today's all-user, tag and attribute pushes (push and scheduled pushes to an audience are not batch pushes), in the upstream's day (TIM_UTC_OFFSET).",
  fields: (t) => ({
    dailyLimit: t.exposeInt('dailyLimit', {
      description: 'PUSH_DAILY_LIMIT: what the app\u2019s edition allows a day.',
    }),
    used: t.int({
      nullable: true,
      description: 'Pushes made through the gateway today; null when the quota store (Redis) cannot be read.',
      resolve: async (s) => (await countOf(s)).used,
    }),
    remaining: t.int({
      nullable: true,
      description:
        'Pushes left today: 0 once the upstream answered 90047 (pushes made elsewhere count too); null when the quota store cannot be read.',
      resolve: async (s) => {
        const { used, exhausted } = await countOf(s);
        return exhausted ? 0 : Math.max(0, s.dailyLimit - used);
      },
    }),
    resetsAt: t.field({
      type: 'DateTime',
      description: "The next midnight in the upstream's zone.",
      resolve: (s) => s.resetsAt,
    }),
  }),
});

builder.queryField('pushQuota', (t) =>
  t.field({
    type: PushQuota,
    description: "Today's cap of all-user, tag and attribute pushes and what is left of it; no upstream call.",
    resolve: (_, __, ctx) => ctx.api.dailyQuota(),
  }),
);
