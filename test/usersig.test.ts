// The gateway's UserSig, as the emulator checks it on every call.
import { afterEach, describe, expect, it } from 'vitest';
import { startStack, type Stack } from './helpers.js';

let stack: Stack | undefined;
afterEach(() => stack?.close());

describe('UserSig over the wire', () => {
  it('is accepted by the emulator, with a fresh random and contenttype=json on every call', async () => {
    stack = await startStack();
    const { errors } = await stack.gql(
      `{ a: push(id: "s1") { traces { instanceId } } b: push(id: "s2") { traces { instanceId } } }`,
    );
    expect(errors).toBeUndefined();
    expect(stack.emulator.calls.every((c) => c.errorCode === 0)).toBe(true);
  });

  it('signed with the wrong key is rejected with 70009 and not retried', async () => {
    stack = await startStack({ signingKey: 'not-the-key' });
    const { errors } = await stack.gql(`{ push(id: "s3") { traces { instanceId } } }`);
    expect(errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_ERROR', upstream: { errorCode: 70009 } });
    expect(stack.emulator.calls).toHaveLength(1);
  });
});
