import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { normaliseTag } from './normalise-tag';
import { tagPatternMessage } from './tag-pattern-message';
import { TAG_PATTERN } from './tag-pattern';

/** More tags than anything carries: a longer list is a mistake, not a filter. */
const MAX_TAGS = 20;

/**
 * A `tag` filter: one tag or several, comma-separated, any of them matching (as the other list
 * filters). Each is normalised as tags are when stored (so `Digitale Zorg` finds `digitale-zorg`),
 * and refused when it cannot be a tag (an empty `tag=`, `ICT / Data`) rather than read as no
 * filter or as one that finds nothing. Tags hold no commas, so the list is unambiguous.
 */
export function IsTagFilter(what: string): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      type: String,
      isArray: true,
      minItems: 1,
      maxItems: MAX_TAGS,
      style: 'form',
      explode: false,
      description:
        `${what} carrying this tag, or any of these tags, comma-separated (written as when tagging: ` +
        'case, spaces and compatibility forms such as `ﬁ` or full-width letters do not matter; ' +
        'at most 50 characters each)',
    } as Parameters<typeof ApiPropertyOptional>[0]),
    IsOptional(),
    Transform(({ value }) =>
      typeof value === 'string' ? [...new Set(value.split(',').map(normaliseTag))] : value,
    ),
    ArrayMaxSize(MAX_TAGS, { message: `tag takes at most ${MAX_TAGS} tags` }),
    IsString({ each: true }),
    Matches(TAG_PATTERN, { each: true, message: tagPatternMessage('tag') }),
    MaxLength(50, { each: true, message: 'tag must be at most 50 characters each' }),
  );
}
