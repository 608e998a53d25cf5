import { ValidateIf } from 'class-validator';

/** May be left out, but when present it is validated, so `null` is refused for a required field. */
export function OptionalNotNull(): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== undefined);
}
