import { registerDecorator, ValidationArguments } from 'class-validator';
import { periodBound } from '../incidents/period-bound';

/**
 * The end of a period filter (`…To`) lies after its start (`fromProperty`): a reversed or empty
 * period is a mistake worth a 400, not an empty page. Dates and date-times are compared as the
 * instants they stand for (periodBound); a bound that is not one is left to its own validator.
 */
export function IsNotBefore(fromProperty: string): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isNotBefore',
      target: target.constructor,
      propertyName: propertyName as string,
      constraints: [fromProperty],
      options: { message: `${String(propertyName)} must not be before ${fromProperty}` },
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
