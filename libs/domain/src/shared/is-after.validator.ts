import { registerDecorator, ValidationArguments } from 'class-validator';
import { periodBound } from '../incidents/period-bound';

/**
 * The end of a period filter (`…To`) lies after its start (`fromProperty`): a reversed or empty
 * period is a mistake worth a 400, not an empty page, and the message says so for both (equal
 * bounds are not "before"). Dates and date-times are compared as the instants they stand for
 * (periodBound: one date in both is a whole day); a bound that is not one is left to its own
 * validator.
 */
export function IsAfter(fromProperty: string): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isAfter',
      target: target.constructor,
      propertyName: propertyName as string,
      constraints: [fromProperty],
      options: { message: `${String(propertyName)} must be after ${fromProperty}` },
      validator: {
        validate(value: unknown, args: ValidationArguments): boolean {
          const from = (args.object as Record<string, unknown>)[fromProperty];
          if (typeof value !== 'string' || typeof from !== 'string') return true;
          const [start, end] = [periodBound(from, 'from'), periodBound(value, 'to')];
          if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) return true;
          return end > start;
        },
      },
    });
}
