import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { OptionalNotNull } from '../../shared/optional-not-null';
import { VersionDto } from '../../shared/version.dto';
import { AgendaItemStatus } from '../agenda-item-status';
import { IsNotBlank } from '../../shared/is-not-blank.validator';

export class UpdateAgendaItemDto extends VersionDto {
  @ApiPropertyOptional({ maxLength: 300 })
  @OptionalNotNull()
  @IsString()
  @IsNotBlank()
  @MaxLength(300)
  title?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 1440 })
  @OptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(1440)
  timeboxMinutes?: number;

  @ApiPropertyOptional({
    enum: [AgendaItemStatus.Proposed, AgendaItemStatus.Dropped],
    description:
      'dropped takes it off the agenda: compiling does not put its subject on that session again, nor an ' +
      'incident on any later one; proposed brings it back (409 when another item about its subject waits on ' +
      "the series' agenda meanwhile)",
  })
  @OptionalNotNull()
  @IsIn([AgendaItemStatus.Proposed, AgendaItemStatus.Dropped])
  status?: AgendaItemStatus.Proposed | AgendaItemStatus.Dropped;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'Move it to another open session of the series, or to its backlog (null)',
  })
  @IsOptional()
  @IsUUID()
  sessionId?: string | null;
}
