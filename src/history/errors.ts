// The failures of history reads, as values: src/errors.ts gives them their GraphQL codes.

/** The database is not open (yet, or at all): history fields fail, the rest of the gateway goes on. */
export class HistoryUnavailableError extends Error {
  constructor(
    reason: string,
    /** True when the gateway keeps no history at all (HISTORY_ENABLED=false), not just now. */
    readonly off = false,
  ) {
    super(`History is unavailable: ${reason}`);
    this.name = 'HistoryUnavailableError';
  }
}

/** A window the upstream no longer keeps, with days the records do not hold either. */
export class MissingDaysError extends Error {
  constructor(
    readonly part: 'stats' | 'loss',
    readonly days: string[],
  ) {
    super(
      `range reaches past what the upstream keeps (${part === 'loss' ? '7' : '30'} days) and the history has no ${part === 'loss' ? 'loss' : 'statistics'} record for ${days.length === 1 ? 'day' : 'days'} ${days.join(', ')}`,
    );
    this.name = 'MissingDaysError';
  }
}
