import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID, Matches } from 'class-validator';
import { IsDateTime } from '../shared/is-date-time.validator';
import { PageQueryDto } from '../shared/page-query.dto';
import { IsEnumListFilter } from '../shared/is-enum-list-filter.validator';
import { AuditAction } from './audit-action';

export class AuditEventQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'System administrator only; others see their own organisation',
  })
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @ApiPropertyOptional({ example: 'team' })
  @IsOptional()
  @Matches(/^[a-z][a-z-]{0,59}$/, { message: 'entityType must be a kebab-case entity name' })
  entityType?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  entityId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  actorId?: string;

  @IsEnumListFilter(AuditAction)
  action?: AuditAction[];

  @ApiPropertyOptional({ format: 'date-time', description: 'From this moment (inclusive)' })
  @IsOptional()
  @IsDateTime()
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Up to this moment (exclusive)' })
  @IsOptional()
  @IsDateTime()
  to?: string;
}
