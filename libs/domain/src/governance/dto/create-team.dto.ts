import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { IsNotBlank } from '../../shared/is-not-blank.validator';
import { NormalisedName } from '../../shared/normalised-name';

export class CreateTeamDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Defaults to your own organisation' })
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @ApiProperty({ maxLength: 200 })
  @NormalisedName()
  @IsString()
  @IsNotBlank()
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({ maxLength: 2000, nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string | null;
}
