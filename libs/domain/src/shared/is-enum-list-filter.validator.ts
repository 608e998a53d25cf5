import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional } from 'class-validator';

/**
 * A filter on an enumeration that takes one value or several, comma-separated
 * (`severity=high,critical`: any of them matches). It reaches the service as a list of distinct
 * values; one that is not the enumeration's, or empty (`severity=`, `high,`), is refused and named.
 */
export function IsEnumListFilter(
  enumeration: Record<string, string> | readonly string[],
  description?: string,
): PropertyDecorator {
  const allowed: string[] = Array.isArray(enumeration) ? [...enumeration] : Object.values(enumeration);
  return applyDecorators(
    ApiPropertyOptional({
      enum: allowed,
      isArray: true,
      minItems: 1,
      // A comma-separated list in one parameter (a repeated parameter is refused).
      style: 'form',
      explode: false,
      description: [description, 'One value or several, comma-separated: any of them matches.']
        .filter(Boolean)
        .join('. '),
    } as Parameters<typeof ApiPropertyOptional>[0]),
    IsOptional(),
    // The simple query parser gives a string, or an array for a repeated parameter (refused before).
    Transform(({ value }) => (typeof value === 'string' ? [...new Set(value.split(','))] : value)),
    IsIn(allowed, {
      each: true,
      message: ({ property, value }) => {
        const wrong = (Array.isArray(value) ? value : [value]).filter((v) => !allowed.includes(v as string));
        const named = wrong.map((v) => (v === '' ? 'an empty value' : JSON.stringify(v))).join(', ');
        return `${property} has ${named}: each value must be one of ${allowed.join(', ')} (comma-separated, no spaces)`;
      },
    }),
  );
}
