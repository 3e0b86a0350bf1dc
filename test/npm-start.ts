// Starts the compiled gateway the way an operator does, `npm start`, building dist/ first when it is missing
// or older than the sources.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

const builtAt = (path: string): number => {
  try {
    return statSync(join(root, path)).mtimeMs;
  } catch {
    return 0;
  }
};

/** Builds the gateway and the dashboard (npm run build) when either is missing or older than its sources. */
export function ensureBuilt(): void {
  const gateway = builtAt('dist/src/main.js');
  const dashboard = builtAt('dist/web/index.html');
  const sources = Math.max(newestSource(join(root, 'src')), newestSource(join(root, 'emulator')));
  if (gateway < sources || dashboard < newestSource(join(root, 'web')))
    execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'ignore' });
}

export interface Started {
  /** The npm process. */
  npm: ChildProcess;
  /** The gateway's own process id, from its start-up log line. */
  pid: number;
  url: string;
  /** Everything written to stdout so far. */
  output(): string;
  exited: Promise<number | null>;
}

export function npmStart(env: Record<string, string>): Promise<Started> {
  const npm = spawn('npm', ['start'], {
    cwd: root,
    // History off unless asked for: each start would otherwise open (and first create) a database in ./.data.
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', HISTORY_ENABLED: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  npm.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
  npm.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => npm.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      npm.kill('SIGTERM'); // npm passes it on to the gateway
      reject(new Error(`npm start did not start: ${stderr}`));
    }, 20_000);
    const check = () => {
      const line = stdout.split('\n').find((l) => l.includes('"url"') && l.includes('"pid"'));
      if (!line) return;
      const { url, pid } = JSON.parse(line) as { url: string; pid: number };
      clearTimeout(timer);
      npm.stdout.off('data', check);
      resolve({ npm, pid, url, output: () => stdout, exited });
    };
    npm.stdout.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited with ${code}: ${stderr}`));
    });
  });
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
