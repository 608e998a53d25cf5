import { ValidationOptions, registerDecorator } from 'class-validator';
import { isValidCalendarDate } from '../shared/is-valid-calendar-date';
import { isValidDateTime } from '../shared/is-valid-date-time';

/** A period bound: an RFC 3339 date-time with offset, or a calendar date (YYYY-MM-DD) that exists. */
export function IsPeriodBound(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isPeriodBound',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: `${String(propertyName)} must be a date (YYYY-MM-DD) or an RFC 3339 date-time with offset`,
        ...options,
      },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && (isValidCalendarDate(value) || isValidDateTime(value)),
      },
    });
}
