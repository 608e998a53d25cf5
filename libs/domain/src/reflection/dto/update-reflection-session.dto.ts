import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsEnum,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
} from 'class-validator';
import { IsDateTime } from '../../shared/is-date-time.validator';
import { OptionalNotNull } from '../../shared/optional-not-null';
import { VersionDto } from '../../shared/version.dto';
import { SessionStatus } from '../session-status';
import { IsNotBlank } from '../../shared/is-not-blank.validator';

/**
 * Records what became of a session. `held` takes minutes, decisions and attendees; `postponed`
 * needs postponedTo and a reason and creates the session at the new time, where its lessons and
 * actions move; `cancelled` needs a reason and no lesson or action drawn from the session (409,
 * naming those that stay on the record and what to do instead: requireNoFollowUp);
 * `agenda-sent` compiles and sends the agenda now.
 */
export class UpdateReflectionSessionDto extends VersionDto {
  @ApiPropertyOptional({
    enum: SessionStatus,
    description:
      'planned → agenda-sent → held | postponed | cancelled (planned may skip agenda-sent). agenda-sent ' +
      'compiles and sends the agenda now (409 once the session has begun); on a session whose agenda went ' +
      'out it changes nothing: POST /v1/reflection-sessions/{id}/agenda sends a changed agenda again. ' +
      'Postponed, the lessons and actions drawn from the session move to the one that replaces it; ' +
      'cancelled is 409 while there are any (postpone instead, or delete the draft lessons and open actions; ' +
      'a validated lesson or a done or cancelled action stays on the record, so the session is postponed, or ' +
      'recorded as held once it has begun: the 409 names them). A session that went by unrecorded may still be ' +
      'recorded as cancelled (or held) after its outcome was asked for, and once it is over no cancellation ' +
      'is e-mailed for it; a recorded outcome is final (409, ' +
      'allowedNextStates empty)',
  })
  @OptionalNotNull()
  @IsEnum(SessionStatus)
  status?: SessionStatus;

  @ApiPropertyOptional({
    format: 'date-time',
    description:
      'With status postponed (required then): the new start, on a whole second, later than the session was to start, in the future and within a year; ' +
      'not while another session of the series meets (409)',
  })
  @OptionalNotNull()
  @IsDateTime()
  postponedTo?: string;

  @ApiPropertyOptional({
    maxLength: 5000,
    description: 'With status postponed or cancelled: why (required for both; 400 without it)',
  })
  @OptionalNotNull()
  @IsString()
  @IsNotBlank()
  @MaxLength(5000)
  reason?: string;

  @ApiPropertyOptional({ maxLength: 100000, nullable: true, type: String, description: 'With status held' })
  @IsOptional()
  @IsString()
  @MaxLength(100000)
  minutes?: string | null;

  @ApiPropertyOptional({
    type: [String],
    maxItems: 100,
    description: 'With status held; each at most 2000 characters',
  })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @IsNotBlank({ each: true })
  @MaxLength(2000, { each: true })
  decisions?: string[];

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    maxItems: 200,
    uniqueItems: true,
    description: 'With status held: people of the organisation who attended',
  })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(200)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  attendeeIds?: string[];
}
