import { ApiProperty } from '@nestjs/swagger';
import { IsEnum, IsString, MaxLength } from 'class-validator';
import { OrganisationKind } from '../organisation-kind';
import { IsNotBlank } from '../../shared/is-not-blank.validator';
import { NormalisedName } from '../../shared/normalised-name';

export class CreateOrganisationDto {
  @ApiProperty({ maxLength: 200, example: 'Dienst Uitvoering Onderwijs' })
  @NormalisedName()
  @IsString()
  @IsNotBlank()
  @MaxLength(200)
  name!: string;

  @ApiProperty({ enum: OrganisationKind })
  @IsEnum(OrganisationKind)
  kind!: OrganisationKind;
}
