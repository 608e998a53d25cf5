import { ValidationOptions, registerDecorator } from 'class-validator';
import { isValidCalendarDate } from './is-valid-calendar-date';
import { isValidDateTime } from './is-valid-date-time';

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
      validator: { validate: (value: unknown) => typeof value === 'string' && isValidDateTime(value) },
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
      validator: { validate: (value: unknown) => typeof value === 'string' && isValidCalendarDate(value) },
    });
}
