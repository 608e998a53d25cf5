import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';
import { ToBoolean } from '../../shared/to-boolean';
import { ToInteger } from '../../shared/to-integer';

export class SimilarIncidentQueryDto {
  @ApiPropertyOptional({
    type: 'boolean',
    default: true,
    description:
      'true: only earlier incidents with a validated or embedded lesson (the evidence of a recurrence); ' +
      'false: every resembling incident',
  })
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  withLessonsOnly: boolean = true;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 50, default: 10 })
  @IsOptional()
  @ToInteger()
  @IsInt()
  @Min(1)
  @Max(50)
  limit: number = 10;
}
