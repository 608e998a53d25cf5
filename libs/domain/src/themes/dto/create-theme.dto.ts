import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { IsNotBlank } from '../../shared/is-not-blank.validator';

export class CreateThemeDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Defaults to your own organisation' })
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @ApiProperty({ maxLength: 300, example: 'Vakmanschap in de uitvoering' })
  @IsString()
  @IsNotBlank()
  @MaxLength(300)
  title!: string;

  @ApiPropertyOptional({ maxLength: 20000, default: '' })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  description?: string;

  @ApiProperty({ format: 'uuid', description: 'The person who keeps the theme going (same organisation)' })
  @IsUUID()
  ownerId!: string;

  @ApiPropertyOptional({ default: true, description: 'Active themes get time on reflection agendas' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}
