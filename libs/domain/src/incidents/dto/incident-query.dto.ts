import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEnum, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../shared/page-query.dto';
import { ToBoolean } from '../../shared/to-boolean';
import { CauseLevel } from '../cause-level';
import { Confidentiality } from '../confidentiality';
import { IncidentSort } from '../incident-sort';
import { IncidentSource } from '../incident-source';
import { IncidentStatus } from '../incident-status';
import { IsPeriodBound } from '../is-period-bound.validator';
import { PublicAttention } from '../public-attention';
import { Severity } from '../severity';
import { IsTagFilter } from '../is-tag-filter.validator';
import { IsNotBlank } from '../../shared/is-not-blank.validator';
import { SEARCH_QUERY_RULES } from '../../shared/search-query-rules';
import { IsEnumListFilter } from '../../shared/is-enum-list-filter.validator';
import { IsAfter } from '../../shared/is-after.validator';

export class IncidentQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Your own organisation (another finds nothing)' })
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  chainId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  teamId?: string;

  @IsEnumListFilter(IncidentStatus)
  status?: IncidentStatus[];

  @IsEnumListFilter(Severity)
  severity?: Severity[];

  @IsEnumListFilter(PublicAttention)
  publicAttention?: PublicAttention[];

  @IsEnumListFilter(CauseLevel)
  causeLevel?: CauseLevel[];

  @IsEnumListFilter(IncidentSource)
  source?: IncidentSource[];

  @IsTagFilter('Incidents')
  tag?: string[];

  @IsEnumListFilter(Confidentiality)
  confidentiality?: Confidentiality[];

  @ApiPropertyOptional({ description: 'Only incidents flagged as "seen before" (true) or not (false)' })
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  recurrence?: boolean;

  @ApiPropertyOptional({
    type: String,
    description:
      'Reported at or after: a date-time, or a date meaning the start of that day in Europe/Amsterdam',
    example: '2026-01-01',
  })
  @IsOptional()
  @IsPeriodBound()
  reportedFrom?: string;

  @ApiPropertyOptional({
    type: String,
    description: 'Reported before this date-time (exclusive), or up to and including this date',
    example: '2026-03-31',
  })
  @IsOptional()
  @IsPeriodBound()
  @IsAfter('reportedFrom')
  reportedTo?: string;

  @ApiPropertyOptional({
    maxLength: 200,
    description: 'Dutch full-text search in title and description. ' + SEARCH_QUERY_RULES,
    example: 'fiets',
  })
  @IsOptional()
  @IsString()
  @IsNotBlank()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({
    enum: IncidentSort,
    description:
      'A leading "-" sorts descending. relevance needs a search text in q (400 without it). ' +
      'Default: relevance with q, otherwise -reportedAt',
  })
  @IsOptional()
  @IsEnum(IncidentSort)
  sort?: IncidentSort;
}
