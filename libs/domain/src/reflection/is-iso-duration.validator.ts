import { registerDecorator, ValidationArguments } from 'class-validator';
import { checkIsoDuration } from './check-iso-duration';

/**
 * An ISO 8601 duration, positive (at least `least`, when given) and at most 60 days (`P3D`,
 * `PT1H`, `PT5M`); with `each` for arrays.
 */
export function IsIsoDuration(
  options: { each?: boolean; least?: { minutes: number; why: string } } = {},
): PropertyDecorator {
  const check = (value: unknown) => checkIsoDuration(value, options.least);
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isIsoDuration',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        each: options.each,
        message: (args: ValidationArguments) => {
          const values: unknown[] = options.each && Array.isArray(args.value) ? args.value : [args.value];
          // Every bad value of a list, each once.
          const bad = [...new Set(values.map(check).filter((r) => r !== null))];
          return `${args.property} ${bad.length ? bad.join('; ') : 'must be an ISO 8601 duration'}`;
        },
      },
      validator: { validate: (value: unknown) => check(value) === null },
    });
}
