import { percentile } from '../lib/percentile';

export interface DeliverySummary {
  planned: number;
  /** Distinct planned messages that arrived. */
  delivered: number;
  /** Arrivals beyond the first of the same message. */
  duplicates: number;
  /** Planned messages that never arrived. */
  lost: number;
  /** Arrivals whose Message-ID is not one of the planned rows. */
  unexpected: number;
  /** Distinct planned messages that arrived by the deadline. */
  byDeadline: number;
  /** arrival − dueAt of each message's first arrival, ms. */
  lagMs: { p50: number; p95: number; p99: number; max: number };
  /** Distinct messages per second between the first and the last arrival. */
  ratePerSecond: number;
  /** Seconds from the last due time to the last arrival (how long the backlog took to clear). */
  drainSeconds: number;
}

/**
 * What the SMTP sink saw against what was planned. Message-IDs are `<notificationId@host>`,
 * so each arrival maps back to its row and its dueAt.
 */
export function summariseDeliveries(
  dueAt: Map<string, number>,
  arrivals: Map<string, number[]>,
  deadline: number,
): DeliverySummary {
  const lags: number[] = [];
  let duplicates = 0;
  let unexpected = 0;
  let byDeadline = 0;
  let first = Infinity;
  let last = -Infinity;
  for (const [messageId, times] of arrivals) {
    const due = dueAt.get(messageId.split('@')[0]);
    if (due === undefined) {
      unexpected += times.length;
      continue;
    }
    duplicates += times.length - 1;
    const at = times.reduce((min, t) => Math.min(min, t), Infinity);
    lags.push(at - due);
    if (at <= deadline) byDeadline += 1;
    first = Math.min(first, at);
    last = Math.max(last, at);
  }
  lags.sort((a, b) => a - b);
  // A loop, not Math.max(...): spreading 100,000 arguments can overflow the stack.
  let lastDue = -Infinity;
  for (const due of dueAt.values()) lastDue = Math.max(lastDue, due);
  const span = (last - first) / 1000;
  return {
    planned: dueAt.size,
    delivered: lags.length,
    duplicates,
    lost: dueAt.size - lags.length,
    unexpected,
    byDeadline,
    lagMs: {
      p50: percentile(lags, 50),
      p95: percentile(lags, 95),
      p99: percentile(lags, 99),
      max: lags.length ? lags[lags.length - 1] : NaN,
    },
    ratePerSecond: lags.length > 1 && span > 0 ? lags.length / span : NaN,
    drainSeconds: lags.length ? Math.max(0, (last - lastDue) / 1000) : NaN,
  };
}
