import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { IsDateTime } from '../../shared/is-date-time.validator';
import { IsNotBlank } from '../../shared/is-not-blank.validator';

export class CreateApiTokenDto {
  @ApiProperty({ maxLength: 100, example: 'kwartaalrapportage' })
  @IsString()
  @IsNotBlank()
  @MaxLength(100)
  name!: string;

  @ApiPropertyOptional({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'The token stops working at this moment; null or left out: never',
  })
  @IsOptional()
  @IsDateTime()
  expiresAt?: string | null;
}
