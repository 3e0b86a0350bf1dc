// The push APIs as loaders and mutations call them, bound to one requester's session of the scheduler.
import type { BatchPush, Window } from './model.js';
import { allMemberPushLoss, allMemberPushTrace, batch, normalPushLoss, normalPushTrace } from './apis/index.js';
import type { Session } from './scheduler/index.js';

export function createPushApi(session: Session) {
  return {
    pushTrace: (pushId: string) => session.read(normalPushTrace, pushId),
    taskTrace: (taskId: string, userId: string) => session.read(allMemberPushTrace, { taskId, userId }),
    /** One task's loss; the scheduler carries up to 5 tasks of one window in a call, from any request. */
    taskLoss: (window: Window, taskId: string) => session.read(allMemberPushLoss, { window, taskId }),
    overallTaskLoss: (window: Window) => session.read(allMemberPushLoss, { window, taskId: null }),
    pushLoss: (window: Window) => session.read(normalPushLoss, window),
    sendBatch: (push: BatchPush) => session.write(batch, push),
  };
}
export type PushApi = ReturnType<typeof createPushApi>;
