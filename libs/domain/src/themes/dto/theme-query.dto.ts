import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEnum, IsOptional, IsUUID } from 'class-validator';
import { PageQueryDto } from '../../shared/page-query.dto';
import { ToBoolean } from '../../shared/to-boolean';
import { ThemeSort } from '../theme-sort';

export class ThemeQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Your own organisation (another finds nothing)' })
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

  @ApiPropertyOptional({
    enum: ThemeSort,
    description:
      'A leading "-" sorts descending. Default: agenda (active first, then the least recently discussed)',
  })
  @IsOptional()
  @IsEnum(ThemeSort)
  sort?: ThemeSort;
}
