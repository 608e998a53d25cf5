import { ApiProperty } from '@nestjs/swagger';
import { IsEnum, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { OrganisationKind } from '../organisation-kind';

export class CreateOrganisationDto {
  @ApiProperty({ maxLength: 200, example: 'Dienst Uitvoering Onderwijs' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiProperty({ enum: OrganisationKind })
  @IsEnum(OrganisationKind)
  kind!: OrganisationKind;
}
