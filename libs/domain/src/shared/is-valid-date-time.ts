import { isValidCalendarDate } from './is-valid-calendar-date';

// Hours 00-23, minutes and seconds 00-59: JavaScript also reads 24:00:00, which RFC 3339 has not.
const RFC3339 =
  /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,9})?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/i;

/** Whether `value` is an RFC 3339 date-time with an explicit offset, naming an instant in years 1-9999. */
export function isValidDateTime(value: string): boolean {
  return (
    RFC3339.test(value) &&
    isValidCalendarDate(value.slice(0, 10)) &&
    // The offset can move the instant out of 0001-9999, where it no longer prints as RFC 3339.
    inRfc3339Years(Date.parse(value))
  );
}

function inRfc3339Years(instant: number): boolean {
  if (Number.isNaN(instant)) return false;
  const year = new Date(instant).getUTCFullYear();
  return year >= 1 && year <= 9999;
}
