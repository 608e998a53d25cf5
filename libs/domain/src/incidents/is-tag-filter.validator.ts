import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { normaliseTag } from './normalise-tag';

/**
 * A `tag` filter: normalised as tags are when stored (so `Digitale Zorg` finds `digitale-zorg`),
 * and not empty (an empty `tag=` is refused rather than read as no filter).
 */
export function IsTagFilter(): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }) => (typeof value === 'string' ? normaliseTag(value) : value)),
    IsString(),
    IsNotEmpty(),
    MaxLength(50),
  );
}
