import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsString, Matches, MaxLength } from 'class-validator';
import { normaliseTag } from './normalise-tag';
import { TAG_PATTERN } from './tag-pattern';

/**
 * A `tag` filter: normalised as tags are when stored (so `Digitale Zorg` finds `digitale-zorg`),
 * and refused when it cannot be a tag (an empty `tag=`, `ICT / Data`) rather than read as no
 * filter or as one that finds nothing.
 */
export function IsTagFilter(): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }) => (typeof value === 'string' ? normaliseTag(value) : value)),
    IsString(),
    Matches(TAG_PATTERN, { message: 'tag must be lower case words joined by hyphens' }),
    MaxLength(50),
  );
}
