import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsDateTime } from '../../shared/is-date-time.validator';
import { RecheckOutcome } from '../recheck-outcome';

export class CreateLessonRecheckDto {
  @ApiProperty({ enum: RecheckOutcome, description: 'Did the lesson stick?' })
  @IsEnum(RecheckOutcome)
  outcome!: RecheckOutcome;

  @ApiPropertyOptional({ maxLength: 20000, default: '' })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  note?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'When it was checked; defaults to now' })
  @IsOptional()
  @IsDateTime()
  checkedAt?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    nullable: true,
    type: String,
    description:
      'When to check again, at most ten years ahead; null: not again. Left out: six months from now when it was not (fully) effective, not again when it was',
  })
  @IsOptional()
  @IsDateTime()
  nextRecheckAt?: string | null;
}
