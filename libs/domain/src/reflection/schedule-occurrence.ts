import { DateTime } from 'luxon';
import { RecurrenceSchedule } from './compute-occurrences';
import { isDutchPublicHoliday } from './dutch-public-holidays';
import { MAX_HOLIDAY_SHIFT_DAYS } from './max-holiday-shift-days';
import { wallTimeInstant } from './wall-time-instant';

/**
 * When an occurrence actually takes place: on a Dutch public holiday it moves to the next
 * working day (not a weekend, not a holiday) at the same wall-clock time. An occurrence that
 * falls on an ordinary weekend day stays where the rule put it.
 */
export function scheduleOccurrence(
  occurrence: Date,
  schedule: Pick<RecurrenceSchedule, 'firstStart' | 'timeZone'> & { skipPublicHolidays: boolean },
): Date {
  const zone = schedule.timeZone;
  const local = DateTime.fromJSDate(occurrence, { zone });
  if (!schedule.skipPublicHolidays || !isDutchPublicHoliday(local.toISODate() as string)) return occurrence;
  // The series' own wall time, not the occurrence's: on a spring change day 02:30 became 03:30,
  // and the working day it moves to has 02:30 again.
  const wall = DateTime.fromJSDate(schedule.firstStart, { zone });
  const time = { hour: wall.hour, minute: wall.minute, second: wall.second };
  for (let shift = 1; shift <= MAX_HOLIDAY_SHIFT_DAYS; shift++) {
    const day = local.plus({ days: shift });
    if (day.weekday <= 5 && !isDutchPublicHoliday(day.toISODate() as string))
      return wallTimeInstant({ year: day.year, month: day.month, day: day.day, ...time }, zone);
  }
  return occurrence;
}
