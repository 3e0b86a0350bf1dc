// The push APIs as loaders and mutations call them, bound to one requester's session of the scheduler.
import type { BatchPush, RevokePush, Window } from './model.js';
import {
  allMemberPushLoss,
  allMemberPushStatistics,
  allMemberPushTrace,
  batch,
  normalPushLoss,
  normalPushStatistics,
  normalPushTrace,
  revoke,
} from './apis/index.js';
import type { Session } from './scheduler/index.js';

export function createPushApi(session: Session) {
  return {
    pushTrace: (pushId: string) => session.read(normalPushTrace, pushId),
    taskTrace: (taskId: string, userId: string) => session.read(allMemberPushTrace, { taskId, userId }),
    /** One task's loss; the scheduler carries up to 5 tasks of one window in a call, from any request. */
    taskLoss: (window: Window, taskId: string) => session.read(allMemberPushLoss, { window, taskId }),
    overallTaskLoss: (window: Window) => session.read(allMemberPushLoss, { window, taskId: null }),
    pushLoss: (window: Window) => session.read(normalPushLoss, window),
    /** One task's statistics; like loss, up to 5 tasks of one window travel in a call, from any request. */
    taskStats: (window: Window, taskId: string) => session.read(allMemberPushStatistics, { window, taskId }),
    overallTaskStats: (window: Window) => session.read(allMemberPushStatistics, { window, taskId: null }),
    pushStats: (window: Window) => session.read(normalPushStatistics, window),
    sendBatch: (push: BatchPush) => session.write(batch, push),
    /** Never retried; a client that retries after an unclear failure is told 90050 (already revoked). */
    async revokePush(input: RevokePush): Promise<{ taskId: string }> {
      await session.write(revoke, input);
      return { taskId: input.taskId };
    },
  };
}
export type PushApi = ReturnType<typeof createPushApi>;
