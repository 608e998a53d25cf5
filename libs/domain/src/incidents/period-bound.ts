import { DateTime } from 'luxon';

/**
 * The instant a period bound stands for. A date-time is taken as is; a date is a whole Dutch
 * calendar day, so `from` is the start of that day and `to` (exclusive) the start of the next:
 * `reportedFrom=2026-01-01&reportedTo=2026-03-31` is the first quarter, both days included.
 */
export function periodBound(value: string, side: 'from' | 'to', timeZone = 'Europe/Amsterdam'): Date {
  if (value.length > 10) return new Date(value);
  const day = DateTime.fromISO(value, { zone: timeZone }).startOf('day');
  return (side === 'from' ? day : day.plus({ days: 1 })).toJSDate();
}
