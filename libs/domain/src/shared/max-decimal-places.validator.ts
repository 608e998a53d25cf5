import { ValidationOptions, registerDecorator } from 'class-validator';

/** Decimal places of a number as JavaScript writes it, also in exponent form (1e-7 has 7). */
function decimalPlaces(value: number): number {
  const [mantissa, exponent = '0'] = String(value).toLowerCase().split('e');
  const fraction = mantissa.split('.')[1]?.length ?? 0;
  return Math.max(0, fraction - Number(exponent));
}

/**
 * A finite number with at most `places` decimals. class-validator's `maxDecimalPlaces` throws on
 * numbers written in exponent form (`1e-7`), which made such a body a 500.
 */
export function MaxDecimalPlaces(places: number, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'maxDecimalPlaces',
      target: target.constructor,
      propertyName: propertyName as string,
      constraints: [{ maxDecimalPlaces: places }],
      options: { message: `${String(propertyName)} must have at most ${places} decimals`, ...options },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'number' && Number.isFinite(value) && decimalPlaces(value) <= places,
      },
    });
}
