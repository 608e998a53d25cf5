import { SchedulingResult } from './scheduling-result';

/** 10,000 reminders due in the same minute: all delivered within 60 s of its end, lag p99 ≤ 5 s. */
export const SCHEDULING_TARGET = { reminders: 10_000, withinSeconds: 60, lagP99Ms: 5_000 };

/**
 * Whether a run meets the reminders target (none twice, none lost either); null for runs it does
 * not judge: other counts than 10,000 (the suite also runs 1,000 and 100,000 to show how lag grows;
 * 100,000 in one minute is ten times the target's load), or due over more than one minute.
 */
export function meetsSchedulingTarget(
  r: Pick<SchedulingResult, 'reminders' | 'spreadSeconds' | 'byDeadline' | 'lagMs' | 'duplicates' | 'lost'>,
): boolean | null {
  if (r.reminders !== SCHEDULING_TARGET.reminders || r.spreadSeconds > 60) return null;
  return (
    r.byDeadline === r.reminders &&
    r.lagMs.p99 <= SCHEDULING_TARGET.lagP99Ms &&
    r.duplicates === 0 &&
    r.lost === 0
  );
}
