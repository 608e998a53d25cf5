import { MaxDecimalPlaces } from '../../shared/max-decimal-places.validator';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEnum,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { IsDateTime } from '../../shared/is-date-time.validator';
import { IsIsoDuration } from '../is-iso-duration.validator';
import { IsRecurrenceRule } from '../is-recurrence-rule.validator';
import { IsTimeZone } from '../is-time-zone.validator';
import { SeriesKind } from '../series-kind';
import { MeetingUrlProperty } from './meeting-url-property';
import { IsNotBlank } from '../../shared/is-not-blank.validator';
import { LEAST_AGENDA_LEAD_TIME } from '../least-agenda-lead-time';
import { offsetLength } from '../offset-length';

export class CreateReflectionSeriesDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Defaults to your own organisation' })
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    type: String,
    description:
      'The chain it reflects on; its owner hears of escalations, its triangle is invited by default. ' +
      'Required for kind chain and triangle',
  })
  @IsOptional()
  @IsUUID()
  chainId?: string | null;

  @ApiProperty({ maxLength: 300, example: 'Ketenreflectie Toeslagen' })
  @IsString()
  @IsNotBlank()
  @MaxLength(300)
  title!: string;

  @ApiProperty({ enum: SeriesKind })
  @IsEnum(SeriesKind)
  kind!: SeriesKind;

  @ApiProperty({
    format: 'uuid',
    description:
      'The person who chairs the sessions and records their outcome: a lead or admin of the organisation',
  })
  @IsUUID()
  chairId!: string;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    maxItems: 100,
    uniqueItems: true,
    description:
      "Who is invited besides the chair; a chain's series also invites the chain's triangle, as it is at each moment",
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  participantIds?: string[];

  @ApiProperty({
    maxLength: 500,
    example: 'FREQ=MONTHLY;BYDAY=1TU',
    description: 'RFC 5545 RRULE without DTSTART; at most daily; COUNT or UNTIL may end it',
  })
  @IsString()
  @MaxLength(500)
  @IsRecurrenceRule()
  rrule!: string;

  @ApiProperty({
    format: 'date-time',
    example: '2026-09-01T10:00:00+02:00',
    description:
      'The first occurrence when the rule meets then (otherwise the moment the rule counts from, not a session itself: RFC 5545 leaves such a start undefined), within five years of today, on a whole second; its wall-clock time in timeZone is kept for every session',
  })
  @IsDateTime()
  firstStart!: string;

  @ApiPropertyOptional({
    maxLength: 64,
    default: 'Europe/Amsterdam',
    description:
      "IANA time zone, stored in the tz database's spelling (europe/amsterdam becomes Europe/Amsterdam)",
  })
  @IsOptional()
  @IsTimeZone()
  timeZone?: string;

  @ApiProperty({ type: 'integer', minimum: 5, maximum: 1440, example: 90 })
  @IsInt()
  @Min(5)
  @Max(1440)
  durationMinutes!: number;

  @ApiPropertyOptional({
    maxLength: 40,
    default: 'P3D',
    description:
      'ISO 8601 duration before the start at which the agenda is compiled and sent (2 minutes to 60 days); ' +
      'a session made or moved within it has its agenda due when that happened, sent within a minute ' +
      '(at once when it begins within 2 minutes)',
  })
  @IsOptional()
  @IsIsoDuration({ least: LEAST_AGENDA_LEAD_TIME })
  agendaLeadTime?: string;

  @ApiPropertyOptional({
    type: [String],
    maxItems: 10,
    uniqueItems: true,
    default: ['P1D'],
    example: ['P1D', 'PT1H'],
    description:
      'ISO 8601 durations before the start at which reminders go out (each at most 60 days, P2M counting as 60); ' +
      'one already past when a session is planned is skipped, not sent late',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ArrayUnique(offsetLength, {
    message: 'reminderOffsets must not name one length twice (P1D and PT24H are one)',
  })
  @IsIsoDuration({ each: true })
  reminderOffsets?: string[];

  @ApiPropertyOptional({
    minimum: 0,
    maximum: 1,
    default: 0.4,
    description:
      'The part of every session reserved for themes, lessons and best practices; at most 3 decimals (0.333, not 0.3333)',
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @MaxDecimalPlaces(3)
  @Min(0)
  @Max(1)
  protectedShare?: number;

  @ApiPropertyOptional({ maxLength: 1000, nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  location?: string | null;

  @MeetingUrlProperty()
  meetingUrl?: string | null;

  @ApiPropertyOptional({
    default: true,
    description: 'Move a session on a Dutch public holiday to the next working day, same time',
  })
  @IsOptional()
  @IsBoolean()
  skipPublicHolidays?: boolean;
}
