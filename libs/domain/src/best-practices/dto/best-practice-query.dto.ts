import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { CreatedPeriodQueryDto } from '../../shared/created-period-query.dto';
import { IsEnumListFilter } from '../../shared/is-enum-list-filter.validator';
import { BestPracticeSort } from '../best-practice-sort';
import { BestPracticeStatus } from '../best-practice-status';
import { IsTagFilter } from '../../incidents/is-tag-filter.validator';
import { IsNotBlank } from '../../shared/is-not-blank.validator';
import { SEARCH_QUERY_RULES } from '../../shared/search-query-rules';

export class BestPracticeQueryDto extends CreatedPeriodQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Your own organisation (another finds nothing)' })
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @ApiPropertyOptional({
    maxLength: 200,
    description:
      'Dutch full-text search in title, context, practice and evidence; best match first. ' +
      SEARCH_QUERY_RULES,
    example: 'aanvragen',
  })
  @IsOptional()
  @IsString()
  @IsNotBlank()
  @MaxLength(200)
  q?: string;

  @IsEnumListFilter(BestPracticeStatus)
  status?: BestPracticeStatus[];

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  chainId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  teamId?: string;

  @IsTagFilter('Best practices')
  tag?: string[];

  @ApiPropertyOptional({
    enum: BestPracticeSort,
    description:
      'A leading "-" sorts descending. relevance needs a search text in q (400 without it). ' +
      'Default: relevance with q, otherwise -createdAt',
  })
  @IsOptional()
  @IsEnum(BestPracticeSort)
  sort?: BestPracticeSort;
}
