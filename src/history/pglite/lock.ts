// One process per DATA_DIR: PGlite is one PostgreSQL in single-user mode with no lock of its own, and two
// processes writing one cluster corrupt it. A lock file names the process holding the folder.
//
// Written here rather than taken from a lock library: those (proper-lockfile) decide staleness by a refreshed
// mtime, so a gateway restarted after a crash would wait out the stale period, and they cannot say which process
// holds the folder. A process that is gone (or a pid now reused by another program) does not hold it.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { heldByOther, thisProcess, type Holder } from '../processes.js';

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

/** Folders this process holds: a lock file naming this pid and not in here is from an earlier life of the pid. */
const held = new Set<string>();

/** Takes `dataDir` for this process, or throws DataDirLockedError naming the live process that holds it. */
export function lockDataDir(dataDir: string): { release(): void } {
  const file = join(dataDir, 'gateway.lock');
  if (held.has(file)) throw new DataDirLockedError(dataDir, process.pid);
  mkdirSync(dataDir, { recursive: true });
  const me = thisProcess();
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
    if (holder && heldByOther(holder)) throw new DataDirLockedError(dataDir, holder.pid);
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
