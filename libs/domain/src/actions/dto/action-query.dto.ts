import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEnum, IsOptional, IsUUID } from 'class-validator';
import { IsCalendarDate } from '../../shared/is-date-time.validator';
import { PageQueryDto } from '../../shared/page-query.dto';
import { IsEnumListFilter } from '../../shared/is-enum-list-filter.validator';
import { ToBoolean } from '../../shared/to-boolean';
import { ActionSort } from '../action-sort';
import { ActionSourceType } from '../action-source-type';
import { ActionStatus } from '../action-status';
import { IsAfter } from '../../shared/is-after.validator';

export class ActionQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Your own organisation (another finds nothing)' })
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @IsEnumListFilter(ActionStatus)
  status?: ActionStatus[];

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  assigneeId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  chainId?: string;

  @IsEnumListFilter(ActionSourceType)
  sourceType?: ActionSourceType[];

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  sourceId?: string;

  @ApiPropertyOptional({
    description: 'true: open actions whose due date has passed (Dutch date); false: all others',
  })
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({ format: 'date', description: 'Due on or after this date' })
  @IsOptional()
  @IsCalendarDate()
  dueFrom?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Due on or before this date' })
  @IsOptional()
  @IsCalendarDate()
  @IsAfter('dueFrom')
  dueTo?: string;

  @ApiPropertyOptional({ enum: ActionSort, default: ActionSort.DueDate })
  @IsOptional()
  @IsEnum(ActionSort)
  sort?: ActionSort;
}
