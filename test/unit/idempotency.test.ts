import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createIdempotency, createMemoryIdempotencyStore } from '../../src/idempotency/index.js';
import { PushOutcomeUnknownError } from '../../src/upstream/errors.js';

const log = pino({ level: 'silent' });

describe('idempotency of a push', () => {
  it('answers a repeat whose first push outlasts its lease as an unknown outcome, and pushes once', async () => {
    const idempotency = createIdempotency({ store: createMemoryIdempotencyStore(), ttlMs: 60_000, leaseMs: 200, log });
    let pushes = 0;
    let finish: (taskId: string) => void = () => undefined;
    const slow = () => {
      pushes++;
      return new Promise<string>((resolve) => (finish = resolve));
    };
    const first = idempotency.run('owner', 'order-1', { to: ['u1'] }, slow);

    const repeat = idempotency.run('owner', 'order-1', { to: ['u1'] }, slow);
    await expect(repeat).rejects.toThrow(PushOutcomeUnknownError);
    expect(pushes).toBe(1);

    finish('task-1');
    expect(await first).toBe('task-1');
    expect(pushes).toBe(1);
  });

  it('hands a waiting repeat the result once the first push completes within its lease', async () => {
    const idempotency = createIdempotency({
      store: createMemoryIdempotencyStore(),
      ttlMs: 60_000,
      leaseMs: 5_000,
      log,
    });
    let pushes = 0;
    const push = () => {
      pushes++;
      return new Promise<string>((resolve) => setTimeout(() => resolve('task-2'), 200));
    };
    const results = await Promise.all([
      idempotency.run('owner', 'order-2', { to: ['u1'] }, push),
      idempotency.run('owner', 'order-2', { to: ['u1'] }, push),
    ]);
    expect(results).toEqual(['task-2', 'task-2']);
    expect(pushes).toBe(1);
  });
});
