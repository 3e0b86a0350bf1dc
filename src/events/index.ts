// Live push events: ingest what the webhook accepted (de-duplicate, count, publish), read a task's counters,
// and subscribe to events and progress. With Redis every replica sees what any replica received.
import { createPubSub, Repeater } from 'graphql-yoga';
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { progressFrom } from './counters.js';
import type { PushEvent, TaskProgress } from './model.js';
import { createRedisEventStore } from './redis.js';
import { createMemoryEventStore, type EventStore } from './store.js';

export type { PushEvent, TaskProgress } from './model.js';

/** taskProgress is sent at most this often per subscriber while events flow. */
export const PROGRESS_INTERVAL_MS = 1000;

export interface LiveOptions {
  ttlMs: number;
  dedupeTtlMs: number;
  /** With Redis: counters and de-duplication shared, and events fanned out through pub/sub. */
  redis?: { client: Redis; url: string; prefix: string };
  log: Logger;
}

export type EventFilter = { taskId: string } | { pushId: string } | 'all';

export interface Live {
  /** Counts and publishes the events; answers how many were new (not replays). */
  ingest(events: PushEvent[]): Promise<number>;
  progress(taskId: string): Promise<TaskProgress>;
  /** False while the shared store (Redis) is unreachable: events taken now could not be counted. */
  available(): boolean;
  events(filter: EventFilter): AsyncIterable<PushEvent>;
  /** The current progress at once, then after each change, at most once per PROGRESS_INTERVAL_MS. */
  progressUpdates(taskId: string): AsyncIterable<TaskProgress>;
  /** Tells every replica's subscribers of `topic` (another domain's changes: alerts), through Redis when shared. */
  announce(topic: string, payload: string): void;
  /** What is announced on `topic` from now on, on any replica. */
  notices(topic: string): AsyncIterable<string>;
  close(): Promise<void>;
}

type Topics = Record<string, [id: string, payload: PushEvent[] | string]>;

/**
 * A dedicated subscriber connection. Awaiting `ready` before the first SUBSCRIBE, and skipping CLIENT SETINFO,
 * avoids ioredis 5.9–5.11 racing SUBSCRIBE against its ready check and silently losing the subscription.
 */
async function subscriberFor(url: string, log: Logger): Promise<Redis> {
  const subscriber = new Redis(url, { lazyConnect: true, disableClientInfo: true, connectTimeout: 5_000 });
  subscriber.on('error', (error: Error & { code?: string }) =>
    log.warn({ code: error.code }, 'Redis subscriber error; ioredis reconnects'),
  );
  await subscriber.connect();
  return subscriber;
}

/**
 * yoga's Redis event target, its clients' failures handled: it leaves the promises of PUBLISH, SUBSCRIBE and
 * UNSUBSCRIBE to nobody, and a Redis command timing out (a stalled Redis) then ended the process as an unhandled
 * rejection. A publish that fails loses that fan-out to the other replicas (the counters are already in Redis).
 */
export function redisEventTarget(client: Redis, subscriber: Redis, log: Logger) {
  const failed = (what: string) => (error: Error) =>
    log.warn({ err: { name: error.name, message: error.message } }, `Redis ${what} failed`);
  const publishClient = {
    publish: (channel: string, message: string) => client.publish(channel, message).catch(failed('publish')),
  };
  const subscribeClient = {
    on: subscriber.on.bind(subscriber),
    subscribe: (channel: string) => subscriber.subscribe(channel).catch(failed('subscribe')),
    unsubscribe: (channel: string) => subscriber.unsubscribe(channel).catch(failed('unsubscribe')),
  };
  // Only these methods are used by createRedisEventTarget (node_modules/@graphql-yoga/redis-event-target).
  return createRedisEventTarget({
    publishClient: publishClient as unknown as Redis,
    subscribeClient: subscribeClient as unknown as Redis,
  });
}

export async function createLive({ ttlMs, dedupeTtlMs, redis, log }: LiveOptions): Promise<Live> {
  const store: EventStore = redis
    ? createRedisEventStore(redis.client, redis.prefix, { ttlMs, dedupeTtlMs })
    : createMemoryEventStore({ ttlMs, dedupeTtlMs });
  const subscriber = redis ? await subscriberFor(redis.url, log) : undefined;
  const pubSub = createPubSub<Topics>(
    redis && subscriber ? { eventTarget: redisEventTarget(redis.client, subscriber, log) } : undefined,
  );
  // Channels are namespaced like the keys, so gateways of different apps (or tests) on one Redis stay apart.
  const EVENTS = `${redis?.prefix ?? ''}events`;
  const PROGRESS = `${redis?.prefix ?? ''}progress`;
  const NOTICES = `${redis?.prefix ?? ''}notices`;

  const progress = (taskId: string): Promise<TaskProgress> =>
    store.counters(`task:${taskId}`).then((fields) => progressFrom(taskId, fields));

  return {
    async ingest(events) {
      const fresh = await store.record(events);
      if (fresh.length === 0) return 0;
      const byTopic = new Map<string, PushEvent[]>();
      for (const e of fresh) {
        const topic = e.taskId !== null ? `task:${e.taskId}` : `push:${e.pushId}`;
        byTopic.set(topic, [...(byTopic.get(topic) ?? []), e]);
      }
      pubSub.publish(EVENTS, 'all', fresh);
      for (const [topic, list] of byTopic) {
        pubSub.publish(EVENTS, topic, list);
        if (topic.startsWith('task:')) pubSub.publish(PROGRESS, topic.slice(5), topic.slice(5));
      }
      return fresh.length;
    },
    progress,
    available: () => !redis || redis.client.status === 'ready',
    events(filter) {
      const id = filter === 'all' ? 'all' : 'taskId' in filter ? `task:${filter.taskId}` : `push:${filter.pushId}`;
      const batches = pubSub.subscribe(EVENTS, id) as AsyncIterable<PushEvent[]>;
      return (async function* () {
        for await (const batch of batches) yield* batch;
      })();
    },
    progressUpdates(taskId) {
      return new Repeater<TaskProgress>(async (push, stop) => {
        const changes = pubSub.subscribe(PROGRESS, taskId);
        let last = 0;
        let timer: NodeJS.Timeout | undefined;
        const emit = () => {
          timer = undefined;
          last = Date.now();
          progress(taskId).then(push, stop);
        };
        void stop.then(() => {
          clearTimeout(timer);
          void changes.return();
        });
        emit();
        for await (const _ of changes) {
          timer ??= setTimeout(emit, Math.max(0, last + PROGRESS_INTERVAL_MS - Date.now()));
        }
      });
    },
    announce: (topic, payload) => pubSub.publish(NOTICES, topic, payload),
    notices: (topic) => pubSub.subscribe(NOTICES, topic) as AsyncIterable<string>,
    async close() {
      await subscriber?.quit().catch(() => undefined);
    },
  };
}
