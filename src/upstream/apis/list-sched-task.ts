// list_sched_task: the scheduled tasks in a window (UTC), by their time, a page at a time (Offset, Want), with
// an optional keyword matched against titles and texts. Never cached.
import type { Json } from '../decode.js';
import type { ScheduleList, ScheduleQuery } from '../model.js';
import { SCHEDULE_RATE, decodeTaskInfos, wireTime, type WireTaskInfo } from './schedule-wire.js';
import type { ReadApi, Untrusted } from './types.js';

export interface WireListSchedRequest {
  Sdkappid: number;
  Offset: number;
  Want: number;
  OrderBy: 'createAt' | 'schedAt';
  Asc: boolean;
  BeginTime: string;
  EndTime: string;
  Keyword?: string;
}

export const listSchedTask: ReadApi<ScheduleQuery, ScheduleList> = {
  name: 'list_sched_task',
  kind: 'read',
  rate: SCHEDULE_RATE,
  keyId: (q) => JSON.stringify([q.from.getTime(), q.to.getTime(), q.keyword, q.offset, q.want]),
  body([q]): WireListSchedRequest & Json {
    const body: WireListSchedRequest = {
      Sdkappid: q!.sdkAppId,
      Offset: q!.offset,
      Want: q!.want,
      // Soonest first: what a list of upcoming pushes shows.
      OrderBy: 'schedAt',
      Asc: true,
      BeginTime: wireTime(q!.from),
      EndTime: wireTime(q!.to),
    };
    if (q!.keyword) body.Keyword = q!.keyword;
    return { ...body };
  },
  split: (answer: Untrusted<{ Total: number; Tasks: WireTaskInfo[] }>) => [
    { Total: answer.Total, Tasks: answer.Tasks },
  ],
  decode: (part) => ({
    total: typeof part.Total === 'number' ? part.Total : 0,
    tasks: decodeTaskInfos(part.Tasks),
  }),
  ttlMs: () => 0,
};
