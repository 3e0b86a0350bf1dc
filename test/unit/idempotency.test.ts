import { describe, expect, it } from 'vitest';
import { IdempotencyConflict, createIdempotency, createMemoryIdempotencyStore } from '../../src/idempotency/index.js';

describe('idempotency of a push', () => {
  it('refuses a repeat as still in progress when the first push outlasts its wait, and pushes once', async () => {
    const idempotency = createIdempotency(createMemoryIdempotencyStore(), 60_000, 300);
    let pushes = 0;
    let finish: (taskId: string) => void = () => undefined;
    const slow = () => {
      pushes++;
      return new Promise<string>((resolve) => (finish = resolve));
    };
    const first = idempotency.run('owner', 'order-1', { to: ['u1'] }, slow);

    const repeat = idempotency.run('owner', 'order-1', { to: ['u1'] }, slow);
    await expect(repeat).rejects.toThrow(IdempotencyConflict);
    await expect(repeat).rejects.toThrow('still in progress');
    expect(pushes).toBe(1);

    finish('task-1');
    expect(await first).toBe('task-1');
    expect(await idempotency.run('owner', 'order-1', { to: ['u1'] }, slow)).toBe('task-1');
    expect(pushes).toBe(1);
  });

  it('hands a waiting repeat the result once the first push completes within the wait', async () => {
    const idempotency = createIdempotency(createMemoryIdempotencyStore(), 60_000, 5_000);
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
