// The compiled gateway under `npm start`, stopped the way a process manager stops it.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { alive, ensureBuilt, npmStart, type Started } from './npm-start.js';
import { streamAt } from './helpers.js';

let started: Started | undefined;
beforeAll(() => ensureBuilt(), 120_000);
afterEach(() => {
  if (started && alive(started.pid)) process.kill(started.pid, 'SIGKILL');
  started = undefined;
});

const STREAM = /* GraphQL */ `
  query ($users: [ID!]!) {
    task(id: "drain-task") {
      traces(userIds: $users) @stream(initialCount: 0) {
        userId
      }
    }
  }
`;

describe('SIGTERM to npm start', () => {
  it('finishes a @stream in flight, refuses new connections, logs the stop and leaves no gateway process', async () => {
    started = await npmStart({});
    const users = ['u1', 'u2', 'u3', 'u4'];
    // The documented quota (1 call/s per API) makes this stream last about 3 s.
    const stream = streamAt(started.url, STREAM, { users });
    await new Promise((r) => setTimeout(r, 1200));
    started.npm.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    await expect(fetch(started.url, { method: 'POST' })).rejects.toThrow();

    type Part = { incremental?: { items?: unknown[] }[]; hasNext?: boolean };
    const payloads = (await stream).map((p) => p.payload as Part);
    const items = payloads.flatMap((p) => (p.incremental ?? []).flatMap((i) => i.items ?? []));
    expect(items).toHaveLength(users.length);
    expect(payloads.at(-1)?.hasNext).toBe(false);

    expect(await started.exited).toBe(0);
    expect(alive(started.pid)).toBe(false);
    expect(started.output()).toMatch(/"msg":"stopped"/);
  });

  it('cuts what is still running at SHUTDOWN_GRACE_MS and still exits 0', async () => {
    started = await npmStart({ SHUTDOWN_GRACE_MS: '500' });
    const stream = streamAt(started.url, STREAM, { users: ['a', 'b', 'c', 'd', 'e', 'f'] }).catch(() => []);
    await new Promise((r) => setTimeout(r, 800));
    started.npm.kill('SIGTERM');
    expect(await started.exited).toBe(0);
    expect(alive(started.pid)).toBe(false);
    expect(started.output()).toMatch(/cut at the grace limit/);
    await stream;
  });
});
