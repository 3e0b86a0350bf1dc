// The push APIs as loaders and mutations call them, bound to one requester's session of the scheduler.
import type { AudiencePush, BatchPush, RevokePush, Window } from './model.js';
import { API_DESCRIPTIONS as api } from './apis/index.js';
import type { Session } from './scheduler/index.js';

export function createPushApi(session: Session) {
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
    /** An all-user, tag or attribute push; never retried. */
    sendPush: (push: AudiencePush) => session.write(api.push, push),
    /** Never retried; a client that retries after an unclear failure is told 90050 (already revoked). */
    async revokePush(input: RevokePush): Promise<{ taskId: string }> {
      await session.write(api.revoke, input);
      return { taskId: input.taskId };
    },
  };
}
export type PushApi = ReturnType<typeof createPushApi>;
