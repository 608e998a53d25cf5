import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { FromDecimalDigits } from '../from-decimal-digits';
import { ReportFormatQueryDto } from './report-format-query.dto';

export class QuarterlyReportQueryDto extends ReportFormatQueryDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Defaults to your own organisation',
  })
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @ApiProperty({ type: 'integer', minimum: 2000, maximum: 2100, example: 2026 })
  @FromDecimalDigits(4)
  @IsInt({ message: 'year must be written as four decimal digits, e.g. 2026' })
  @Min(2000)
  @Max(2100)
  year!: number;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 4, example: 1 })
  @FromDecimalDigits(1)
  @IsInt({ message: 'quarter must be written as one decimal digit, 1 to 4' })
  @Min(1)
  @Max(4)
  quarter!: number;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only the records of this chain' })
  @IsOptional()
  @IsUUID()
  chainId?: string;
}
