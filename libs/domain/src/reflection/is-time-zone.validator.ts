import { ValidationOptions, registerDecorator } from 'class-validator';
import { IANAZone } from 'luxon';

/** An IANA time zone name such as Europe/Amsterdam. */
export function IsTimeZone(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isTimeZone',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: `${String(propertyName)} must be an IANA time zone such as Europe/Amsterdam`,
        ...options,
      },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && value.length <= 64 && IANAZone.isValidZone(value),
      },
    });
}
