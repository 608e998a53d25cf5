import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../shared/page-query.dto';
import { IsEnumListFilter } from '../../shared/is-enum-list-filter.validator';
import { OrganisationKind } from '../organisation-kind';
import { NormalisedName } from '../../shared/normalised-name';

export class OrganisationQueryDto extends PageQueryDto {
  @IsEnumListFilter(OrganisationKind)
  kind?: OrganisationKind[];

  @ApiPropertyOptional({ description: 'Part of the name', maxLength: 200 })
  @IsOptional()
  @NormalisedName()
  @IsString()
  @MaxLength(200)
  name?: string;
}
