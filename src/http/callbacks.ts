// POST /callbacks/tencent: Tencent's push callbacks (Push.AllMemberPush, Push.OfflinePush). Authenticated by
// SdkAppid and Sign, not by API keys; refused clearly and without storing anything when wrong. Acknowledged once
// the events are kept in the store of record (the history database, when the gateway keeps history): a gateway
// killed right after acknowledging loses none; one that cannot keep them answers a failure, so Tencent may
// retry. The live counters and subscriptions follow after the acknowledgement (Tencent waits 2 s at most).
// Never calls upstream.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Counter, type Registry } from 'prom-client';
import type { Logger } from 'pino';
import type { LiveConfig } from '../config.js';
import { MalformedCallback, decodeCallback } from '../events/decode.js';
import type { PushEvent } from '../events/model.js';
import { verifyCallbackSign } from '../events/signature.js';

export interface CallbackHandlerOptions {
  sdkAppId: number;
  config: LiveConfig;
  /** Keeps the events in the store of record; resolves once they are (absent: nothing keeps them). */
  keep?: (events: PushEvent[]) => Promise<void>;
  /** Counts and publishes them for the live counters and subscriptions; answers how many were new. */
  ingest: (events: PushEvent[]) => Promise<number>;
  /** False while events could not be counted (Redis down): refuse rather than acknowledge and lose them. */
  available?: () => boolean;
  log: Logger;
  registry: Registry;
  now?: () => number;
}

class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const OK = JSON.stringify({ ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '' });

/** A token bucket holding one second of requests: bursts up to the rate, then the rate. */
function rateLimiter(perSecond: number, now: () => number) {
  let tokens = perSecond;
  let at = now();
  return (): boolean => {
    const t = now();
    tokens = Math.min(perSecond, tokens + ((t - at) / 1000) * perSecond);
    at = t;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  };
}

async function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBytes) throw new Refusal(413, `The body is over ${maxBytes} bytes.`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new Refusal(413, `The body is over ${maxBytes} bytes.`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function createCallbackHandler(
  opts: CallbackHandlerOptions,
): (req: IncomingMessage, res: ServerResponse) => void {
  const { sdkAppId, config, ingest, log } = opts;
  const now = opts.now ?? Date.now;
  const allow = rateLimiter(config.callbackRatePerSecond, now);
  const token = config.callbackToken;
  const registers = [opts.registry];
  const requests = new Counter({
    name: 'timpush_callback_requests_total',
    help: 'Push callback requests by outcome (ok, or the HTTP status of the refusal)',
    labelNames: ['outcome'] as const,
    registers,
  });
  const counted = new Counter({
    name: 'timpush_callback_events_total',
    help: 'Push callback events by result (counted, duplicate, unknown_command, unknown_stage, failed)',
    labelNames: ['result'] as const,
    registers,
  });

  async function accept(req: IncomingMessage): Promise<PushEvent[]> {
    if (req.method !== 'POST') throw new Refusal(405, 'Push callbacks are POST requests.');
    const query = new URL(req.url ?? '/', 'http://gateway').searchParams;
    const appId = query.get('SdkAppid');
    if (appId !== String(sdkAppId)) throw new Refusal(403, 'SdkAppid is not the SDKAppID of this gateway.');
    const command = query.get('CallbackCommand') ?? '';
    if (!command.startsWith('Push.')) throw new Refusal(400, 'CallbackCommand must be a Push.* command.');
    if (token) {
      const verdict = verifyCallbackSign(token.reveal(), query.get('Sign'), query.get('RequestTime'), now() / 1000);
      if (!verdict.ok) throw new Refusal(401, `Refused: ${verdict.reason}.`);
    }
    const text = (await readBody(req, config.callbackMaxBodyBytes)).toString('utf8');
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new Refusal(400, 'The body is not JSON.');
    }
    try {
      const decoded = decodeCallback(body, command, now());
      if (decoded.unknownCommands.length) {
        log.warn(
          { commands: decoded.unknownCommands },
          'push callback with a command this gateway does not know; acknowledged, not stored',
        );
        counted.inc({ result: 'unknown_command' }, decoded.unknownCommands.length);
      }
      if (decoded.unknownStages) counted.inc({ result: 'unknown_stage' }, decoded.unknownStages);
      return decoded.events;
    } catch (error) {
      if (error instanceof MalformedCallback) throw new Refusal(400, `Malformed callback: ${error.message}.`);
      throw error;
    }
  }

  function ingestLater(events: PushEvent[]): void {
    if (events.length === 0) return;
    ingest(events).then(
      (fresh) => {
        counted.inc({ result: 'counted' }, fresh);
        if (fresh < events.length) counted.inc({ result: 'duplicate' }, events.length - fresh);
      },
      (error: Error) => {
        counted.inc({ result: 'failed' }, events.length);
        // A command that timed out may still have run: say what is known, not more.
        const unconfirmed = /timed? ?out/i.test(error.message);
        log.error(
          { err: { name: error.name, message: error.message }, events: events.length },
          unconfirmed
            ? 'push callback events were acknowledged; Redis did not confirm in time that they were counted'
            : 'push callback events were acknowledged but not counted',
        );
      },
    );
  }

  return (req, res) => {
    const refuse = (status: number, message: string) => {
      requests.inc({ outcome: String(status) });
      log.warn({ status, reason: message }, 'push callback refused');
      res
        .writeHead(status, { 'content-type': 'application/json', ...(status === 413 ? { connection: 'close' } : {}) })
        .end(JSON.stringify({ ActionStatus: 'FAIL', ErrorCode: 1, ErrorInfo: message }));
      req.resume();
    };
    if (!allow()) return refuse(429, 'Too many callback requests; slow down.');
    if (opts.available && !opts.available())
      return refuse(503, 'The live event store (Redis) is unreachable; not acknowledged, so a retry can deliver it.');
    accept(req)
      .then(async (events) => {
        try {
          await opts.keep?.(events);
        } catch {
          // The recipients' store logged why; not acknowledged, so a retry (when enabled) can deliver them.
          throw new Refusal(503, 'The events could not be stored; not acknowledged, so a retry can deliver them.');
        }
        return events;
      })
      .then(
        (events) => {
          requests.inc({ outcome: 'ok' });
          res.writeHead(200, { 'content-type': 'application/json' }).end(OK);
          setImmediate(ingestLater, events);
        },
        (error: unknown) => {
          if (error instanceof Refusal) return refuse(error.status, error.message);
          log.error(
            { err: { name: (error as Error).name, message: (error as Error).message } },
            'push callback failed',
          );
          refuse(500, 'The callback could not be read.');
        },
      );
  };
}
