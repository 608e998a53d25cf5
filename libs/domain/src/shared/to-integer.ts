import { Transform } from 'class-transformer';

/**
 * Query strings carry plain decimal integers ("12", "-1"); anything else ("1e3", "0x10", " 5", "")
 * stays as is and fails @IsInt, where Number() would have read it as some number.
 */
export function ToInteger(): PropertyDecorator {
  return Transform(({ value }) =>
    typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value,
  );
}
