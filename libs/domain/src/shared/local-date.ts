import { DateTime } from 'luxon';

/** The calendar date (YYYY-MM-DD) of an instant in a time zone; Leerlus dates are Dutch dates. */
export function localDate(instant: Date, timeZone = 'Europe/Amsterdam'): string {
  return DateTime.fromJSDate(instant, { zone: timeZone }).toISODate() as string;
}
