// The push tasks the emulator made (batch, push, dispatched scheduled tasks): whom they reached, so traces answer
// for those users only; when they started and whether they were revoked; and their push callbacks, planned.
import { randomBytes } from 'node:crypto';
import type { createCallbackSender } from './callbacks.js';

export interface PushTask {
  /** The accounts it went to; null: every user (an all-user push), so any user's trace answers. */
  recipients: Set<string> | null;
  startedAt: number;
  revoked: boolean;
}

export interface Tasks {
  get(taskId: string): PushTask | undefined;
  /**
   * A task pushed now: traceable for its recipients, with callbacks for the accounts in `notify` (all
   * recipients when they are known). Answers its TaskId.
   */
  start(kind: 'batch' | 'push', recipients: string[] | null, dataId: string | undefined, notify?: string[]): string;
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

/** TaskIds shaped as the upstream's: "batch_…" for batch, hex groups as in the all-user callback sample. */
const newTaskId = (kind: 'batch' | 'push') =>
  kind === 'batch'
    ? `batch_${hex(4)}_${hex(4)}_${Date.now().toString(16)}`
    : `${Math.floor(Date.now() / 1000).toString(16)}_${hex(4)}_${hex(8)}_${hex(4)}_${hex(3)}`;

export function createTasks(callbacks: ReturnType<typeof createCallbackSender>, now: () => number): Tasks {
  const tasks = new Map<string, PushTask>();
  return {
    get: (taskId) => tasks.get(taskId),
    start(kind, recipients, dataId, notify) {
      const taskId = newTaskId(kind);
      tasks.set(taskId, { recipients: recipients && new Set(recipients), startedAt: now(), revoked: false });
      callbacks.schedule(taskId, dataId, notify ?? recipients ?? []);
      return taskId;
    },
  };
}
