// The gateway's UserSig, as the emulator checks it on every call.
import { afterEach, describe, expect, it } from 'vitest';
import { startStack, type Stack } from './helpers.js';

let stack: Stack | undefined;
afterEach(() => stack?.close());

describe('UserSig over the wire', () => {
  it('is accepted by the emulator, with a fresh random and contenttype=json on every call', async () => {
    stack = await startStack();
    await stack.data(`{ a: push(id: "s1") { traces { instanceId } } b: push(id: "s2") { traces { instanceId } } }`);
    await stack.data(`{ push(id: "s3") { traces { instanceId } } }`);
    const { calls } = stack.emulator;
    expect(calls).toHaveLength(3);
    expect(calls.map((c) => c.errorCode)).toEqual([0, 0, 0]);
    expect(calls.map((c) => c.contentType)).toEqual(['json', 'json', 'json']);
    const randoms = calls.map((c) => c.random ?? '');
    for (const random of randoms) expect(random).toMatch(/^\d{1,10}$/);
    expect(randoms.every((r) => Number(r) <= 0xffffffff)).toBe(true);
    expect(new Set(randoms).size).toBe(3);
  });

  it('signed with the wrong key is rejected with 70009 and not retried', async () => {
    stack = await startStack({ signingKey: 'not-the-key' });
    const { errors } = await stack.gql(`{ push(id: "s3") { traces { instanceId } } }`);
    expect(errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_ERROR', upstream: { errorCode: 70009 } });
    expect(stack.emulator.calls).toHaveLength(1);
  });
});
