import { ApiProperty } from '@nestjs/swagger';
import { ResourceDto } from '../../shared/resource.dto';
import { resourceStamps } from '../../shared/resource-stamps';
import { AgendaItemKind } from '../agenda-item-kind';
import { AgendaItemStatus } from '../agenda-item-status';
import { AgendaItemEntity } from '../agenda-item.entity';

export class AgendaItemDto extends ResourceDto {
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty({ format: 'uuid' }) seriesId!: string;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: "The session; null while it waits in the series' backlog",
  })
  sessionId!: string | null;
  @ApiProperty({ enum: AgendaItemKind }) kind!: AgendaItemKind;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description:
      'The theme, incident, lesson, best practice or action it is about; null for a confidential incident (or a lesson or action drawn from one) the reader may not see, whose title is masked too',
  })
  referenceId!: string | null;
  @ApiProperty() title!: string;
  @ApiProperty({ type: 'integer', minimum: 1 }) timeboxMinutes!: number;
  @ApiProperty({
    nullable: true,
    type: 'integer',
    minimum: 1,
    description: 'Place on the compiled agenda, from 1',
  })
  position!: number | null;
  @ApiProperty({ enum: AgendaItemStatus }) status!: AgendaItemStatus;
  @ApiProperty({ description: 'Counts toward the protected share (themes, lessons, best practices)' })
  learning!: boolean;
  @ApiProperty({ enum: ['manual', 'compiled'] }) origin!: 'manual' | 'compiled';
  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description: 'How often it did not fit and waited for a later session',
  })
  carryOverCount!: number;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) createdById!: string | null;

  static from(this: void, e: AgendaItemEntity): AgendaItemDto {
    return {
      id: e.id,
      organisationId: e.organisationId,
      seriesId: e.seriesId,
      sessionId: e.sessionId,
      kind: e.kind,
      referenceId: e.referenceId,
      title: e.title,
      timeboxMinutes: e.timeboxMinutes,
      position: e.position,
      status: e.status,
      learning: e.learning,
      origin: e.origin,
      carryOverCount: e.carryOverCount,
      createdById: e.createdById,
      ...resourceStamps(e),
    };
  }
}
