import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { ReportFormatQueryDto } from './report-format-query.dto';

export class QuarterlyReportQueryDto extends ReportFormatQueryDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Defaults to your own organisation; required for the system administrator',
  })
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @ApiProperty({ type: 'integer', minimum: 2000, maximum: 2100, example: 2026 })
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year!: number;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 4, example: 1 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(4)
  quarter!: number;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only the records of this chain' })
  @IsOptional()
  @IsUUID()
  chainId?: string;
}
