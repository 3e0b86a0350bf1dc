// Starts the gateway's entry point (what `npm start` runs) as its own process and waits for its URL.
// Used by the replica tests and the benchmark, which need real separate processes.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface GatewayProcess {
  child: ChildProcess;
  url: string;
  stop(): Promise<void>;
}

const root = fileURLToPath(new URL('..', import.meta.url));

export function startGatewayProcess(
  env: Record<string, string>,
  entry = 'src/main.ts',
  args: string[] = [],
  /** Node's own flags for this process only (e.g. --cpu-prof), after those of GATEWAY_NODE_OPTIONS. */
  nodeArgs: string[] = [],
): Promise<GatewayProcess> {
  // Compiled entries (dist/…/*.js) run as `npm start` runs them; TypeScript ones through tsx.
  const loader = entry.endsWith('.ts') ? ['--import', 'tsx'] : ['--enable-source-maps'];
  const child = spawn(
    process.execPath,
    [...loader, ...(process.env.GATEWAY_NODE_OPTIONS?.split(' ').filter(Boolean) ?? []), ...nodeArgs, entry, ...args],
    {
      cwd: root,
      // History off unless asked for: processes started together must not share one PGlite directory.
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', HISTORY_ENABLED: 'false', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    // One that does not start in time is killed, not left running behind a failed test.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${entry} did not start: ${stderr}`));
    }, 60_000);
    let stdout = '';
    const onData = (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const url = /"url":"([^"]+)"/.exec(stdout)?.[1];
      if (!url) return;
      // From here on the output is drained unread, so a chatty process never blocks on a full pipe; with
      // GATEWAY_PROCESS_LOG=<file> it is appended there instead (to read what a bench's gateway logged).
      child.stdout.off('data', onData);
      const log = process.env.GATEWAY_PROCESS_LOG;
      if (log) {
        const file = createWriteStream(log, { flags: 'a' });
        file.write(stdout);
        child.stdout.pipe(file);
      } else child.stdout.resume();
      clearTimeout(timer);
      resolve({ child, url, stop });
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${entry} exited with ${code}: ${stderr}`));
    });
  });
}
