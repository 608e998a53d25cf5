import { ValidationOptions, registerDecorator } from 'class-validator';
import { hasVisibleText } from './has-visible-text';

/** A string with more than white space (or invisible characters) in it: a title of spaces says nothing. */
export function IsNotBlank(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isNotBlank',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: `${String(propertyName)} must contain more than spaces`, ...options },
      validator: { validate: (value: unknown) => typeof value === 'string' && hasVisibleText(value) },
    });
}
