import { ValidationOptions, registerDecorator } from 'class-validator';
import { DateTime } from 'luxon';

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

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
          typeof value === 'string' &&
          ((DATE.test(value) && DateTime.fromISO(value, { zone: 'utc' }).isValid) ||
            (RFC3339.test(value) &&
              DateTime.fromISO(value, { setZone: true }).isValid &&
              // Luxon takes offsets such as +24:00 or +00:60 that a JavaScript Date (and PostgreSQL) refuse.
              !Number.isNaN(Date.parse(value)))),
      },
    });
}
