// Where whole answers are kept: memory for one replica, Redis when replicas share them. Entries carry tags
// (`task:<id>`, `push:<id>`, `aggregate`) so a push to a task drops every answer built from that task's data.
import { LRUCache } from 'lru-cache';
import type { Redis } from 'ioredis';

export interface CachedAnswer {
  status: number;
  headers: [string, string][];
  body: Buffer;
  /** For the log line of a hit. */
  operation: string;
}

export interface AnswerStore {
  /** Memory answers synchronously, so a hit costs no extra turn of the event loop. */
  get(key: string): CachedAnswer | undefined | Promise<CachedAnswer | undefined>;
  set(key: string, answer: CachedAnswer, ttlMs: number, tags: readonly string[]): Promise<void>;
  invalidate(tags: readonly string[]): Promise<void>;
}

export function createMemoryAnswerStore(maxBytes: number): AnswerStore {
  const answers = new LRUCache<string, CachedAnswer>({
    maxSize: maxBytes,
    sizeCalculation: (a) => a.body.length + 200,
    dispose: (_answer, key) => untag(key),
  });
  const keysByTag = new Map<string, Set<string>>();
  const tagsByKey = new Map<string, readonly string[]>();
  function untag(key: string): void {
    for (const tag of tagsByKey.get(key) ?? []) {
      const keys = keysByTag.get(tag);
      keys?.delete(key);
      if (keys?.size === 0) keysByTag.delete(tag);
    }
    tagsByKey.delete(key);
  }
  return {
    get: (key) => answers.get(key),
    set(key, answer, ttlMs, tags) {
      answers.set(key, answer, { ttl: ttlMs });
      if (!answers.has(key)) return Promise.resolve(); // too large to keep
      tagsByKey.set(key, tags);
      for (const tag of tags) {
        let keys = keysByTag.get(tag);
        if (!keys) keysByTag.set(tag, (keys = new Set()));
        keys.add(key);
      }
      return Promise.resolve();
    },
    invalidate(tags) {
      for (const tag of tags) for (const key of [...(keysByTag.get(tag) ?? [])]) answers.delete(key);
      return Promise.resolve();
    },
  };
}

/** Answers as Redis strings with their TTL; each tag a set of the keys built from it, expiring with them. */
export function createRedisAnswerStore(redis: Redis, prefix: string, longestTtlMs: number): AnswerStore {
  const answerKey = (key: string) => `${prefix}answer:${key}`;
  const tagKey = (tag: string) => `${prefix}answer-tag:${tag}`;
  return {
    async get(key) {
      const raw = await redis.getBuffer(answerKey(key));
      if (!raw) return undefined;
      const headerLength = raw.readUInt32BE(0);
      const meta = JSON.parse(raw.subarray(4, 4 + headerLength).toString('utf8')) as Omit<CachedAnswer, 'body'>;
      return { ...meta, body: raw.subarray(4 + headerLength) };
    },
    async set(key, { body, ...meta }, ttlMs, tags) {
      const header = Buffer.from(JSON.stringify(meta));
      const length = Buffer.alloc(4);
      length.writeUInt32BE(header.length);
      const multi = redis.multi().set(answerKey(key), Buffer.concat([length, header, body]), 'PX', ttlMs);
      // A tag outlives every answer it names; the answers themselves expire on their own TTL.
      for (const tag of tags) multi.sadd(tagKey(tag), key).pexpire(tagKey(tag), longestTtlMs);
      await multi.exec();
    },
    async invalidate(tags) {
      for (const tag of tags) {
        const keys = await redis.smembers(tagKey(tag));
        if (keys.length) await redis.del(...keys.map(answerKey));
        await redis.del(tagKey(tag));
      }
    },
  };
}
