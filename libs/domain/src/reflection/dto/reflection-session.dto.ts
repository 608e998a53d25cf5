import { ApiProperty } from '@nestjs/swagger';
import { ResourceDto } from '../../shared/resource.dto';
import { resourceStamps } from '../../shared/resource-stamps';
import { ReflectionSessionEntity } from '../reflection-session.entity';
import { SessionStatus } from '../session-status';

export class ReflectionSessionDto extends ResourceDto {
  @ApiProperty({ format: 'uuid' }) seriesId!: string;
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty({
    format: 'date-time',
    description: "The rule's occurrence this session stands for; stays put when the session moves",
  })
  occurrenceStart!: Date;
  @ApiProperty({ format: 'date-time', description: 'When it takes place (after a holiday move)' })
  scheduledAt!: Date;
  @ApiProperty({ format: 'date-time' }) endsAt!: Date;
  @ApiProperty({ enum: SessionStatus }) status!: SessionStatus;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'The postponed session this one replaces',
  })
  rescheduledFromId!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) postponedTo!: Date | null;
  @ApiProperty({ nullable: true, type: String, description: 'Why it was postponed or cancelled' })
  statusReason!: string | null;
  @ApiProperty({ nullable: true, type: String }) minutes!: string | null;
  @ApiProperty({ type: [String] }) decisions!: string[];
  @ApiProperty({ type: [String], format: 'uuid' }) attendeeIds!: string[];
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) agendaCompiledAt!: Date | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) agendaSentAt!: Date | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) outcomeRecordedAt!: Date | null;
  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description: 'iCalendar SEQUENCE: rises with every change a calendar must pick up',
  })
  icalSequence!: number;

  static from(this: void, e: ReflectionSessionEntity): ReflectionSessionDto {
    return {
      id: e.id,
      seriesId: e.seriesId,
      organisationId: e.organisationId,
      occurrenceStart: e.occurrenceStart,
      scheduledAt: e.scheduledAt,
      endsAt: e.endsAt,
      status: e.status,
      rescheduledFromId: e.rescheduledFromId,
      postponedTo: e.postponedTo,
      statusReason: e.statusReason,
      minutes: e.minutes,
      decisions: e.decisions,
      attendeeIds: e.attendeeIds,
      agendaCompiledAt: e.agendaCompiledAt,
      agendaSentAt: e.agendaSentAt,
      outcomeRecordedAt: e.outcomeRecordedAt,
      icalSequence: e.icalSequence,
      ...resourceStamps(e),
    };
  }
}
