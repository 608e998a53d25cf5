import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { AgendaItemKind } from '../agenda-item-kind';
import { IsNotBlank } from '../../shared/is-not-blank.validator';

/** Proposes an item for a session, or for the series' backlog (the next compiled agenda). */
export class CreateAgendaItemDto {
  @ApiPropertyOptional({ format: 'uuid', description: "The series' backlog; not needed with sessionId" })
  @IsOptional()
  @IsUUID()
  seriesId?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    type: String,
    description: "A planned session (or one whose agenda was sent); null or left out: the series' backlog",
  })
  @IsOptional()
  @IsUUID()
  sessionId?: string | null;

  @ApiProperty({ enum: AgendaItemKind })
  @IsEnum(AgendaItemKind)
  kind!: AgendaItemKind;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    format: 'uuid',
    description:
      'Required for theme, incident, lesson and best-practice; an action for action-review; none for custom',
  })
  @IsOptional()
  @IsUUID()
  referenceId?: string | null;

  @ApiPropertyOptional({
    maxLength: 300,
    description: "Required for custom; defaults to the reference's title (never a confidential incident's)",
  })
  @IsOptional()
  @IsString()
  @IsNotBlank()
  @MaxLength(300)
  title?: string;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: 1440,
    default: 10,
    description:
      "At most the session's length; an item that is no theme, lesson or best practice at most the time outside the series' share kept for learning (protectedShare), the only time an agenda gives it. Left out: 10, or that time when shorter",
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1440)
  timeboxMinutes?: number;
}
