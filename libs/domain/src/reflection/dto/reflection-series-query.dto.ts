import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../shared/page-query.dto';
import { IsEnumListFilter } from '../../shared/is-enum-list-filter.validator';
import { ToBoolean } from '../../shared/to-boolean';
import { SeriesKind } from '../series-kind';

export class ReflectionSeriesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Your own organisation (another finds nothing)',
  })
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  chainId?: string;

  @IsEnumListFilter(SeriesKind)
  kind?: SeriesKind[];

  @ApiPropertyOptional({ format: 'uuid', description: 'Series this person chairs or takes part in' })
  @IsOptional()
  @IsUUID()
  personId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ maxLength: 200, description: 'Part of the title' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  title?: string;
}
