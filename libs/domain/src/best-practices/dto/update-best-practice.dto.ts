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

  @ApiPropertyOptional({ maxLength: 20000 })
  @OptionalNotNull()
  @IsString()
  @MaxLength(20000)
  practice?: string;

  @ApiPropertyOptional({ maxLength: 20000 })
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
      'proposed → endorsed (leads) → adopted → retired; a proposal may be retired at once. ' +
      'Adopted comes with the first adoption (POST /v1/best-practices/{id}/adoptions: which team, when), ' +
      'not with a PATCH. A transition that is not allowed gets 409 with allowedNextStates.',
  })
  @OptionalNotNull()
  @IsEnum(BestPracticeStatus)
  status?: BestPracticeStatus;
}
