import { DateTime } from 'luxon';

/**
 * When the chair is asked for a session's outcome, and from when an unrecorded session counts as
 * not held: two calendar days after its end on the series' clock (49 hours over the October clock
 * change, 47 over March's). One rule for both, so nobody hears of a miss before the chair is asked.
 */
export function outcomeDueAt(endsAt: Date, timeZone: string): Date {
  return DateTime.fromJSDate(endsAt, { zone: timeZone }).plus({ days: 2 }).toJSDate();
}
