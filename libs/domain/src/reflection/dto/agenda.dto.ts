import { ApiProperty } from '@nestjs/swagger';
import { SessionStatus } from '../session-status';
import { AgendaItemDto } from './agenda-item.dto';

/** A session's agenda: its items in order with their timeboxes, and how the time is shared. */
export class AgendaDto {
  @ApiProperty({ format: 'uuid' }) sessionId!: string;
  @ApiProperty({ format: 'uuid' }) seriesId!: string;
  @ApiProperty({ enum: SessionStatus }) status!: SessionStatus;
  @ApiProperty({ format: 'date-time' }) scheduledAt!: Date;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) agendaCompiledAt!: Date | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) agendaSentAt!: Date | null;
  @ApiProperty({ type: 'integer', description: 'Length of the session' }) sessionMinutes!: number;
  @ApiProperty({ type: 'integer', description: 'Minutes reserved for learning items (the protected share)' })
  protectedMinutes!: number;
  @ApiProperty({ type: 'integer', description: 'Sum of the timeboxes' }) totalMinutes!: number;
  @ApiProperty({ type: 'integer', description: 'Sum of the timeboxes of learning items' })
  learningMinutes!: number;
  @ApiProperty({ type: [AgendaItemDto] }) items!: AgendaItemDto[];
}
