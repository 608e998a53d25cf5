import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { IsDateTime } from '../../shared/is-date-time.validator';
import { OptionalNotNull } from '../../shared/optional-not-null';
import { VersionDto } from '../../shared/version.dto';
import { CauseLevel } from '../cause-level';
import { Confidentiality } from '../confidentiality';
import { IncidentSource } from '../incident-source';
import { IncidentStatus } from '../incident-status';
import { IsTagList } from '../is-tag-list.validator';
import { PublicAttention } from '../public-attention';
import { Severity } from '../severity';
import { IsNotBlank } from '../../shared/is-not-blank.validator';

export class UpdateIncidentDto extends VersionDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'A chain of your organisation. The move takes along, in the same change: the actions of the ' +
      'incident, and its lessons that were in its old chain (the chain they defaulted to, or set to ' +
      'the same) with their actions; a lesson put in another chain stays there. Each lesson and action ' +
      'moved gets a new version and an audit event of its own. Who may see the lessons and actions of ' +
      'a confidential incident is decided by the incident (so by the triangle of its new chain), whatever ' +
      'chain they are in. The chain of a confidential incident is changed only by its reporter or a ' +
      'lead (403 otherwise).',
  })
  @OptionalNotNull()
  @IsUUID()
  chainId?: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @IsOptional()
  @IsUUID()
  teamId?: string | null;

  @ApiPropertyOptional({ maxLength: 300 })
  @OptionalNotNull()
  @IsString()
  @IsNotBlank()
  @MaxLength(300)
  title?: string;

  @ApiPropertyOptional({ maxLength: 20000 })
  @OptionalNotNull()
  @IsString()
  @MaxLength(20000)
  description?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    description:
      'Not after its report (reportedAt; up to five minutes after it is taken as reportedAt), nor before 1900',
  })
  @OptionalNotNull()
  @IsDateTime()
  occurredAt?: string;

  @ApiPropertyOptional({ enum: Severity })
  @OptionalNotNull()
  @IsEnum(Severity)
  severity?: Severity;

  @ApiPropertyOptional({ enum: PublicAttention })
  @OptionalNotNull()
  @IsEnum(PublicAttention)
  publicAttention?: PublicAttention;

  @ApiPropertyOptional({ enum: IncidentSource })
  @OptionalNotNull()
  @IsEnum(IncidentSource)
  source?: IncidentSource;

  @ApiPropertyOptional({ enum: CauseLevel, nullable: true })
  @IsOptional()
  @IsEnum(CauseLevel)
  causeLevel?: CauseLevel | null;

  @ApiPropertyOptional({ type: [String], maxItems: 20, description: 'Replaces all tags' })
  @OptionalNotNull()
  @IsTagList()
  tags?: string[];

  @ApiPropertyOptional({
    enum: Confidentiality,
    description:
      'Changed only by the reporter or a lead (403 otherwise), as is the chain of a confidential incident',
  })
  @OptionalNotNull()
  @IsEnum(Confidentiality)
  confidentiality?: Confidentiality;

  @ApiPropertyOptional({
    enum: IncidentStatus,
    description:
      'reported → analysing → lessons-drawn (needs at least one lesson) → closed; closed → analysing reopens',
  })
  @OptionalNotNull()
  @IsEnum(IncidentStatus)
  status?: IncidentStatus;
}
