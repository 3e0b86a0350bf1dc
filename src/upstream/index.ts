// The push APIs as loaders and mutations call them, bound to one requester's session of the scheduler.
import type { AudiencePush, BatchPush, RevokePush, Window } from './model.js';
import { API_DESCRIPTIONS as api } from './apis/index.js';
import type { DailyQuota } from './daily-quota.js';
import type { Session } from './scheduler/index.js';

export interface PushApiOptions {
  /** The daily cap of all-user, tag and attribute pushes, counted across replicas. */
  dailyQuota: DailyQuota;
}

export function createPushApi(session: Session, { dailyQuota }: PushApiOptions) {
  return {
    pushTrace: (pushId: string) => session.read(api.normal_push_trace, pushId),
    taskTrace: (taskId: string, userId: string) => session.read(api.all_member_push_trace, { taskId, userId }),
    /** One task's loss; the scheduler carries up to 5 tasks of one window in a call, from any request. */
    taskLoss: (window: Window, taskId: string) => session.read(api.all_member_push_loss, { window, taskId }),
    overallTaskLoss: (window: Window) => session.read(api.all_member_push_loss, { window, taskId: null }),
    pushLoss: (window: Window) => session.read(api.normal_push_loss, window),
    /** One task's statistics; like loss, up to 5 tasks of one window travel in a call, from any request. */
    taskStats: (window: Window, taskId: string) => session.read(api.all_member_push_statistics, { window, taskId }),
    overallTaskStats: (window: Window) => session.read(api.all_member_push_statistics, { window, taskId: null }),
    pushStats: (window: Window) => session.read(api.normal_push_statistics, window),
    sendBatch: (push: BatchPush) => session.write(api.batch, push),
    /** Today's cap of all-user, tag and attribute pushes and how many are left. */
    dailyQuota: () => dailyQuota.status(),
    /** An all-user, tag or attribute push, if today has one left; never retried. */
    sendPush: (push: AudiencePush) => dailyQuota.spend(() => session.write(api.push, push)),
    /** Never retried; a client that retries after an unclear failure is told 90050 (already revoked). */
    async revokePush(input: RevokePush): Promise<{ taskId: string }> {
      await session.write(api.revoke, input);
      return { taskId: input.taskId };
    },
  };
}
export type PushApi = ReturnType<typeof createPushApi>;
