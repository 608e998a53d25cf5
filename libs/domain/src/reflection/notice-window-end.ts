import { DateTime } from 'luxon';

/**
 * Reminders are planned for sessions starting within this many days, and the daily horizon job
 * plans them for sessions that come within reach. This keeps the outbox bounded (a daily series
 * would otherwise hold a year of reminders per person). Offsets are at most 60 days as
 * checkIsoDuration counts them (a month as 30), which is up to 62 calendar days (P2M before
 * 31 August); a day more for the job's interval and the hour a clock change adds.
 */
const NOTICE_WINDOW_DAYS = 64;

/** Where the notice window ends: sessions starting later get their reminders from the daily job. */
export function noticeWindowEnd(now: Date): Date {
  // In UTC: in the process's own zone a clock change in between made the window an hour shorter.
  return DateTime.fromJSDate(now, { zone: 'utc' }).plus({ days: NOTICE_WINDOW_DAYS }).toJSDate();
}
