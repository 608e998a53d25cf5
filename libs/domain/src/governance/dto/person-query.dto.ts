import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { AccessRole } from '../../access/access-role';
import { PageQueryDto } from '../../shared/page-query.dto';

export class PersonQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  teamId?: string;

  @ApiPropertyOptional({ enum: AccessRole })
  @IsOptional()
  @IsEnum(AccessRole)
  accessRole?: AccessRole;

  @ApiPropertyOptional({ description: 'Part of the name or e-mail address', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string;
}
