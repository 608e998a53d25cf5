import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../shared/page-query.dto';
import { OrganisationKind } from '../organisation-kind';

export class OrganisationQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: OrganisationKind })
  @IsOptional()
  @IsEnum(OrganisationKind)
  kind?: OrganisationKind;

  @ApiPropertyOptional({ description: 'Part of the name', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string;
}
