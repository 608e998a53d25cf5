import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsPeriodBound } from '../incidents/is-period-bound.validator';
import { PageQueryDto } from './page-query.dto';
import { IsAfter } from './is-after.validator';

/** A page of a register that can be limited to the period in which its records were created. */
export class CreatedPeriodQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    type: String,
    description:
      'Created at or after: a date-time, or a date meaning the start of that day in Europe/Amsterdam',
    example: '2026-01-01',
  })
  @IsOptional()
  @IsPeriodBound()
  createdFrom?: string;

  @ApiPropertyOptional({
    type: String,
    description: 'Created before this date-time (exclusive), or up to and including this date',
    example: '2026-03-31',
  })
  @IsOptional()
  @IsPeriodBound()
  @IsAfter('createdFrom')
  createdTo?: string;
}
