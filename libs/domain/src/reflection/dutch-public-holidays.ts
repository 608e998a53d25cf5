import Holidays from 'date-holidays';

const calendar = new Holidays('NL');
const byYear = new Map<number, Set<string>>();

/**
 * Whether a calendar date (YYYY-MM-DD) is a Dutch public holiday: New Year, Easter and Easter
 * Monday, Koningsdag, Ascension, Whitsun and Whit Monday, Christmas and Boxing Day. Days that
 * are only observances or school holidays (Good Friday, Bevrijdingsdag most years) are not.
 */
export function isDutchPublicHoliday(date: string): boolean {
  const year = Number(date.slice(0, 4));
  let days = byYear.get(year);
  if (!days) {
    days = new Set(
      calendar
        .getHolidays(year)
        .filter((holiday) => holiday.type === 'public')
        .map((holiday) => holiday.date.slice(0, 10)),
    );
    byYear.set(year, days);
  }
  return days.has(date);
}
