import { MaxDecimalPlaces } from '../../shared/max-decimal-places.validator';
import { ApiPropertyOptional } from '@nestjs/swagger';
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
import { OptionalNotNull } from '../../shared/optional-not-null';
import { VersionDto } from '../../shared/version.dto';
import { IsIsoDuration } from '../is-iso-duration.validator';
import { IsRecurrenceRule } from '../is-recurrence-rule.validator';
import { IsTimeZone } from '../is-time-zone.validator';
import { SeriesKind } from '../series-kind';
import { MeetingUrlProperty } from './meeting-url-property';
import { IsNotBlank } from '../../shared/is-not-blank.validator';
import { LEAST_AGENDA_LEAD_TIME } from '../least-agenda-lead-time';
import { offsetLength } from '../offset-length';

/**
 * Changing rrule, firstStart, timeZone, durationMinutes or skipPublicHolidays replaces the
 * future planned sessions; sessions with an agenda sent or an outcome are kept as they are.
 */
export class UpdateReflectionSeriesDto extends VersionDto {
  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    type: String,
    description:
      'Required (not null) for kind chain and triangle. The actions of its sessions move along, and so ' +
      'do the lessons drawn from them that were in its old chain (with their actions); a lesson put in ' +
      'another chain stays there.',
  })
  @IsOptional()
  @IsUUID()
  chainId?: string | null;

  @ApiPropertyOptional({ maxLength: 300 })
  @OptionalNotNull()
  @IsString()
  @IsNotBlank()
  @MaxLength(300)
  title?: string;

  @ApiPropertyOptional({ enum: SeriesKind })
  @OptionalNotNull()
  @IsEnum(SeriesKind)
  kind?: SeriesKind;

  @ApiPropertyOptional({ format: 'uuid' })
  @OptionalNotNull()
  @IsUUID()
  chairId?: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid', maxItems: 100, uniqueItems: true })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  participantIds?: string[];

  @ApiPropertyOptional({ maxLength: 500, example: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU' })
  @OptionalNotNull()
  @IsString()
  @MaxLength(500)
  @IsRecurrenceRule()
  rrule?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    description:
      "As on create: the first occurrence when the rule meets then, otherwise the moment the rule counts from (COUNT too); its wall-clock time is each session's",
  })
  @OptionalNotNull()
  @IsDateTime()
  firstStart?: string;

  @ApiPropertyOptional({ maxLength: 64 })
  @OptionalNotNull()
  @IsTimeZone()
  timeZone?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 5, maximum: 1440 })
  @OptionalNotNull()
  @IsInt()
  @Min(5)
  @Max(1440)
  durationMinutes?: number;

  @ApiPropertyOptional({
    maxLength: 40,
    description:
      'ISO 8601 duration, 2 minutes to 60 days. A session planned within its lead time gets its agenda ' +
      'within a minute; one that begins within 2 minutes, at once. A longer one makes the agenda of a ' +
      'session whose new time to go has passed due now, at this change, not at that time',
  })
  @OptionalNotNull()
  @IsIsoDuration({ least: LEAST_AGENDA_LEAD_TIME })
  agendaLeadTime?: string;

  @ApiPropertyOptional({
    type: [String],
    maxItems: 10,
    uniqueItems: true,
    description:
      'ISO 8601 durations before the start at which reminders go out; one length once (P1D and PT24H are one)',
  })
  @OptionalNotNull()
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
    description: 'At most 3 decimals (0.333, not 0.3333)',
  })
  @OptionalNotNull()
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

  @ApiPropertyOptional()
  @OptionalNotNull()
  @IsBoolean()
  skipPublicHolidays?: boolean;

  @ApiPropertyOptional({
    description:
      'false stops the series: its future planned sessions are removed; true plans them again, and needs a chair who is an active lead or admin (name one with chairId in the same request)',
  })
  @OptionalNotNull()
  @IsBoolean()
  active?: boolean;
}
