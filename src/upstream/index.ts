// The push APIs as loaders and mutations call them, bound to one requester's session of the scheduler.
import type {
  AccountFailure,
  AttributeChange,
  AttributeRemoval,
  AudiencePush,
  AudienceResult,
  BatchPush,
  RevokePush,
  ScheduleChange,
  ScheduleQuery,
  ScheduleType,
  ScheduledContent,
  TagChange,
  Window,
} from './model.js';
import { API_DESCRIPTIONS as api, MAX_ACCOUNTS_PER_CALL } from './apis/index.js';
import { UpstreamError } from './errors.js';
import type { DailyQuota } from './daily-quota.js';
import type { Session } from './scheduler/index.js';

export interface PushApiOptions {
  /** The daily cap of all-user, tag and attribute pushes, counted across replicas. */
  dailyQuota: DailyQuota;
  /** The scheduled-task APIs repeat it in their bodies. */
  sdkAppId: number;
}

/**
 * An audience write of many accounts: 100 a call, sent together. A call the upstream refused lists its accounts
 * with the refusal beside the other calls' ErrorLists; when every call failed, or one could not be made at all,
 * the write fails with that error (every audience write is harmless to repeat).
 */
async function inChunks<T>(
  items: readonly T[],
  accountOf: (item: T) => string,
  write: (chunk: T[]) => Promise<AccountFailure[]>,
): Promise<AudienceResult> {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += MAX_ACCOUNTS_PER_CALL) chunks.push(items.slice(i, i + MAX_ACCOUNTS_PER_CALL));
  const settled = await Promise.allSettled(chunks.map(write));
  const rejected = settled.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
  const unsent = rejected.find((o) => !(o.reason instanceof UpstreamError));
  if (unsent) throw unsent.reason;
  if (rejected.length === settled.length) throw rejected[0]!.reason;
  const failedAccounts = settled.flatMap((outcome, i): AccountFailure[] => {
    if (outcome.status === 'fulfilled') return outcome.value;
    const { errorCode, errorInfo } = outcome.reason as UpstreamError;
    return chunks[i]!.map((item) => ({ account: accountOf(item), errorCode, errorInfo }));
  });
  return { failedAccounts };
}

const same = (account: string) => account;
const userAccount = (user: { account: string }) => user.account;

export function createPushApi(session: Session, { dailyQuota, sdkAppId }: PushApiOptions) {
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
    /** One account's tags; the scheduler asks for 100 accounts a call, from every request waiting. */
    userTags: (account: string) => session.read(api.get_tag, account),
    addUserTags: (change: TagChange) =>
      inChunks(change.accounts, same, (accounts) => session.write(api.add_tag, { ...change, accounts })),
    removeUserTags: (change: Omit<TagChange, 'replace'>) =>
      inChunks(change.accounts, same, (accounts) => session.write(api.remove_tag, { ...change, accounts })),
    clearUserTags: (accounts: readonly string[]) =>
      inChunks(accounts, same, (chunk) => session.write(api.clear_all_tags, chunk)),
    /** The app's attribute names, in slot order. */
    attributeNames: () => session.read(api.get_attr_name, 'names'),
    setAttributeNames: (names: readonly string[]) => session.write(api.set_attr_name, names),
    /** One account's attributes; 100 accounts a call, as userTags. */
    userAttributes: (account: string) => session.read(api.get_attr, account),
    setUserAttributes: ({ users }: AttributeChange) =>
      inChunks(users, userAccount, (chunk) => session.write(api.set_attr, { users: chunk })),
    removeUserAttributes: ({ users }: AttributeRemoval) =>
      inChunks(users, userAccount, (chunk) => session.write(api.remove_attr, { users: chunk })),
    /** A push to send at `at`; never retried (created twice, it would push twice). */
    schedulePush: (at: Date, content: ScheduledContent) => session.write(api.add_sched_task, { sdkAppId, at, content }),
    scheduledPush: (id: string) => session.read(api.get_sched_task, { sdkAppId, id }),
    scheduledPushes: (query: Omit<ScheduleQuery, 'sdkAppId'>) =>
      session.read(api.list_sched_task, { ...query, sdkAppId }),
    updateScheduledPush: (change: Omit<ScheduleChange, 'sdkAppId'>) =>
      session.write(api.modify_sched_task, { ...change, sdkAppId }),
    cancelScheduledPush: (id: string, type: ScheduleType) =>
      session.write(api.delete_sched_task, { sdkAppId, id, type }),
    /** Never retried; a client that retries after an unclear failure is told 90050 (already revoked). */
    async revokePush(input: RevokePush): Promise<{ taskId: string }> {
      await session.write(api.revoke, input);
      return { taskId: input.taskId };
    },
  };
}
export type PushApi = ReturnType<typeof createPushApi>;
