import { ValidationArguments, registerDecorator } from 'class-validator';

/** Secrets copied from the README or the compose file ("change-me…") are known to everyone. */
const EXAMPLE = /change-?me/i;

/** In production a secret must not be one of the documented examples. */
export function NotAnExampleInProduction(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'notAnExampleInProduction',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: `${String(propertyName)} must not be an example value in production: choose a secret`,
      },
      validator: {
        validate: (value: unknown, args: ValidationArguments) =>
          (args.object as { NODE_ENV?: string }).NODE_ENV !== 'production' ||
          typeof value !== 'string' ||
          !EXAMPLE.test(value),
      },
    });
}
