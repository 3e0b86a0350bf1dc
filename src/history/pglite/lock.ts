// One process per DATA_DIR: PGlite is one PostgreSQL in single-user mode with no lock of its own, and two
// processes writing one cluster corrupt it. A lock file names the process holding the folder.
//
// Written here rather than taken from a lock library: those (proper-lockfile) decide staleness by a refreshed
// mtime, so a gateway restarted after a crash would wait out the stale period, and they cannot say which process
// holds the folder. A process that is gone (or a pid now reused by another program) does not hold it.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: number,
  ) {
    super(
      `DATA_DIR ${dataDir} is in use by process ${holder}; stop it, or give this one another DATA_DIR or a DATABASE_URL`,
    );
    this.name = 'DataDirLockedError';
  }
}

interface Holder {
  pid: number;
  /** When the process started, as the kernel counts it: tells a live holder from a reused pid. */
  since?: string;
}

/** The kernel's start time of a process (Linux), or undefined where /proc does not tell. */
function startTimeOf(pid: number): string | undefined {
  try {
    // The fields after the command name, which may itself hold spaces and parentheses; starttime is the 20th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/** Folders this process holds: a lock file naming this pid and not in here is from an earlier life of the pid. */
const held = new Set<string>();

function alive({ pid, since }: Holder): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return since === undefined || startTimeOf(pid) === undefined || startTimeOf(pid) === since;
}

/** Takes `dataDir` for this process, or throws DataDirLockedError naming the live process that holds it. */
export function lockDataDir(dataDir: string): { release(): void } {
  const file = join(dataDir, 'gateway.lock');
  if (held.has(file)) throw new DataDirLockedError(dataDir, process.pid);
  mkdirSync(dataDir, { recursive: true });
  const me: Holder = { pid: process.pid, since: startTimeOf(process.pid) };
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(file, JSON.stringify(me), { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw error;
    }
    let holder: Holder | undefined;
    try {
      holder = JSON.parse(readFileSync(file, 'utf8')) as Holder;
    } catch {
      holder = undefined; // half written by a process that died writing it
    }
    if (holder && alive(holder)) throw new DataDirLockedError(dataDir, holder.pid);
    rmSync(file, { force: true });
  }
  held.add(file);
  return {
    release() {
      if (!held.delete(file)) return;
      try {
        if ((JSON.parse(readFileSync(file, 'utf8')) as Holder).pid === process.pid) rmSync(file, { force: true });
      } catch {
        // already gone
      }
    },
  };
}
