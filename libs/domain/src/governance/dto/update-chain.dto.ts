import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { OptionalNotNull } from '../../shared/optional-not-null';
import { VersionDto } from '../../shared/version.dto';
import { IsNotBlank } from '../../shared/is-not-blank.validator';
import { NormalisedName } from '../../shared/normalised-name';

export class UpdateChainDto extends VersionDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @OptionalNotNull()
  @NormalisedName()
  @IsString()
  @IsNotBlank()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ maxLength: 4000, nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  description?: string | null;
}
