import { ValidationOptions, registerDecorator } from 'class-validator';

// Hours 00-23, minutes and seconds 00-59: JavaScript also reads 24:00:00, which RFC 3339 has not.
const RFC3339 =
  /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,9})?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/i;

/** An RFC 3339 date-time with an explicit offset (`2026-03-29T10:00:00+02:00` or `...Z`). */
export function IsDateTime(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isDateTime',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: `${String(propertyName)} must be an RFC 3339 date-time with offset, e.g. 2026-03-29T10:00:00+02:00`,
        ...options,
      },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' &&
          RFC3339.test(value) &&
          validDatePart(value.slice(0, 10)) &&
          // The offset can move the instant out of 0001-9999, where it no longer prints as RFC 3339.
          inRfc3339Years(Date.parse(value)),
      },
    });
}

/** A calendar date (`YYYY-MM-DD`) that exists. */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: `${String(propertyName)} must be a date as YYYY-MM-DD`, ...options },
      validator: { validate: (value: unknown) => typeof value === 'string' && validDatePart(value) },
    });
}

function validDatePart(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1) return false;
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0-99 as 1900-1999.
  date.setUTCFullYear(year, month - 1, day);
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function inRfc3339Years(instant: number): boolean {
  if (Number.isNaN(instant)) return false;
  const year = new Date(instant).getUTCFullYear();
  return year >= 1 && year <= 9999;
}
