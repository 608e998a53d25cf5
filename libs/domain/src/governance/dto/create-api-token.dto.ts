import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsDateTime } from '../../shared/is-date-time.validator';

export class CreateApiTokenDto {
  @ApiProperty({ maxLength: 100, example: 'kwartaalrapportage' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name!: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'The token stops working at this moment' })
  @IsOptional()
  @IsDateTime()
  expiresAt?: string;
}
