import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsArray, IsIn, IsOptional } from 'class-validator';

/**
 * A filter on an enumeration that takes one value or several, comma-separated
 * (`severity=high,critical`: either of them). It reaches the service as a list of distinct
 * values; one that is not the enumeration's, or empty (`severity=`, `high,`), is refused and named.
 */
export function IsEnumListFilter(
  enumeration: Record<string, string>,
  description?: string,
): PropertyDecorator {
  const allowed = Object.values(enumeration);
  return applyDecorators(
    ApiPropertyOptional({
      enum: allowed,
      isArray: true,
      // A comma-separated list in one parameter (a repeated parameter is refused).
      style: 'form',
      explode: false,
      description: [description, 'One value or several, comma-separated: either matches.']
        .filter(Boolean)
        .join('. '),
    } as Parameters<typeof ApiPropertyOptional>[0]),
    IsOptional(),
    Transform(({ value }) => (typeof value === 'string' ? [...new Set(value.split(','))] : value)),
    IsArray(),
    IsIn(allowed, {
      each: true,
      message: ({ property }) => `${property} must be one or more of ${allowed.join(', ')}, comma-separated`,
    }),
  );
}
