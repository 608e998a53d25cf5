import type { RecurrenceSchedule } from './compute-occurrences';
import { wallTimeInstant } from './wall-time-instant';

/**
 * The instant a rule's UNTIL names (null: it has none): a UTC date-time (…Z) as written, a local
 * date-time in the series' zone, a date to its last second there (RFC 5545 §3.3.10).
 */
export function ruleUntil(schedule: RecurrenceSchedule): Date | null {
  const value = /(?:^|;)UNTIL=([0-9TZ]+)/.exec(schedule.rrule)?.[1];
  if (!value) return null;
  const [year, month, day] = [
    Number(value.slice(0, 4)),
    Number(value.slice(4, 6)),
    Number(value.slice(6, 8)),
  ];
  if (value.length === 8)
    return wallTimeInstant({ year, month, day, hour: 23, minute: 59, second: 59 }, schedule.timeZone);
  const [hour, minute, second] = [11, 13, 15].map((at) => Number(value.slice(at - 2, at)));
  if (value.endsWith('Z')) return new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  return wallTimeInstant({ year, month, day, hour, minute, second }, schedule.timeZone);
}
