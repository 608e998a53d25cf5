import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';
import { PageQueryDto } from '../../shared/page-query.dto';
import { IsEnumListFilter } from '../../shared/is-enum-list-filter.validator';
import { ToBoolean } from '../../shared/to-boolean';
import { ChainRole } from '../chain-role';

export class RoleAssignmentQueryDto extends PageQueryDto {
  @IsEnumListFilter(ChainRole)
  role?: ChainRole[];

  @ApiPropertyOptional({ description: 'Only assignments valid today (true) or not valid today (false)' })
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  current?: boolean;
}
