import { ApiProperty } from '@nestjs/swagger';
import { AuditAction } from './audit-action';
import { AuditEntityType } from './audit-entity-type';
import { AuditEventEntity } from './audit-event.entity';

export class AuditEventDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) organisationId!: string | null;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'The person who made the change',
  })
  actorId!: string | null;
  @ApiProperty({ enum: AuditEntityType, example: 'team' }) entityType!: string;
  @ApiProperty({ format: 'uuid' }) entityId!: string;
  @ApiProperty({ enum: AuditAction }) action!: AuditAction;
  @ApiProperty({
    description: 'Changed fields with their value before and after',
    type: 'object',
    additionalProperties: { type: 'object', properties: { from: {}, to: {} } },
  })
  changes!: Record<string, { from: unknown; to: unknown }>;
  @ApiProperty({ nullable: true, type: String }) requestId!: string | null;
  @ApiProperty({ format: 'date-time' }) occurredAt!: Date;

  static from(this: void, e: AuditEventEntity): AuditEventDto {
    return {
      id: e.id,
      organisationId: e.organisationId,
      actorId: e.actorId,
      entityType: e.entityType,
      entityId: e.entityId,
      action: e.action,
      changes: e.changes,
      requestId: e.requestId,
      occurredAt: e.occurredAt,
    };
  }
}
