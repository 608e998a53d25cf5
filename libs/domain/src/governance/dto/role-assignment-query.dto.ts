import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEnum, IsOptional } from 'class-validator';
import { PageQueryDto } from '../../shared/page-query.dto';
import { ToBoolean } from '../../shared/to-boolean';
import { ChainRole } from '../chain-role';

export class RoleAssignmentQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ChainRole })
  @IsOptional()
  @IsEnum(ChainRole)
  role?: ChainRole;

  @ApiPropertyOptional({ description: 'Only assignments valid today (true) or not valid today (false)' })
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  current?: boolean;
}
