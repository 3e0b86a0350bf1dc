// Stopping what the gateway opened, one part after another, each given a bounded time: a part that hangs (a
// stalled Redis, a database that never answers) is named and left behind, and the stop goes on.
import type { Logger } from 'pino';

export interface Closing {
  /** What it is, in the log line that names it if it does not close. */
  name: string;
  close(): Promise<unknown> | undefined;
}

/**
 * Closes each part in order, each given what is left until `deadline` (epoch ms; at least 100 ms, so a part
 * that closes at once still does); resolves with the names of those that failed or did not end in time.
 */
export async function closeInOrder(parts: Closing[], deadline: number, log: Logger): Promise<string[]> {
  const unclosed: string[] = [];
  for (const part of parts) {
    const ms = Math.max(100, deadline - Date.now());
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), ms)));
    const outcome = await Promise.race([Promise.resolve(part.close()).then(() => 'closed' as const), late])
      .catch((error: unknown) => {
        log.warn({ err: error, part: part.name }, `stopping: ${part.name} failed to close`);
        return 'failed' as const;
      })
      .finally(() => clearTimeout(timer));
    if (outcome === 'late') log.warn({ part: part.name, ms }, `stopping: ${part.name} did not close within ${ms} ms`);
    if (outcome !== 'closed') unclosed.push(part.name);
  }
  return unclosed;
}
