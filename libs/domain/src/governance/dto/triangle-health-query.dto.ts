import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsCalendarDate } from '../../shared/is-date-time.validator';

export class TriangleHealthQueryDto {
  @ApiPropertyOptional({ format: 'date', description: 'The day to judge; defaults to today' })
  @IsOptional()
  @IsCalendarDate()
  on?: string;
}
