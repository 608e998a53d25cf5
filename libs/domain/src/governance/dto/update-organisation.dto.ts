import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsString, MaxLength } from 'class-validator';
import { OptionalNotNull } from '../../shared/optional-not-null';
import { VersionDto } from '../../shared/version.dto';
import { OrganisationKind } from '../organisation-kind';
import { IsNotBlank } from '../../shared/is-not-blank.validator';
import { NormalisedName } from '../../shared/normalised-name';

export class UpdateOrganisationDto extends VersionDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @OptionalNotNull()
  @NormalisedName()
  @IsString()
  @IsNotBlank()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ enum: OrganisationKind })
  @OptionalNotNull()
  @IsEnum(OrganisationKind)
  kind?: OrganisationKind;
}
