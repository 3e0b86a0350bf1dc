// The upstream emulator: a real HTTP server speaking the Tencent push API protocol, for `npm start`
// without credentials, for frontend work (`npm run emulator`) and for the tests (which read its call record).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FREQUENCY_LIMIT_CODE } from '../src/upstream/codes.js';
import { encodeTime } from '../src/upstream/decode.js';
import { verifyUserSig } from '../src/upstream/usersig.js';
import {
  APIS,
  DOCUMENTED_RATES,
  LIMITS,
  isUInt32,
  type Api,
  type WireLossArrays,
  type WireTaskLoss,
} from '../src/upstream/wire.js';
import { createCallbackSender, type CallbackStats, type CallbackTarget } from './callbacks.js';
import { checkOfflinePushInfo } from './notification.js';
import { Fail, nonEmpty, type Body } from './protocol.js';
import { createTasks } from './tasks.js';
import { createDailyCount, pushAnswers } from './push.js';
import { createAudience } from './audience.js';
import { createSchedules } from './schedule.js';
import { generateLoss, generateTrace, type Clock } from './data.js';
import { generateStats } from './statistics.js';
import {
  ALL_MEMBER_PUSH_LOSS_EXAMPLE,
  ALL_MEMBER_PUSH_TRACE_EXAMPLE,
  NORMAL_PUSH_LOSS_EXAMPLE,
  NORMAL_PUSH_TRACE_EXAMPLE,
} from './documented.js';

export interface EmulatorOptions {
  sdkAppId: number;
  secretKey: string;
  /** The App administrator account; calls as anyone else get 90009. */
  identifier?: string;
  /** Calls per second accepted per API; faster calls get FAIL 60007. Defaults: the documented quotas. */
  rates?: Partial<Record<Api, number>>;
  /** Added to every answer, to look like a remote service. */
  latencyMs?: number;
  host?: string;
  port?: number;
  /** The emulator's clock, unix ms (revoke's 24 h window); tests move it. Default: Date.now. */
  now?: () => number;
  /** Where to post the push callbacks of `batch` tasks (also settable later with sendCallbacksTo). */
  callbacks?: CallbackTarget;
  /** How long a scheduled task stays "dispatching" at its time before its push is made; default 200 ms. */
  dispatchMs?: number;
  /** All-user and tag pushes accepted a day (UTC+08:00); then FAIL 90047. Default 100, the standard edition's. */
  dailyPushLimit?: number;
  /**
   * Refuse windows starting before what the upstream keeps (loss 7 days, statistics 30, by `now`), as the real
   * API does. Off by default: tests and README examples ask for the documented examples' fixed dates.
   */
  retention?: boolean;
}

export interface CallRecord {
  api: Api;
  /** Arrival time, unix milliseconds with sub-millisecond precision. */
  at: number;
  body: unknown;
  /** 0 for OK; the ErrorCode of a FAIL answer; the HTTP status of an injected non-200. */
  errorCode: number;
  /** The call came faster than the API's quota allows. */
  quotaViolation: boolean;
  /** The `random` and `contenttype` query parameters as sent (never the usersig: it is a credential). */
  random: string | null;
  contentType: string | null;
}

/**
 * A failure to answer the next call of an API with, injected by a test. `answerLateMs` and `dropAfterRequest`
 * act on the call first (a push goes out) and then answer late, or close the connection without an answer.
 */
export type Fault =
  | { errorCode: number; errorInfo?: string }
  | { httpStatus: number }
  | { rawBody: string }
  | { delayMs: number }
  | { answerLateMs: number }
  | { dropAfterRequest: true };

export interface Emulator {
  url: string;
  calls: CallRecord[];
  callsTo(api: Api): CallRecord[];
  quotaViolations(): number;
  inject(api: Api, ...faults: Fault[]): void;
  /** Posts push callbacks of later `batch` tasks to this webhook; undefined stops them. */
  sendCallbacksTo(target: CallbackTarget | undefined): void;
  callbackStats: CallbackStats;
  reset(): void;
  close(): Promise<void>;
}

const SIG_FAILURES = {
  malformed: 70003,
  'bad-signature': 70009,
  expired: 70001,
  'identifier-mismatch': 70013,
  'sdkappid-mismatch': 70014,
} as const;

/** The push APIs' own codes for a call too soon after the last (the others answer the common 60007). */
const TOO_SOON: Partial<Record<Api, number>> = { revoke: 90051, push: 90024 };
/** APIs that answer a body that is not JSON with the common 60003 (the push and audience APIs: 90001). */
const COMMON_JSON_CODE: ReadonlySet<Api> = new Set<Api>([
  'normal_push_trace',
  'all_member_push_trace',
  'normal_push_loss',
  'all_member_push_loss',
  'normal_push_statistics',
  'all_member_push_statistics',
]);

export async function startEmulator(opts: EmulatorOptions): Promise<Emulator> {
  const identifier = opts.identifier ?? 'administrator';
  const rates = { ...DOCUMENTED_RATES, ...opts.rates };
  const clock: Clock = {
    anchorMs: Math.floor(Date.now() / 3_600_000) * 3_600_000,
    format: (ms) => encodeTime(new Date(ms), { utcOffsetMinutes: 480 }),
  };
  const calls: CallRecord[] = [];
  const faults = new Map<Api, Fault[]>();
  const accepted = new Map<Api, number[]>();
  const now = opts.now ?? Date.now;
  const callbacks = createCallbackSender(opts.sdkAppId, clock, opts.callbacks);
  const tasks = createTasks(callbacks, now);
  const daily = createDailyCount(opts.dailyPushLimit ?? 100, now);
  const audience = createAudience();
  const schedules = createSchedules({
    sdkAppId: opts.sdkAppId,
    tasks,
    daily,
    audienceOf: (condition) => audience.audienceOf(condition),
    now,
    dispatchMs: opts.dispatchMs,
  });

  function overQuota(api: Api, now: number): boolean {
    const recent = (accepted.get(api) ?? []).filter((t) => now - t < 1000);
    if (recent.length >= rates[api]) return true;
    recent.push(now);
    accepted.set(api, recent);
    return false;
  }

  function authenticate(query: URLSearchParams): void {
    const sdkAppId = query.get('sdkappid');
    const id = query.get('identifier');
    const sig = query.get('usersig');
    const random = query.get('random');
    if (!sdkAppId || !id || !sig || !random || query.get('contenttype') !== 'json') {
      throw new Fail(60002, 'sdkappid, identifier, usersig, random and contenttype=json are required');
    }
    if (!/^\d+$/.test(random) || !isUInt32(Number(random)))
      throw new Fail(60002, 'random must be a 32-bit unsigned integer');
    if (Number(sdkAppId) !== opts.sdkAppId) throw new Fail(70014);
    const verdict = verifyUserSig(sig, { sdkAppId: opts.sdkAppId, secretKey: opts.secretKey, identifier: id });
    if (!verdict.ok) throw new Fail(SIG_FAILURES[verdict.reason]);
    if (id !== identifier) throw new Fail(90009);
  }

  function lossWindow(body: Body, maxSeconds = LIMITS.maxWindowSeconds): { start: number; end: number } {
    const { StartTime: start, EndTime: end } = body;
    if (!isUInt32(start) || !isUInt32(end) || end <= start)
      throw new Fail(90100, 'StartTime and EndTime must be unix seconds, EndTime after StartTime');
    if (end - start > maxSeconds) throw new Fail(90100, `at most ${maxSeconds / 86_400} days of data can be queried`);
    if (opts.retention && start < Math.floor(now() / 1000) - maxSeconds)
      throw new Fail(90100, `only the last ${maxSeconds / 86_400} days of data are kept`);
    return { start, end };
  }

  function taskIdsOf(body: Body, api: string): string[] {
    const ids: unknown = body.TaskID ?? [];
    if (!Array.isArray(ids) || !ids.every(nonEmpty)) throw new Fail(90100, 'TaskID must be an array of task ids');
    if (ids.length > LIMITS.maxLossTaskIds) throw new Fail(90100, `${api}: TaskID takes at most 5 ids`);
    return ids;
  }

  // The loss the emulator answers, by task or window: the statistics are derived from the same figures.
  const taskLoss = (id: string): WireTaskLoss =>
    ALL_MEMBER_PUSH_LOSS_EXAMPLE[id] ?? { TaskID: id, ...generateLoss(`task-loss:${id}`, true) };
  const overallLoss = (start: number, end: number) => generateLoss(`overall:${start}:${end}`, true);
  function pushLoss(start: number, end: number): WireLossArrays {
    const { window, loss } = NORMAL_PUSH_LOSS_EXAMPLE;
    return start === window.StartTime && end === window.EndTime
      ? loss
      : generateLoss(`push-loss:${start}:${end}`, false);
  }
  /** Ids starting with "none-" stand for tasks without data: the upstream leaves them out of Results. */
  const withData = (ids: string[]) => ids.filter((id) => !id.startsWith('none-'));

  const answers: Record<Api, (body: Body) => Body> = {
    ...pushAnswers({ tasks, daily, audienceOf: (condition) => audience.audienceOf(condition) }),
    ...audience.answers,
    ...schedules.answers,
    normal_push_trace(body) {
      if (!nonEmpty(body.PushID)) throw new Fail(90100, 'PushID is required');
      const trace =
        body.PushID === 'xxx-yyy-zzz' ? NORMAL_PUSH_TRACE_EXAMPLE : generateTrace(`push:${body.PushID}`, clock);
      return { InstanceTrace: trace };
    },
    all_member_push_trace(body) {
      const { TaskID: taskId, UserID: userId } = body;
      if (!nonEmpty(taskId) || !nonEmpty(userId)) throw new Fail(90100, 'TaskID and UserID are required');
      if (taskId === 'xxx-yyy-zzz' && userId === 'xyz') return { InstanceTrace: ALL_MEMBER_PUSH_TRACE_EXAMPLE };
      const recipients = tasks.get(taskId)?.recipients;
      if (recipients && !recipients.has(userId)) return { InstanceTrace: [] };
      return { InstanceTrace: generateTrace(`task:${taskId}:${userId}`, clock) };
    },
    normal_push_loss(body) {
      const { start, end } = lossWindow(body);
      return { ...pushLoss(start, end) };
    },
    all_member_push_loss(body) {
      const { start, end } = lossWindow(body);
      const ids = taskIdsOf(body, 'all_member_push_loss');
      if (ids.length === 0) return { Results: [{ TaskID: '', ...overallLoss(start, end) }] };
      return { Results: withData(ids).map(taskLoss) };
    },
    normal_push_statistics(body) {
      const { start, end } = lossWindow(body, LIMITS.maxStatsWindowSeconds);
      return { ...generateStats(`push:${start}:${end}`, pushLoss(start, end), false) };
    },
    all_member_push_statistics(body) {
      const { start, end } = lossWindow(body, LIMITS.maxStatsWindowSeconds);
      const ids = taskIdsOf(body, 'all_member_push_statistics');
      if (ids.length === 0)
        return {
          Results: [{ TaskID: '', ...generateStats(`overall:${start}:${end}`, overallLoss(start, end), true) }],
        };
      return {
        Results: withData(ids).map((id) => ({ TaskID: id, ...generateStats(`task:${id}`, taskLoss(id), true) })),
      };
    },
    batch(body) {
      if (!isUInt32(body.MsgRandom)) throw new Fail(90001, 'Invalid format of MsgRandom');
      const to = body.To_Account;
      if (!nonEmpty(body.From_Account)) throw new Fail(90100, 'From_Account is required');
      if (!Array.isArray(to) || to.length === 0 || to.length > LIMITS.maxRecipients || !to.every(nonEmpty)) {
        throw new Fail(90100, 'To_Account must hold 1 to 500 accounts');
      }
      checkOfflinePushInfo(body.OfflinePushInfo);
      if (
        body.DataId !== undefined &&
        (typeof body.DataId !== 'string' || Buffer.byteLength(body.DataId) > LIMITS.maxDataIdBytes)
      ) {
        throw new Fail(90057);
      }
      // Accounts named ghost… do not exist.
      const missing = to.filter((a) => a.startsWith('ghost'));
      const taskId = tasks.start(
        'batch',
        to.filter((a) => !a.startsWith('ghost')),
        body.DataId,
      );
      return {
        TaskId: taskId,
        ...(missing.length ? { ErrorList: missing.map((a) => ({ To_Account: a, ErrorCode: 70107 })) } : {}),
      };
    },
    revoke(body) {
      // Only tasks this emulator issued, once, within 24 h of their start; batch pushes store no roaming
      // messages, so OfflinePushInfo is optional (90053 never applies).
      const task = nonEmpty(body.TaskId) ? tasks.get(body.TaskId) : undefined;
      if (!task) throw new Fail(90049);
      const info = body.OfflinePushInfo;
      if (info !== undefined && (typeof info !== 'object' || info === null || Array.isArray(info)))
        throw new Fail(90100, 'OfflinePushInfo must be an object');
      if (now() - task.startedAt > LIMITS.revokeWindowMs) throw new Fail(90052);
      if (task.revoked) throw new Fail(90050);
      task.revoked = true;
      return {};
    },
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = performance.timeOrigin + performance.now();
    const url = new URL(req.url ?? '/', 'http://emulator');
    const api = url.pathname.replace(/^\/v4\/timpush\//, '') as Api;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method !== 'POST' || !APIS.includes(api)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const text = Buffer.concat(chunks).toString('utf8');
    const record: CallRecord = {
      api,
      at,
      body: undefined,
      errorCode: 0,
      quotaViolation: false,
      random: url.searchParams.get('random'),
      contentType: url.searchParams.get('contenttype'),
    };
    calls.push(record);
    if (opts.latencyMs) await new Promise((r) => setTimeout(r, opts.latencyMs));

    const fault = faults.get(api)?.shift();
    if (fault && 'delayMs' in fault) await new Promise((r) => setTimeout(r, fault.delayMs));
    if (fault && 'httpStatus' in fault) {
      record.errorCode = fault.httpStatus;
      res.writeHead(fault.httpStatus, { 'content-type': 'text/html' }).end('<html>Bad Gateway</html>');
      return;
    }
    if (fault && 'rawBody' in fault) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(fault.rawBody);
      return;
    }
    let answer: Body;
    try {
      authenticate(url.searchParams);
      if (overQuota(api, at)) {
        record.quotaViolation = true;
        throw new Fail(TOO_SOON[api] ?? FREQUENCY_LIMIT_CODE);
      }
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        throw new Fail(COMMON_JSON_CODE.has(api) ? 60003 : 90001);
      }
      record.body = body;
      if (typeof body !== 'object' || body === null || Array.isArray(body))
        throw new Fail(90100, 'the body must be a JSON object');
      if (fault && 'errorCode' in fault) throw new Fail(fault.errorCode, fault.errorInfo);
      answer = {
        ActionStatus: 'OK',
        ErrorCode: 0,
        ErrorInfo: api === 'batch' ? '' : 'sucess',
        ...answers[api](body as Body),
      };
    } catch (error) {
      const fail = error instanceof Fail ? error : new Fail(91000);
      record.errorCode = fail.code;
      answer = {
        ActionStatus: 'FAIL',
        ErrorCode: fail.code,
        ErrorInfo: fail.message,
        ...(api === 'batch' || api === 'push' ? { TaskId: '' } : {}),
      };
    }
    // The call was handled (a push went out) but its answer comes late, or never.
    if (fault && 'answerLateMs' in fault) await new Promise((r) => setTimeout(r, fault.answerLateMs));
    if (fault && 'dropAfterRequest' in fault) {
      req.socket.destroy();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${opts.host ?? '127.0.0.1'}:${port}`,
    calls,
    callsTo: (api) => calls.filter((c) => c.api === api),
    quotaViolations: () => calls.filter((c) => c.quotaViolation).length,
    inject(api, ...more) {
      faults.set(api, [...(faults.get(api) ?? []), ...more]);
    },
    sendCallbacksTo: (target) => callbacks.setTarget(target),
    callbackStats: callbacks.stats,
    reset() {
      calls.length = 0;
      faults.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        callbacks.stop();
        schedules.stop();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
