import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsDateTime } from '../../shared/is-date-time.validator';
import { PageQueryDto } from '../../shared/page-query.dto';
import { IsEnumListFilter } from '../../shared/is-enum-list-filter.validator';
import { SessionStatus } from '../session-status';

export class ReflectionSessionQueryDto extends PageQueryDto {
  @IsEnumListFilter(SessionStatus)
  status?: SessionStatus[];

  @ApiPropertyOptional({ format: 'date-time', description: 'Sessions starting at or after this moment' })
  @IsOptional()
  @IsDateTime()
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Sessions starting before this moment' })
  @IsOptional()
  @IsDateTime()
  to?: string;
}
