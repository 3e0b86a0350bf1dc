// Which process holds a file of DATA_DIR (its lock, an outbox), told apart from an earlier process that had the
// same pid: a pid is reused, a pid with its kernel start time is not.
import { readFileSync } from 'node:fs';

export interface Holder {
  pid: number;
  /** When the process started, as the kernel counts it (Linux); absent where /proc does not tell. */
  since?: string;
}

/** The kernel's start time of a process, or undefined where /proc does not tell. */
function startTimeOf(pid: number): string | undefined {
  try {
    // The fields after the command name, which may itself hold spaces and parentheses; starttime is the 20th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

let self: Holder | undefined;
/** This process. */
export const thisProcess = (): Holder => (self ??= { pid: process.pid, since: startTimeOf(process.pid) });

/** Whether another process that is still running holds it (this process's own earlier lives do not). */
export function heldByOther({ pid, since }: Holder): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const now = startTimeOf(pid);
  return since === undefined || now === undefined || now === since;
}
