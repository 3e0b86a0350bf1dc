// The emulator's scheduled tasks: kept in memory, dispatched at their time (pending → dispatching → dispatched,
// or failed), each then a push task with its PushTaskID, traceable, with push callbacks. Changed and cancelled
// only while pending (90107 after), as the upstream documents.
import { decodeTime, encodeTime } from '../src/upstream/decode.js';
import { LIMITS } from '../src/upstream/wire.js';
import { checkOfflinePushInfo } from './notification.js';
import { Fail, isBody, nonEmpty, type Body } from './protocol.js';
import { checkPushBody, type Condition, type DailyCount } from './push.js';
import type { Tasks } from './tasks.js';

type Type = 'All' | 'Tag' | 'User';
type Status = 'pending' | 'dispatching' | 'dispatched' | 'failed';

interface Scheduled {
  id: number;
  type: Type;
  schedAt: number;
  createAt: number;
  content: Body;
  status: Status;
  pushTaskId: string;
  dispatchErr: string;
  timer?: NodeJS.Timeout;
}

export interface ScheduleOptions {
  sdkAppId: number;
  tasks: Tasks;
  daily: DailyCount;
  audienceOf: (condition: Condition | undefined) => { recipients: string[] | null; notify: string[] };
  now: () => number;
  /** How long a task stays dispatching before its push is made. */
  dispatchMs?: number;
}

const UTC = { utcOffsetMinutes: 0 };
const utc = (ms: number) => encodeTime(new Date(ms), UTC);

function readTime(value: unknown, field: string): number {
  const date = decodeTime(value, UTC);
  if (!date) throw new Fail(90104, `${field} must be a UTC time "YYYY-MM-DD HH:MM:SS"`);
  return date.getTime();
}

/** The content a task of `type` pushes: a batch body for User, a push body with or without a Condition else. */
function checkContent(type: Type, content: unknown): Body {
  if (!isBody(content)) throw new Fail(90104, 'Content is required');
  if (type === 'User') {
    const to = content.To_Account;
    if (!Array.isArray(to) || to.length === 0 || to.length > LIMITS.maxRecipients || !to.every(nonEmpty))
      throw new Fail(90104, 'Content.To_Account must hold 1 to 500 accounts');
    checkOfflinePushInfo(content.OfflinePushInfo);
    return content;
  }
  const condition = checkPushBody(content);
  if ((type === 'All') !== (condition === undefined))
    throw new Fail(90104, `a ${type} task ${type === 'All' ? 'has no' : 'needs a'} Condition`);
  return content;
}

export function createSchedules({ sdkAppId, tasks, daily, audienceOf, now, dispatchMs = 200 }: ScheduleOptions) {
  const all = new Map<number, Scheduled>();
  let nextId = 100_001;

  function own(body: Body): void {
    if (body.Sdkappid !== sdkAppId) throw new Fail(90104, 'Sdkappid must be the sdkappid of the URL');
  }
  function find(body: Body): Scheduled {
    own(body);
    const task = typeof body.TaskID === 'number' ? all.get(body.TaskID) : undefined;
    if (!task) throw new Fail(90104, 'TaskID is not a scheduled task of this app');
    if (body.Type !== undefined && body.Type !== task.type) throw new Fail(90104, 'Type is not the task\u2019s type');
    return task;
  }
  function pending(task: Scheduled, verb: string): void {
    if (task.status !== 'pending') throw new Fail(90107, `${verb} failed: task ${task.status}`);
  }
  function future(schedAt: number): number {
    if (schedAt <= now()) throw new Fail(90104, 'SchedAt must be in the future');
    return schedAt;
  }

  function push(task: Scheduled): void {
    const dataId = typeof task.content.DataId === 'string' ? task.content.DataId : undefined;
    if (task.type === 'User') {
      const to = (task.content.To_Account as string[]).filter((a) => !a.startsWith('ghost'));
      task.pushTaskId = tasks.start('batch', to, dataId);
      return;
    }
    const { recipients, notify } = audienceOf(checkPushBody(task.content));
    daily.take();
    task.pushTaskId = tasks.start('push', recipients, dataId, notify);
  }

  function arm(task: Scheduled): void {
    clearTimeout(task.timer);
    task.timer = setTimeout(
      () => {
        task.status = 'dispatching';
        task.timer = setTimeout(() => {
          try {
            push(task);
            task.status = 'dispatched';
          } catch (error) {
            const fail = error instanceof Fail ? error : new Fail(91000);
            task.dispatchErr = `${fail.code}: ${fail.message}`;
            task.status = 'failed';
          }
        }, dispatchMs);
      },
      Math.max(0, task.schedAt - now()),
    );
  }

  const info = (t: Scheduled): Body => ({
    TaskID: t.id,
    Sdkappid: sdkAppId,
    CreateAt: utc(t.createAt),
    Type: t.type,
    SchedAt: utc(t.schedAt),
    Content: t.content,
    Title: (t.content.OfflinePushInfo as Body).Title ?? '',
    Desc: (t.content.OfflinePushInfo as Body).Desc ?? '',
    Status: t.status,
    DispatchSuccess: t.status === 'dispatched' ? 1 : 0,
    DispatchErr: t.dispatchErr,
    PushTaskID: t.pushTaskId,
  });

  const answers = {
    add_sched_task(body: Body): Body {
      own(body);
      if (body.Type !== 'All' && body.Type !== 'Tag' && body.Type !== 'User')
        throw new Fail(90104, 'Type must be All, Tag or User');
      const schedAt = future(readTime(body.SchedAt, 'SchedAt'));
      const content = checkContent(body.Type, body.Content);
      const task: Scheduled = {
        id: nextId++,
        type: body.Type,
        schedAt,
        createAt: now(),
        content,
        status: 'pending',
        pushTaskId: '',
        dispatchErr: '',
      };
      all.set(task.id, task);
      arm(task);
      return { TaskID: task.id };
    },
    modify_sched_task(body: Body): Body {
      const task = find(body);
      if (body.Type === undefined) throw new Fail(90104, 'Type is required');
      pending(task, 'modify');
      const schedAt = body.SchedAt === undefined ? task.schedAt : future(readTime(body.SchedAt, 'SchedAt'));
      const content = body.Content === undefined ? task.content : checkContent(task.type, body.Content);
      Object.assign(task, { schedAt, content });
      arm(task);
      return {};
    },
    get_sched_task: (body: Body): Body => ({ TaskInfo: info(find(body)) }),
    list_sched_task(body: Body): Body {
      own(body);
      const begin = readTime(body.BeginTime, 'BeginTime');
      const end = readTime(body.EndTime, 'EndTime');
      const { Offset: offset, Want: want, Keyword: keyword } = body;
      if (end < begin) throw new Fail(90104, 'BeginTime must not be after EndTime');
      if (!Number.isInteger(offset) || (offset as number) < 0 || !Number.isInteger(want) || (want as number) < 1)
        throw new Fail(90104, 'Offset must be 0 or more, Want more than 0');
      const by = body.OrderBy === 'createAt' ? 'createAt' : 'schedAt';
      const found = [...all.values()]
        .filter((t) => t.schedAt >= begin && t.schedAt <= end)
        .filter(
          (t) => typeof keyword !== 'string' || `${String(info(t).Title)} ${String(info(t).Desc)}`.includes(keyword),
        )
        .sort((a, b) => (a[by] - b[by]) * (body.Asc === false ? -1 : 1));
      const page = found.slice(offset as number, (offset as number) + (want as number));
      return { Total: found.length, Tasks: page.map(info) };
    },
    delete_sched_task(body: Body): Body {
      const task = find(body);
      if (body.Type === undefined) throw new Fail(90104, 'Type is required');
      pending(task, 'delete');
      clearTimeout(task.timer);
      all.delete(task.id);
      return { TaskID: task.id };
    },
  };

  return {
    answers,
    stop() {
      for (const task of all.values()) clearTimeout(task.timer);
    },
  };
}
