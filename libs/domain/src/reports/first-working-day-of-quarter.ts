import Holidays from 'date-holidays';
import { DateTime } from 'luxon';
import { Quarter } from './quarter';
import { REPORT_TIME_ZONE } from './report-time-zone';

const holidays = new Holidays('NL');
const publicHolidaysByYear = new Map<number, Set<string>>();

/** Dutch public holidays (type "public" in date-holidays: not Good Friday or 5 May, which most offices work). */
function publicHolidays(year: number): Set<string> {
  let days = publicHolidaysByYear.get(year);
  if (!days) {
    days = new Set(
      holidays
        .getHolidays(year)
        .filter((h) => h.type === 'public')
        .map((h) => h.date.slice(0, 10)),
    );
    publicHolidaysByYear.set(year, days);
  }
  return days;
}

/**
 * The first working day of a quarter (YYYY-MM-DD): the first day from the quarter's first day
 * on that is neither a Saturday, a Sunday nor a Dutch public holiday (1 January always is;
 * 1 April sometimes is Easter Monday).
 */
export function firstWorkingDayOfQuarter(year: number, quarter: number): string {
  let day = DateTime.fromISO(Quarter.of(year, quarter).firstDay, { zone: REPORT_TIME_ZONE });
  while (day.weekday > 5 || publicHolidays(day.year).has(day.toISODate() as string)) {
    day = day.plus({ days: 1 });
  }
  return day.toISODate() as string;
}
