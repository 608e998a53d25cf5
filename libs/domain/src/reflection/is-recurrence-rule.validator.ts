import { registerDecorator, ValidationArguments } from 'class-validator';
import { checkRecurrenceRule } from './check-recurrence-rule';

function reason(value: unknown): string | null {
  if (typeof value !== 'string') return 'must be an RFC 5545 RRULE such as FREQ=MONTHLY;BYDAY=1TU';
  const result = checkRecurrenceRule(value);
  return result.ok ? null : result.reason;
}

/** An RFC 5545 RRULE without DTSTART, at most daily (see checkRecurrenceRule). */
export function IsRecurrenceRule(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isRecurrenceRule',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: (args: ValidationArguments) => `${args.property} ${reason(args.value)}` },
      validator: { validate: (value: unknown) => reason(value) === null },
    });
}
