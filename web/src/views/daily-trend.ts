// The Task view's daily trend: deliveries per day from the gateway's history, over the picked window.
// Waits for Task.daily(from, to) in the schema; until then it renders nothing (no figures are made up).
import type { TimeRange } from '../../gql/graphql.js';

/** The trend section for a task and window, or null while the schema has no daily history. */
export function dailyTrend(_taskId: string, _range: TimeRange | undefined): HTMLElement | null {
  return null;
}
