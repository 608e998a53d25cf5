import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { IsDateTime } from '../../shared/is-date-time.validator';

export class CreateBestPracticeAdoptionDto {
  @ApiProperty({ format: 'uuid', description: 'The team that adopted it (of the same organisation)' })
  @IsUUID()
  teamId!: string;

  @ApiProperty({
    format: 'date-time',
    description: 'When it was adopted; not in the future, nor before the best practice was endorsed',
  })
  @IsDateTime()
  adoptedAt!: string;

  @ApiPropertyOptional({ maxLength: 20000, default: '', description: 'What adopting it brought' })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  result?: string;
}
