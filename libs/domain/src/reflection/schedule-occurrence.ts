import { DateTime } from 'luxon';
import { isDutchPublicHoliday } from './dutch-public-holidays';

const MAX_SHIFT_DAYS = 14;

/**
 * When an occurrence actually takes place: on a Dutch public holiday it moves to the next
 * working day (not a weekend, not a holiday) at the same wall-clock time. An occurrence that
 * falls on an ordinary weekend day stays where the rule put it.
 */
export function scheduleOccurrence(occurrence: Date, timeZone: string, skipPublicHolidays: boolean): Date {
  const local = DateTime.fromJSDate(occurrence, { zone: timeZone });
  if (!skipPublicHolidays || !isDutchPublicHoliday(local.toISODate() as string)) return occurrence;
  for (let shift = 1; shift <= MAX_SHIFT_DAYS; shift++) {
    // plus({ days }) keeps the wall-clock time across a daylight-saving change.
    const candidate = local.plus({ days: shift });
    if (candidate.weekday <= 5 && !isDutchPublicHoliday(candidate.toISODate() as string))
      return candidate.toJSDate();
  }
  return occurrence;
}
