import { Transform } from 'class-transformer';

/**
 * A query parameter written as exactly `digits` decimal digits becomes a number. Anything else
 * (hex 0x7EA, binary 0b…, 1e0, 2.0, a sign, spaces, a repeated parameter) stays as it came and so
 * fails @IsInt, where Number() would have read each of them as a valid integer.
 */
export function FromDecimalDigits(digits: number): PropertyDecorator {
  const plainDigits = new RegExp(`^[0-9]{${digits}}$`);
  return Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && plainDigits.test(value) ? Number(value) : value,
  );
}
