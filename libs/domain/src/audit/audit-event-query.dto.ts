import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { IsPeriodBound } from '../incidents/is-period-bound.validator';
import { IsAfter } from '../shared/is-after.validator';
import { PageQueryDto } from '../shared/page-query.dto';
import { IsEnumListFilter } from '../shared/is-enum-list-filter.validator';
import { AuditAction } from './audit-action';
import { AuditEntityType } from './audit-entity-type';

export class AuditEventQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'System administrator only; others see their own organisation',
  })
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @IsEnumListFilter(AuditEntityType)
  entityType?: AuditEntityType[];

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

  @ApiPropertyOptional({
    type: String,
    description: 'From this date-time (inclusive), or from the start of this date in Europe/Amsterdam',
    example: '2026-01-01',
  })
  @IsOptional()
  @IsPeriodBound()
  from?: string;

  @ApiPropertyOptional({
    type: String,
    description: 'Before this date-time (exclusive), or up to and including this date',
    example: '2026-03-31',
  })
  @IsOptional()
  @IsPeriodBound()
  @IsAfter('from')
  to?: string;
}
