import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { OptionalNotNull } from '../../shared/optional-not-null';
import { VersionDto } from '../../shared/version.dto';
import { BestPracticeStatus } from '../best-practice-status';
import { IsTagList } from '../../incidents/is-tag-list.validator';
import { IsNotBlank } from '../../shared/is-not-blank.validator';

export class UpdateBestPracticeDto extends VersionDto {
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
  context?: string;

  @ApiPropertyOptional({
    maxLength: 20000,
    description:
      'Needed to endorse (visible text, not only spaces); once endorsed it cannot be emptied (400)',
  })
  @OptionalNotNull()
  @IsString()
  @MaxLength(20000)
  practice?: string;

  @ApiPropertyOptional({
    maxLength: 20000,
    description:
      'Needed to endorse (visible text, not only spaces); once endorsed it cannot be emptied (400)',
  })
  @OptionalNotNull()
  @IsString()
  @MaxLength(20000)
  evidence?: string;

  @ApiPropertyOptional({ type: [String], maxItems: 20, description: 'Replaces all tags' })
  @OptionalNotNull()
  @IsTagList()
  tags?: string[];

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    type: String,
    description:
      'Its lessons that were in its old chain (or, like it, in none) move along, with their actions; ' +
      'a lesson put in another chain stays there.',
  })
  @IsOptional()
  @IsUUID()
  chainId?: string | null;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @IsOptional()
  @IsUUID()
  teamId?: string | null;

  @ApiPropertyOptional({
    enum: BestPracticeStatus,
    description:
      'proposed → endorsed | retired; endorsed → retired; adopted → retired; retired is final. ' +
      'endorsed: leads and admins only (403 otherwise, also with a stale version); practice and evidence ' +
      'must hold visible text after the fields of the same PATCH are applied (400, invalidParams naming ' +
      'each empty one: "must be filled in before endorsing"); sets endorsedAt (now) and endorsedById ' +
      '(you). retired: a proposal by its proposer or a lead, anything else by a lead. adopted comes with ' +
      'the first adoption (POST /v1/best-practices/{id}/adoptions: which team, when), never with a ' +
      'PATCH (409 saying so). Any other change of status is 409 (invalid-transition) with ' +
      'allowedNextStates. The same status as now changes nothing.',
  })
  @OptionalNotNull()
  @IsEnum(BestPracticeStatus)
  status?: BestPracticeStatus;
}
