// Retries of transient failures (each taking a quota slot), none for permanent ones, and the breaker.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { startStack, type Stack } from './helpers.js';

let stack: Stack | undefined;
afterEach(() => stack?.close());

const trace = (id: string) => `{ push(id: "${id}") { traces { instanceId } } }`;

describe('retries', () => {
  it.each([
    ['an internal error (90102)', { errorCode: 90102 }],
    ['a request error (91000)', { errorCode: 91000 }],
    ['the frequency limit (60007)', { errorCode: 60007 }],
    ['a 502', { httpStatus: 502 }],
    ['a non-JSON answer', { rawBody: 'upstream hiccup' }],
  ])('retries %s away', async (_, fault) => {
    stack = await startStack();
    stack.emulator.inject('normal_push_trace', fault, fault);
    const data = await stack.data<{ push: { traces: unknown[] } }>(trace('transient'));
    expect(data.push.traces.length).toBeGreaterThan(0);
    expect(stack.emulator.callsTo('normal_push_trace')).toHaveLength(3);
  });

  it.each([
    ['invalid parameters (90100)', 90100],
    ['missing permission (90009)', 90009],
    ['service not enabled (90045)', 90045],
    ['a bad account (90103)', 90103],
    ['an expired UserSig (70001)', 70001],
  ])('does not retry %s', async (_, errorCode) => {
    stack = await startStack();
    stack.emulator.inject('normal_push_trace', { errorCode });
    const { errors } = await stack.gql(trace('permanent'));
    expect(errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_ERROR', upstream: { errorCode } });
    expect(stack.emulator.callsTo('normal_push_trace')).toHaveLength(1);
  });

  it('gives up after the configured attempts with UPSTREAM_UNAVAILABLE', async () => {
    stack = await startStack({ env: { UPSTREAM_MAX_ATTEMPTS: '2' } });
    stack.emulator.inject('normal_push_trace', { httpStatus: 503 }, { httpStatus: 503 }, { httpStatus: 503 });
    const { errors } = await stack.gql(trace('down'));
    expect(errors![0]!.extensions!.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(stack.emulator.callsTo('normal_push_trace')).toHaveLength(2);
  });
});

describe('circuit breaker', () => {
  it('opens after repeated failures, answers fast without calling, and closes once the upstream recovers', async () => {
    stack = await startStack({
      env: { UPSTREAM_MAX_ATTEMPTS: '1', BREAKER_THRESHOLD: '3', BREAKER_HALF_OPEN_MS: '400' },
    });
    stack.emulator.inject('normal_push_trace', { httpStatus: 502 }, { httpStatus: 502 }, { httpStatus: 502 });
    for (let i = 0; i < 3; i++) await stack.gql(trace(`b${i}`));
    expect(stack.emulator.callsTo('normal_push_trace')).toHaveLength(3);

    const open = await stack.gql(trace('b-open'));
    expect(open.errors![0]!.extensions!.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(open.errors![0]!.message).toMatch(/circuit open/);
    expect(stack.emulator.callsTo('normal_push_trace')).toHaveLength(3);
    // Other APIs have breakers of their own.
    expect((await stack.gql(`{ task(id: "t") { trace(userId: "u") { userId } } }`)).errors).toBeUndefined();

    await sleep(450);
    expect((await stack.gql(trace('b-half-open'))).errors).toBeUndefined();
    expect((await stack.gql(trace('b-closed'))).errors).toBeUndefined();
    expect(stack.emulator.callsTo('normal_push_trace')).toHaveLength(5);
  });
});
