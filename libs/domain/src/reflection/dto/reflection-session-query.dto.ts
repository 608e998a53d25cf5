import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsPeriodBound } from '../../incidents/is-period-bound.validator';
import { PageQueryDto } from '../../shared/page-query.dto';
import { IsEnumListFilter } from '../../shared/is-enum-list-filter.validator';
import { SessionStatus } from '../session-status';

export class ReflectionSessionQueryDto extends PageQueryDto {
  @IsEnumListFilter(SessionStatus)
  status?: SessionStatus[];

  @ApiPropertyOptional({
    type: String,
    description:
      "Sessions starting at or after this date-time, or from the start of this date in the series' time zone",
    example: '2026-01-01',
  })
  @IsOptional()
  @IsPeriodBound()
  from?: string;

  @ApiPropertyOptional({
    type: String,
    description:
      'Sessions starting before this date-time (exclusive), or up to and including this date; not before from ' +
      "(dates are days in the series' time zone)",
    example: '2026-03-31',
  })
  @IsOptional()
  @IsPeriodBound()
  to?: string;
}
