// The failures of history reads, as values: src/graphql/errors.ts gives them their GraphQL codes.
import type { Part } from './days.js';

/**
 * The database is not open (yet, or at all), unreachable or slow: history fields fail, the rest of the gateway
 * goes on. The driver's own error is its cause, for the log; callers see only the reason.
 */
export class HistoryUnavailableError extends Error {
  constructor(
    reason: string,
    /** True when the gateway keeps no history at all (HISTORY_ENABLED=false), not just now. */
    readonly off = false,
    options?: ErrorOptions,
  ) {
    super(`History is unavailable: ${reason}`, options);
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

/**
 * A window starting before what the upstream keeps, which the records cannot answer either: not made of whole
 * days (or no history is kept). Refused before any call: the upstream would refuse it and spend a quota slot.
 */
export class BeyondRetentionError extends Error {
  constructor(
    readonly part: Part,
    /** The whole days (in TIM_UTC_OFFSET) that cover the window, as a range to ask for instead. */
    readonly wholeDays: { from: string; to: string; first: string; last: string },
    historyOff: boolean,
  ) {
    const kept = part === 'loss' ? 'loss for 7 days' : 'statistics for 30 days';
    const days = wholeDays.first === wholeDays.last ? wholeDays.first : `${wholeDays.first} to ${wholeDays.last}`;
    super(
      historyOff
        ? `range starts before what the upstream keeps (${kept}) and this gateway keeps no daily records (HISTORY_ENABLED=false)`
        : `range starts before what the upstream keeps (${kept}); the gateway's daily records answer such a range in whole days only (TIM_UTC_OFFSET): ask for ${days}, from ${wholeDays.from} to ${wholeDays.to}`,
    );
    this.name = 'BeyondRetentionError';
  }
}
