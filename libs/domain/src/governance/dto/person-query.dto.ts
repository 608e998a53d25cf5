import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { AccessRole } from '../../access/access-role';
import { PageQueryDto } from '../../shared/page-query.dto';
import { IsEnumListFilter } from '../../shared/is-enum-list-filter.validator';
import { ToBoolean } from '../../shared/to-boolean';
import { NormalisedName } from '../../shared/normalised-name';

export class PersonQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  teamId?: string;

  @IsEnumListFilter(AccessRole)
  accessRole?: AccessRole[];

  @ApiPropertyOptional({ description: 'Only people still active (true) or who left (false)' })
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ description: 'Part of the name or e-mail address', maxLength: 200 })
  @IsOptional()
  @NormalisedName()
  @IsString()
  @MaxLength(200)
  name?: string;
}
