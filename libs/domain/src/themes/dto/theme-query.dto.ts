import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsUUID } from 'class-validator';
import { PageQueryDto } from '../../shared/page-query.dto';
import { ToBoolean } from '../../shared/to-boolean';

export class ThemeQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'System administrator only; others see their own' })
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  ownerId?: string;
}
