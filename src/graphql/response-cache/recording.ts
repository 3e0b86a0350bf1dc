// One request's push API as the response cache sees it: each read notes the TTL and tags of the data the
// answer is built from; each write drops the answers it changes.
import type { PushApi } from '../../upstream/index.js';
import type {
  AttributeChange,
  AttributeRemoval,
  AudiencePush,
  BatchPush,
  RevokePush,
  ScheduleChange,
  ScheduleQuery,
  ScheduleType,
  ScheduledContent,
  TagChange,
  Window,
} from '../../upstream/model.js';
import type { Logger } from 'pino';
import type { CacheTtls } from '../../upstream/client.js';
import type { AnswerStore } from './store.js';
import { AGGREGATE, type Usage } from './usage.js';

/** What a request's RecordingApi shares with the cache that made it. */
export interface Recording {
  use(usage: Usage, ttlMs: number, tags: string[]): void;
  lossTtl(window: Window, defaultWindow: Window): number;
  afterWrite<T>(taskId: string | undefined, write: Promise<T>): Promise<T>;
  invalidate(tags: string[]): Promise<void>;
  traceMs: number;
}

/** The notes and drops a request's RecordingApi makes, over the cache's store. */
export function createRecording({
  store,
  ttl,
  log,
  defaultWindowStepMs,
}: {
  store: AnswerStore;
  ttl: CacheTtls;
  log: Logger;
  defaultWindowStepMs: number;
}): Recording {
  function use(usage: Usage, ttlMs: number, tags: string[]): void {
    usage.ttlMs = Math.min(usage.ttlMs, ttlMs);
    for (const tag of tags) usage.tags.add(tag);
  }

  function lossTtl(window: Window, defaultWindow: Window): number {
    const now = Date.now();
    let ms = window.to.getTime() < now - 3_600_000 ? ttl.settledLossMs : ttl.lossMs;
    // The default window moves in steps: an answer over it is stale once its end moves on.
    if (window.to.getTime() === defaultWindow.to.getTime())
      ms = Math.min(ms, defaultWindow.to.getTime() + defaultWindowStepMs - now);
    return ms;
  }

  async function invalidate(tags: string[]): Promise<void> {
    await store
      .invalidate(tags)
      .catch((error: Error) => log.warn({ err: error.message }, 'could not drop cached answers'));
  }

  /** A write to a task: its answers are dropped whether it succeeded or its outcome is unknown. */
  async function afterWrite<T>(taskId: string | undefined, write: Promise<T>): Promise<T> {
    try {
      return await write;
    } finally {
      await invalidate(taskId ? [`task:${taskId}`, AGGREGATE] : [AGGREGATE]);
    }
  }

  return { use, lossTtl, afterWrite, invalidate, traceMs: ttl.traceMs };
}

/**
 * One request's push API: notes the TTL and tags of the data its answer is built from, and drops the answers
 * a write changes. One object per request, its methods on the prototype (closures over every API function
 * were 1% of a request); `implements PushApi` makes a new API function a compile error here until it says
 * what it does to a cached answer.
 */
export class RecordingApi implements PushApi {
  constructor(
    private readonly api: PushApi,
    private readonly usage: Usage,
    private readonly defaultWindow: Window,
    private readonly cache: Recording,
  ) {}

  private read(ttlMs: number, tag: string): void {
    this.cache.use(this.usage, ttlMs, [tag]);
  }
  private window(window: Window): number {
    return this.cache.lossTtl(window, this.defaultWindow);
  }

  pushTrace(pushId: string) {
    this.read(this.cache.traceMs, `push:${pushId}`);
    return this.api.pushTrace(pushId);
  }
  taskTrace(taskId: string, userId: string) {
    this.read(this.cache.traceMs, `task:${taskId}`);
    return this.api.taskTrace(taskId, userId);
  }
  taskLoss(window: Window, taskId: string) {
    this.read(this.window(window), `task:${taskId}`);
    return this.api.taskLoss(window, taskId);
  }
  overallTaskLoss(window: Window) {
    this.read(this.window(window), AGGREGATE);
    return this.api.overallTaskLoss(window);
  }
  pushLoss(window: Window) {
    this.read(this.window(window), AGGREGATE);
    return this.api.pushLoss(window);
  }
  taskStats(window: Window, taskId: string) {
    this.read(this.window(window), `task:${taskId}`);
    return this.api.taskStats(window, taskId);
  }
  overallTaskStats(window: Window) {
    this.read(this.window(window), AGGREGATE);
    return this.api.overallTaskStats(window);
  }
  pushStats(window: Window) {
    this.read(this.window(window), AGGREGATE);
    return this.api.pushStats(window);
  }
  /** Moves with every push, from any replica: an answer reading it is never kept. */
  dailyQuota() {
    this.usage.cacheable = false;
    return this.api.dailyQuota();
  }
  // Audiences change with every tag or attribute write, from any client: answers reading them are never kept.
  userTags(account: string) {
    this.usage.cacheable = false;
    return this.api.userTags(account);
  }
  attributeNames() {
    this.usage.cacheable = false;
    return this.api.attributeNames();
  }
  userAttributes(account: string) {
    this.usage.cacheable = false;
    return this.api.userAttributes(account);
  }
  addUserTags(change: TagChange) {
    this.usage.cacheable = false;
    return this.api.addUserTags(change);
  }
  removeUserTags(change: Omit<TagChange, 'replace'>) {
    this.usage.cacheable = false;
    return this.api.removeUserTags(change);
  }
  clearUserTags(accounts: readonly string[]) {
    this.usage.cacheable = false;
    return this.api.clearUserTags(accounts);
  }
  setAttributeNames(names: readonly string[]) {
    this.usage.cacheable = false;
    return this.api.setAttributeNames(names);
  }
  setUserAttributes(change: AttributeChange) {
    this.usage.cacheable = false;
    return this.api.setUserAttributes(change);
  }
  removeUserAttributes(removal: AttributeRemoval) {
    this.usage.cacheable = false;
    return this.api.removeUserAttributes(removal);
  }
  // Scheduled pushes move on by themselves (pending, dispatching, dispatched): never kept.
  schedulePush(at: Date, content: ScheduledContent) {
    this.usage.cacheable = false;
    return this.api.schedulePush(at, content);
  }
  scheduledPush(id: string) {
    this.usage.cacheable = false;
    return this.api.scheduledPush(id);
  }
  scheduledPushes(query: Omit<ScheduleQuery, 'sdkAppId'>) {
    this.usage.cacheable = false;
    return this.api.scheduledPushes(query);
  }
  updateScheduledPush(change: Omit<ScheduleChange, 'sdkAppId'>) {
    this.usage.cacheable = false;
    return this.api.updateScheduledPush(change);
  }
  cancelScheduledPush(id: string, type: ScheduleType) {
    this.usage.cacheable = false;
    return this.api.cancelScheduledPush(id, type);
  }
  // The writes: never kept; they drop the answers of the task they touch and every aggregate one.
  sendBatch(push: BatchPush) {
    this.usage.cacheable = false;
    return this.cache.afterWrite(
      undefined,
      this.api.sendBatch(push).then(async (sent) => {
        await this.cache.invalidate([`task:${sent.taskId}`]);
        return sent;
      }),
    );
  }
  sendPush(push: AudiencePush) {
    this.usage.cacheable = false;
    return this.cache.afterWrite(
      undefined,
      this.api.sendPush(push).then(async (sent) => {
        await this.cache.invalidate([`task:${sent.taskId}`]);
        return sent;
      }),
    );
  }
  revokePush(revoke: RevokePush) {
    this.usage.cacheable = false;
    return this.cache.afterWrite(revoke.taskId, this.api.revokePush(revoke));
  }
}
