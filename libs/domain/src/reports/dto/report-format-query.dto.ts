import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsOptional } from 'class-validator';
import { ReportFormat } from '../report-format';

export class ReportFormatQueryDto {
  @ApiPropertyOptional({
    enum: ReportFormat,
    description:
      'Representation, for links and browsers that cannot set Accept; overrides the Accept header ' +
      '(application/json, text/csv or text/html).',
  })
  @IsOptional()
  @IsEnum(ReportFormat)
  format?: ReportFormat;
}
