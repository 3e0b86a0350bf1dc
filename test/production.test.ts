// The compiled gateway and emulator as an operator meets them: printed commands work, bad settings stop start-up.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alive, ensureBuilt } from './npm-start.js';
import { gqlAt } from './helpers.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const started: ChildProcess[] = [];
const pids: number[] = [];
beforeAll(() => ensureBuilt(), 120_000);
afterAll(() => {
  for (const pid of pids) if (alive(pid)) process.kill(pid, 'SIGTERM');
  for (const child of started) if (child.exitCode === null) child.kill('SIGTERM');
});

function run(command: string, args: string[], env: Record<string, string>): { child: ChildProcess; out: () => string } {
  const child = spawn(command, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
  child.stderr.on('data', (d: Buffer) => (out += d.toString('utf8')));
  return { child, out: () => out };
}

async function waitFor<T>(find: () => T | undefined, what: string, ms = 20_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('npm run emulator', () => {
  it('prints a gateway command that works as printed', async () => {
    const emulator = run('npm', ['run', 'emulator'], { PORT: '0' });
    const command = await waitFor(
      () => /Point a gateway at it: (.+)$/m.exec(emulator.out())?.[1],
      'the printed command',
    );
    // No history: the test must not open (or hold) a database in the project's .data.
    const gateway = run('sh', ['-c', command], { PORT: '0', HOST: '127.0.0.1', HISTORY_ENABLED: 'false' });
    const line = await waitFor(
      () =>
        gateway
          .out()
          .split('\n')
          .find((l) => l.includes('"pid"') && l.includes('"url"')),
      `the gateway to start: ${gateway.out()}`,
    );
    const { url, pid } = JSON.parse(line) as { url: string; pid: number };
    pids.push(pid);
    const answer = await gqlAt<{ task: { loss: { total: number } } }>(
      url,
      '{ task(id: "xxx-yyy-zzz") { loss { total } } }',
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.task.loss.total).toBeGreaterThan(0);
  });
});

describe('start-up settings', () => {
  it('an invalid LOG_LEVEL is one line naming the variable, not a stack trace', () => {
    const result = spawnSync(process.execPath, ['dist/src/main.js'], {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: 'verbose', PORT: '0' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^timpush-gateway: cannot start: LOG_LEVEL must be one of .*"verbose"/),
    ]);
  });
});
