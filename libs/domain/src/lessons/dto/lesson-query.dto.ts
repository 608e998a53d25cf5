import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEnum, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { CreatedPeriodQueryDto } from '../../shared/created-period-query.dto';
import { ToBoolean } from '../../shared/to-boolean';
import { IsEnumListFilter } from '../../shared/is-enum-list-filter.validator';
import { AddressedRole } from '../addressed-role';
import { LessonSort } from '../lesson-sort';
import { LessonSourceType } from '../lesson-source-type';
import { LessonStatus } from '../lesson-status';
import { IsNotBlank } from '../../shared/is-not-blank.validator';
import { SEARCH_QUERY_RULES } from '../../shared/search-query-rules';

export class LessonQueryDto extends CreatedPeriodQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Your own organisation (another finds nothing)' })
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  chainId?: string;

  @IsEnumListFilter(LessonStatus)
  status?: LessonStatus[];

  @IsEnumListFilter(AddressedRole)
  addressedRole?: AddressedRole[];

  @IsEnumListFilter(LessonSourceType)
  sourceType?: LessonSourceType[];

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  sourceId?: string;

  @ApiPropertyOptional({
    description: 'Embedded lessons whose effectiveness re-check is due (recheckAt passed)',
  })
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  recheckDue?: boolean;

  @ApiPropertyOptional({
    maxLength: 200,
    description:
      'Dutch full-text search in title, observation, insight and recommendation. ' + SEARCH_QUERY_RULES,
  })
  @IsOptional()
  @IsString()
  @IsNotBlank()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({
    enum: LessonSort,
    description:
      'A leading "-" sorts descending. relevance needs a search text in q (400 without it). ' +
      'Default: relevance with q, otherwise -createdAt',
  })
  @IsOptional()
  @IsEnum(LessonSort)
  sort?: LessonSort;
}
