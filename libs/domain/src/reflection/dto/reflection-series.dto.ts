import { ApiProperty } from '@nestjs/swagger';
import { ResourceDto } from '../../shared/resource.dto';
import { resourceStamps } from '../../shared/resource-stamps';
import { ReflectionSeriesEntity } from '../reflection-series.entity';
import { SeriesKind } from '../series-kind';

export class ReflectionSeriesDto extends ResourceDto {
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) chainId!: string | null;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: SeriesKind }) kind!: SeriesKind;
  @ApiProperty({ format: 'uuid' }) chairId!: string;
  @ApiProperty({
    type: [String],
    format: 'uuid',
    description: "Invited besides the chair (and, for a chain's series, the chain's triangle of the day)",
  })
  participantIds!: string[];
  @ApiProperty({ example: 'FREQ=MONTHLY;BYDAY=1TU' }) rrule!: string;
  @ApiProperty({ format: 'date-time' }) firstStart!: Date;
  @ApiProperty({ example: 'Europe/Amsterdam' }) timeZone!: string;
  @ApiProperty({ type: 'integer', minimum: 5, maximum: 1440 }) durationMinutes!: number;
  @ApiProperty({ example: 'P3D' }) agendaLeadTime!: string;
  @ApiProperty({ type: [String], example: ['P1D', 'PT1H'] }) reminderOffsets!: string[];
  @ApiProperty({ minimum: 0, maximum: 1, description: 'At most 3 decimals' }) protectedShare!: number;
  @ApiProperty({ nullable: true, type: String }) location!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uri' }) meetingUrl!: string | null;
  @ApiProperty() skipPublicHolidays!: boolean;
  @ApiProperty() active!: boolean;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'Sessions exist up to here (a rolling horizon of twelve months)',
  })
  materialisedUntil!: Date | null;

  static from(this: void, e: ReflectionSeriesEntity): ReflectionSeriesDto {
    return {
      id: e.id,
      organisationId: e.organisationId,
      chainId: e.chainId,
      title: e.title,
      kind: e.kind,
      chairId: e.chairId,
      participantIds: (e.participants ?? []).map((p) => p.id).sort(),
      rrule: e.rrule,
      firstStart: e.firstStart,
      timeZone: e.timeZone,
      durationMinutes: e.durationMinutes,
      agendaLeadTime: e.agendaLeadTime,
      reminderOffsets: e.reminderOffsets,
      protectedShare: e.protectedShare,
      location: e.location,
      meetingUrl: e.meetingUrl,
      skipPublicHolidays: e.skipPublicHolidays,
      active: e.active,
      materialisedUntil: e.materialisedUntil,
      ...resourceStamps(e),
    };
  }
}
