import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsString, Matches, MaxLength } from 'class-validator';
import { normaliseTag } from './normalise-tag';
import { TAG_PATTERN } from './tag-pattern';
import { tagPatternMessage } from './tag-pattern-message';

/**
 * At most 20 tags of at most 50 characters, words of letters and digits joined by hyphens. Tags
 * are taken as people type them (normaliseTag): compatibility forms as the plain characters,
 * trimmed, lower-cased, inner spaces as hyphens, duplicates dropped. A value that is not an array
 * of strings is left alone, so the validators refuse it.
 */
export function IsTagList(): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }) => {
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) return value;
      return [...new Set(value.map(normaliseTag))];
    }),
    IsArray(),
    ArrayMaxSize(20),
    IsString({ each: true }),
    MaxLength(50, { each: true }),
    Matches(TAG_PATTERN, { each: true, message: tagPatternMessage('tags') }),
  );
}
